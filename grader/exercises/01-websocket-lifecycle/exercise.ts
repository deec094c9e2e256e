import { STAGES } from '../../engine/stages';
import type { ExerciseSpec } from '../../manifest/types';

export const websocketLifecycle: ExerciseSpec = {
  id: '01',
  slug: '01-websocket-lifecycle',
  title: 'The WebSocket lifecycle',
  lesson: 'lessons/01-websocket-lifecycle.md',
  files: ['server.ts', 'client.ts'],
  // Lesson 01 touches the whole lifecycle, lightly.
  weightedStages: [...STAGES],
  tests: [
    { id: 'server-listens', file: 'server.test.ts', stage: 'connect', points: 2,
      title: "startGreetingServer(0) resolves once it listens on 127.0.0.1, with the port the OS gave it" },
    { id: 'server-accepts', file: 'server.test.ts', stage: 'open', points: 2,
      title: 'a client connecting to the server completes the handshake and is OPEN' },
    { id: 'server-reads-text', file: 'server.test.ts', stage: 'server-receive', points: 2,
      title: "after a client sends 'Hello Server', server.lastReceived is that text, as a string" },
    { id: 'server-decides-reply', file: 'server.test.ts', stage: 'server-process', points: 2,
      title: "the server answers 'Hello Server' with 'Hello Client' and anything else with 'Unknown message'" },
    { id: 'server-replies-to-sender', file: 'server.test.ts', stage: 'server-send', points: 2,
      title: "the reply is a text frame sent to the client that spoke, and to no other client" },
    { id: 'server-stays-open', file: 'server.test.ts', stage: 'keep-alive', points: 2,
      title: 'after replying, the connection stays open and a second greeting is answered too' },
    { id: 'server-close-going-away', file: 'server.test.ts', stage: 'close', points: 2,
      title: 'server.close() closes every client with 1001 and stops accepting connections' },
    { id: 'server-rejects-taken-port', file: 'server.test.ts', stage: 'connect', points: 1,
      title: "startGreetingServer(port) rejects when the port is taken, instead of crashing or hanging" },
    { id: 'server-survives-bad-frame', file: 'server.test.ts', stage: 'open', points: 1,
      title: "every socket has an 'error' listener: a client sending a broken frame does not crash the server" },
    { id: 'lifecycle-end-to-end', file: 'lifecycle.test.ts', stage: 'close', points: 2,
      title: "greet() against startGreetingServer(): 'Hello Client' comes back and the client closes with 1000, both sides CLOSED" },
    { id: 'client-connects-to-url', file: 'client.test.ts', stage: 'connect', points: 2,
      title: 'greet(url) connects to exactly the URL it is given, path and query included' },
    { id: 'client-rejects-refused', file: 'client.test.ts', stage: 'connect', points: 1,
      title: 'greet() rejects, instead of hanging, when the server refuses the handshake' },
    { id: 'client-waits-for-open', file: 'client.test.ts', stage: 'open', points: 1,
      title: 'greet() waits for the open event, even when the server takes a while to accept' },
    { id: 'client-sends-greeting', file: 'client.test.ts', stage: 'client-send', points: 2,
      title: "once open, the client sends 'Hello Server' once, as a text frame" },
    { id: 'client-resolves-reply', file: 'client.test.ts', stage: 'client-receive', points: 2,
      title: "greet() resolves with the first text the server replied, whatever it is" },
    { id: 'client-closes-normally', file: 'client.test.ts', stage: 'close', points: 2,
      title: 'after the reply the client closes with 1000, and greet() resolves once the socket is CLOSED' },
    { id: 'client-rejects-without-reply', file: 'client.test.ts', stage: 'close', points: 1,
      title: 'greet() rejects when the server closes the connection without replying' },
  ],
  hints: [
    "Start with the server: `new WebSocketServer({ host: '127.0.0.1', port })` from 'ws', and wait for its " +
      "'listening' event before resolving. With port 0 the OS chooses; `wss.address().port` tells you which.",
    "In ws 8 a 'message' handler receives a Buffer. Call `data.toString()` before comparing it with 'Hello Server', " +
      'and send a string back (`socket.send(reply)`) so it goes out as a text frame.',
    "On the client, nothing may be sent before 'open'. Close with `socket.close(1000)` after the first message, and " +
      "resolve only in the 'close' handler: that is when the close handshake is over.",
    'For server.close(): ws 8 no longer closes open connections for you. Loop over `wss.clients`, call ' +
      '`client.close(1001)`, then `wss.close(callback)`.',
  ],
  quiz: [
    {
      id: 'q1', stage: 'client-send', points: 1,
      question: "In the Execution Table, what is the client's readyState right after step 3, when it sends 'Hello Server'?",
      options: { A: 'CONNECTING', B: 'OPEN', C: 'CLOSING', D: 'CLOSED' },
      answer: 'B',
    },
    {
      id: 'q2', stage: 'server-receive', points: 1,
      question: "The server's 'message' handler receives 'Hello Server'. In ws 8, what type is the `data` argument?",
      options: { A: 'string', B: 'Buffer', C: 'Blob', D: 'a parsed JSON object' },
      answer: 'B',
    },
    {
      id: 'q3', stage: 'close', points: 1,
      question: 'The server shuts down while a client is connected. Which close code does our server.close() send?',
      options: { A: '1000 Normal Closure', B: '1001 Going Away', C: '1006 Abnormal Closure', D: '1009 Message Too Big' },
      answer: 'B',
    },
  ],
};
