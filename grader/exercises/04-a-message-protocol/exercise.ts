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
      question: 'What happens if send() calls socket.send(encode(message)) at once while the socket is still CONNECTING?',
      options: {
        A: "It throws an InvalidStateError, and the user's message is lost for good",
        B: 'The browser holds the frame and sends it once the handshake has finished',
        C: 'The frame goes out anyway, and the server answers it with code bad-json',
        D: 'Nothing is sent, and send() returns false so that the hook can retry later',
      },
      why: {
        A: "a browser's WebSocket refuses send() before 'open' with an InvalidStateError, and a frame that was never queued is gone.",
        B: "The browser keeps no queue for a CONNECTING socket, it throws: that is why the hook keeps its own outbox and flushes it on 'open'.",
        C: 'Nothing goes out, since send() throws before any frame is written; and encode() gives valid JSON, which would not be bad-json anyway.',
        D: 'WebSocket.send() returns nothing; before the socket is open it throws an InvalidStateError, so there is no false to retry on.',
      },
      answeredIn: 'Key Moment 5',
    },
    {
      id: 'q2', stage: 'server-receive', points: 1,
      question: "What happens if the server's 'message' handler calls JSON.parse(data.toString()) with no try/catch, and a client sends the text hello?",
      options: {
        A: "ws catches the exception and closes only that client's socket with 1011",
        B: 'The exception is uncaught, so the Node process ends, with every connection',
        C: 'ws turns the exception into an error frame with code bad-json for the sender',
        D: 'The frame is dropped quietly, and that connection stays open for the next one',
      },
      why: {
        A: "ws does not catch what your 'message' listener throws: nothing is closed with 1011, and the exception escapes to Node.",
        B: "a throw in a ws 'message' handler is an uncaught exception, which ends the process and every client's connection, not only the sender's.",
        C: "ws knows nothing of the course's error frames; only the try/catch in parseClientMessage() turns text that is not JSON into a bad-json answer.",
        D: 'Nothing drops the frame quietly: the SyntaxError from JSON.parse is thrown out of the handler, and it ends the server.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q3', stage: 'client-receive', points: 1,
      question: 'In the Execution Table, step 7, why does a frame that is not JSON change nothing on page A except the ignored count?',
      options: {
        A: 'The browser discards a text frame that is not JSON before any listener can run',
        B: "React's error boundary catches the listener's throw and keeps the old state",
        C: 'parseServerMessage() catches the failed JSON.parse and returns null, which is counted',
        D: 'Text that is not JSON arrives as a Blob, and receive() counts each Blob it gets as ignored',
      },
      why: {
        A: "The browser hands every text frame to 'message' as a string and knows nothing of JSON, so receive() does see this frame.",
        B: "Error boundaries catch errors thrown while React renders, not in a socket's event listener; and here nothing throws at all.",
        C: 'parseServerMessage() wraps JSON.parse in try/catch and returns null, and receive() then only adds one to ignored.',
        D: 'A text frame always arrives as a string, whatever it holds; only a binary frame arrives as a Blob.',
      },
      answeredIn: 'the Execution Table, step 7',
    },
  ],
};
