import type { ExerciseSpec } from '../../manifest/types';

export const aMessageProtocol: ExerciseSpec = {
  id: '04',
  slug: '04-a-message-protocol',
  title: 'A message protocol',
  lesson: 'lessons/04-a-message-protocol.md',
  continues: '03',
  files: ['app/lib/protocol.ts', 'app/lib/socket-server.ts', 'app/hooks/useWebSocket.ts'],
  // server.ts changed from lesson 03 only to hand every connection to serveChat(); the route now lists messages and has a form.
  givenChanges: ['server.ts', 'app/routes/_index.tsx'],
  weightedStages: ['client-send', 'server-receive', 'client-receive'],
  tests: [
    { id: 'server-welcome', file: 'server.test.ts', stage: 'open', points: 1,
      title: "each connection is welcomed with one text frame {type:'welcome', userId}, with a different userId for each" },
    { id: 'parse-client-message', file: 'protocol.test.ts', stage: 'server-receive', points: 2,
      title: "parseClientMessage() gives { ok: true, message } for a valid chat (text trimmed) and { ok: false, error } with code 'bad-json', 'unknown-type' (a missing type too) or 'bad-message' for the rest, never throwing; a frame of exactly 4096 bytes of UTF-8 is still read and one byte more is 'too-big', however few characters it holds; encode() gives JSON text" },
    { id: 'server-bad-json', file: 'server.test.ts', stage: 'server-receive', points: 2,
      title: "text that is not JSON is answered with an error frame, code 'bad-json', to the sender alone; the connection stays open and keeps answering" },
    { id: 'server-unknown-type', file: 'server.test.ts', stage: 'server-receive', points: 2,
      title: "a JSON object whose type is not a client message type is answered with an error frame, code 'unknown-type'; the connection stays open" },
    { id: 'server-invalid-chat', file: 'server.test.ts', stage: 'server-receive', points: 2,
      title: "a chat without text, with text that is not a string, blank, or over 500 characters is answered with an error frame, code 'bad-message'; the connection stays open" },
    { id: 'server-too-big-or-not-object', file: 'server.test.ts', stage: 'server-receive', points: 1,
      title: "a frame over 4096 bytes of UTF-8 (not characters: '€' is three bytes) is answered with code 'too-big', and JSON that is not an object (null, 42, [], a string) with 'bad-message'; the connection stays open" },
    { id: 'server-binary-frame', file: 'server.test.ts', stage: 'server-receive', points: 1,
      title: "a binary frame is answered with an error frame, code 'bad-message'; the connection stays open" },
    { id: 'server-broadcast', file: 'server.test.ts', stage: 'server-send', points: 2,
      title: "a valid chat reaches every client, the sender too, as one text frame {type:'chat', id, from: the sender's userId, text (trimmed), at}, even after bad input" },
    { id: 'send-json-text', file: 'client.test.ts', stage: 'client-send', points: 2,
      title: "once open, send({ type: 'chat', text }) sends one frame, a string: the message as JSON text" },
    { id: 'send-queued-until-open', file: 'client.test.ts', stage: 'client-send', points: 3,
      title: "sends made before the socket is OPEN, even from a child's effect before the socket exists, do not throw and are not lost: they go out once it opens, in order, each once" },
    { id: 'receive-chat-messages', file: 'client.test.ts', stage: 'client-receive', points: 2,
      title: "the chat frames the server sends appear in messages, in order, as ChatMessage objects; the welcome sets userId and is not a chat message; lastMessage is the last ServerMessage, parsed" },
    { id: 'receive-ignores-invalid', file: 'client.test.ts', stage: 'client-receive', points: 3,
      title: 'frames that are not ServerMessages (not JSON, unknown type, missing fields, binary) are ignored and counted in ignored: nothing throws, the component stays mounted, the next valid chat still appears' },
  ],
  hints: [
    "Start in app/lib/protocol.ts. ClientMessage is built like ServerMessage: z.discriminatedUnion('type', [z.object({ type: " +
      "z.literal('chat'), text: z.string().trim().min(1).max(MAX_CHAT_LENGTH) })]). In parseClientMessage(), put JSON.parse in " +
      "try/catch, and check the type against CLIENT_MESSAGE_TYPES before ClientMessage.safeParse(), so an unknown type is " +
      "'unknown-type' and not 'bad-message'.",
    'In app/lib/socket-server.ts: `const result = isBinary ? BINARY_FRAME : parseClientMessage(data.toString())`. When ' +
      '`!result.ok`, `send(ws, result.error)` and return; never close the socket for a bad message. A valid chat goes to ' +
      "`broadcast(wss, { type: 'chat', id: randomUUID(), from: userId, text: result.message.text, at: Date.now() })`.",
    'In the hook, send() always queues: `outbox.current.push(encode(message))`, then, if `socketRef.current?.readyState === ' +
      "WebSocket.OPEN`, sends everything in the outbox. The 'open' listener, flush(), sends `outbox.current.splice(0)` in order. " +
      'socket.send() while CONNECTING throws, and a frame that was not queued is gone.',
    'parseServerMessage(): `try { data = JSON.parse(raw) } catch { return null }`, then `ServerMessage.safeParse(data)`. In ' +
      "the hook's receive(), null means setIgnored((n) => n + 1) and return; a chat is `setMessages((list) => [...list, " +
      'message])`: the updater form, so two messages in one tick both land.',
  ],
  quiz: [
    {
      id: 'q1', stage: 'client-send', points: 1,
      question: "The page calls send({ type: 'chat', text: 'hi' }) while its socket is still CONNECTING. What does our hook do?",
      options: {
        A: 'It calls socket.send() at once, which throws, and the message is lost',
        B: "It queues the JSON text and sends it when 'open' fires, before anything sent later",
        C: 'Nothing: the browser keeps the message until the socket opens',
        D: 'It sends the object itself, and the server parses it',
      },
      answer: 'B',
    },
    {
      id: 'q2', stage: 'server-receive', points: 1,
      question: 'A client sends the text {"type":"chat","text":"   "}. In the Execution Table, what does the server do?',
      options: {
        A: 'It broadcasts a chat with an empty text',
        B: 'Its message handler throws, and the connection drops with 1006',
        C: 'It answers that client alone with an error frame, code bad-message, and keeps the connection open',
        D: 'It closes the connection with 1008 Policy Violation',
      },
      answer: 'C',
    },
    {
      id: 'q3', stage: 'client-receive', points: 1,
      question: 'A frame reaches the page that is not valid JSON. What does the hook do with it?',
      options: {
        A: 'JSON.parse throws in the message handler and the component unmounts',
        B: 'It closes the socket with 1003 Unsupported Data',
        C: 'It adds the text to messages as it is',
        D: 'It counts it in ignored and changes nothing else',
      },
      answer: 'D',
    },
  ],
};
