/**
 * Lesson 04's graded tests are fair and strong: a correct file written
 * differently from the reference solution scores 100%, and each plausible
 * mistake a Key Moment warns about fails exactly the tests that name it, in the
 * stage it belongs to, as plain failures. Each alternative stands in for one
 * learner file of a copy of the solution: a whole file of
 * this folder, or one edit of the solution's own.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

const GRADE_MS = 60_000;
const HOOK = 'app/hooks/useWebSocket.ts';
const SERVER = 'app/lib/socket-server.ts';
const PROTOCOL = 'app/lib/protocol.ts';

const alternatives: readonly Alternative[] = [
  { source: { file: 'app/lib/correct-chat-room.ts' }, replaces: SERVER, fails: {} },
  { source: { file: 'app/hooks/correct-reducer.ts' }, replaces: HOOK, fails: {} },
  // Listeners added with { signal } and { once: true }: what a browser's WebSocket (and jsdom's, on the page) honours.
  { source: { file: 'app/hooks/correct-abort-signal.ts' }, replaces: HOOK, fails: {} },
  {
    source: { file: 'app/lib/wrong-trusts-input.ts' },
    replaces: SERVER,
    stage: 'server-receive',
    fails: {
      'server-bad-json': /the server threw SyntaxError.*after client A sent 'this is not JSON'.*must never throw/,
      'server-unknown-type': /after client A sent '\{"type":"dance","moves":3\}', the server answered '\{"type":"chat".*expected an error frame/,
      'server-invalid-chat': /after client A sent '\{"type":"chat"\}', the server answered '\{"type":"chat".*expected an error frame/,
      'server-binary-frame': /after client A sent a binary frame.*expected an error frame/,
      'server-too-big-or-not-object': /after client A sent a chat frame of \d+ bytes \(\d+ characters\), the server answered '\{"type":"chat".*expected an error frame/,
      'server-broadcast': /the server threw SyntaxError.*after client A sent 'not JSON at all'/,
    },
  },
  {
    source: { file: 'app/lib/wrong-closes-on-bad-message.ts' },
    replaces: SERVER,
    stage: 'server-receive',
    fails: {
      'server-bad-json': /the server closed client A's connection/,
      'server-unknown-type': /the server closed client A's connection/,
      'server-invalid-chat': /the server closed client A's connection/,
      'server-binary-frame': /the server closed client A's connection/,
      'server-too-big-or-not-object': /the server closed client A's connection/,
      'server-broadcast': /the server closed client A's connection/,
    },
  },
  {
    // Key Moment: the size limit counts bytes. A string's length counts UTF-16 units: '€' is one unit and three bytes.
    source: {
      name: "the frame's size measured as raw.length",
      edit: (protocol) => replaceOnce(protocol, 'utf8.encode(raw).byteLength > MAX_FRAME_BYTES', 'raw.length > MAX_FRAME_BYTES'),
    },
    replaces: PROTOCOL,
    stage: 'server-receive',
    fails: {
      'parse-client-message': /for a frame of 4097 bytes \(3297 characters\), expected the error code 'too-big': count the frame's bytes of UTF-8/,
      'server-too-big-or-not-object': /after client A sent a chat frame of 4225 bytes \(1425 characters\), the error frame's code was 'bad-message', expected 'too-big'/,
    },
  },
  {
    // Key Moment: a WebSocket sends strings. This queues and sends the object; a browser would send "[object Object]".
    source: {
      name: 'send() queueing the object, not its JSON text',
      edit: (hook) => replaceOnce(hook, 'outbox.current.push(encode(message));', 'outbox.current.push(message as unknown as string);'),
    },
    replaces: HOOK,
    stage: 'client-send',
    fails: {
      'send-json-text': /the hook sent '\[object Object\]', which is what socket\.send\(\) makes of an object/,
      'send-queued-until-open': /the hook sent '\[object Object\]', which is what socket\.send\(\) makes of an object/,
    },
  },
  {
    // Key Moment: nothing may be sent before 'open'. This sends only when OPEN and quietly drops the rest.
    source: {
      name: 'send() dropping what comes before open',
      edit: (hook) =>
        replaceOnce(
          hook,
          `    outbox.current.push(encode(message));
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) {
      for (const frame of outbox.current.splice(0)) socket.send(frame);
    }`,
          `    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(encode(message));`,
        ),
    },
    replaces: HOOK,
    stage: 'client-send',
    fails: { 'send-queued-until-open': /sent before the socket opened .* 0 reached the server: queue/ },
  },
  {
    // Lesson 03's hook kept the raw text in lastMessage; since 04 it is the parsed ServerMessage.
    source: {
      name: "lastMessage kept as lesson 03's raw text",
      edit: (hook) => replaceOnce(hook, '      setLastMessage(message);', '      setLastMessage(event.data as ServerMessage);'),
    },
    replaces: HOOK,
    stage: 'client-receive',
    fails: { 'receive-chat-messages': /lastMessage is '.*', expected the last ServerMessage, parsed/ },
  },
  {
    // Key Moment: the server's frames are untrusted too. This believes a bare JSON.parse, which throws on text that is not JSON.
    source: {
      name: 'frames parsed with a bare JSON.parse',
      edit: (hook) =>
        replaceOnce(
          hook,
          `      const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
      if (message === null) {`,
          `      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (!message) {`,
        ),
    },
    replaces: HOOK,
    stage: 'client-receive',
    fails: { 'receive-ignores-invalid': /the page's code threw SyntaxError: .* after the server sent 'this is not JSON'/ },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
