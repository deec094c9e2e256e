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
      question: "Why does greet() send 'Hello Server' from the 'open' handler and not right after new WebSocket(url)?",
      options: {
        A: 'ws queues an early send, but drops the queued frame when the handshake is slow',
        B: 'An early send would leave as a binary frame, since the socket has no text mode yet',
        C: 'The constructor returns while the socket is CONNECTING, and send() throws then',
        D: 'ws would put an early frame inside the HTTP upgrade request, which the server refuses',
      },
      why: {
        A: "ws keeps no queue for a CONNECTING socket: send() throws 'WebSocket is not open: readyState 0 (CONNECTING)', so nothing is queued, and nothing is dropped later.",
        B: 'A string passed to send() always leaves as a text frame; the trouble with sending early is that send() throws while the socket is CONNECTING.',
        C: "new WebSocket(url) returns before the handshake, with readyState CONNECTING, and send() throws until 'open' has fired.",
        D: 'No frame ever travels inside the HTTP upgrade request; ws throws on the early send() instead, because the socket is still CONNECTING.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q2', stage: 'server-receive', points: 1,
      question: 'Why does onMessage() call data.toString() before it compares the text with GREETING?',
      options: {
        A: 'In ws 8, data is a Buffer even for a text frame, and a Buffer never equals a string',
        B: 'In ws 8, data is a Blob, as in a browser, and toString() reads out the text it holds',
        C: 'In ws 8, data is already a string, but toString() strips the trailing newline',
        D: 'In ws 8, data is the parsed JSON of the frame, and toString() turns it back into text',
      },
      why: {
        A: "ws 8 hands a 'message' handler RawData, by default a Buffer even for a text frame, and a Buffer is never === to a string.",
        B: "A browser's WebSocket may give a Blob, but ws 8 gives a Buffer by default (binaryType 'nodebuffer'), and a Blob's toString() would only give '[object Blob]'.",
        C: 'ws 7 passed text frames as strings, but ws 8 passes a Buffer; and nothing needs stripping, since the client sends no newline.',
        D: 'ws never parses JSON for you: data is the raw payload as a Buffer, and in this lesson the payload is plain text, not JSON.',
      },
      answeredIn: 'Key Moment 2',
    },
    {
      id: 'q3', stage: 'close', points: 1,
      question: 'What happens if server.close() only calls wss.close() while a client is still connected?',
      options: {
        A: 'ws terminates the client at once, and the client sees 1006 with no reason given',
        B: 'ws closes the client with 1001 by itself, so the loop over wss.clients is optional',
        C: 'wss.close() throws an error, because a server that has clients cannot be closed',
        D: 'The server stops accepting, but close() never resolves while that client stays',
      },
      why: {
        A: 'ws 7 did terminate clients like that, but since ws 8 wss.close() leaves open connections alone, so nothing at all reaches the client.',
        B: 'In ws 8 wss.close() sends no close frame; the 1001 a client sees comes only from our loop over wss.clients.',
        C: 'wss.close() does not throw: it stops accepting connections, and its callback runs only once the open ones are gone.',
        D: 'since ws 8 wss.close() leaves the open socket alone and its callback waits for it, so the promise from close() never settles.',
      },
      answeredIn: 'Key Moment 3',
    },
  ],
};
