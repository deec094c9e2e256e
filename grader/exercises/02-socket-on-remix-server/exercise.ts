import type { ExerciseSpec } from '../../manifest/types';

export const socketOnRemixServer: ExerciseSpec = {
  id: '02',
  slug: '02-socket-on-remix-server',
  title: 'A socket on the Remix server',
  lesson: 'lessons/02-socket-on-remix-server.md',
  files: ['server.ts'],
  weightedStages: ['connect', 'open', 'close'],
  // Each test starts a real Vite dev server or a production build; the first also waits for that build.
  timeLimitMs: 20_000,
  tests: [
    { id: 'dev-serves-page', file: 'development.test.ts', stage: 'connect', points: 1,
      title: "in development, GET / answers 200 with the Remix page and its 'Real-time Remix chat' heading" },
    { id: 'dev-leaves-hmr-alone', file: 'development.test.ts', stage: 'connect', points: 2,
      title: "in development, Vite's HMR socket still connects on the same port and stays open: upgrades for other paths are left to Vite" },
    { id: 'ws-welcome', file: 'development.test.ts', stage: 'open', points: 3,
      title: 'a client connecting to /ws completes the handshake and receives one text frame, {"type":"welcome"}' },
    { id: 'ws-error-listener', file: 'development.test.ts', stage: 'open', points: 1,
      title: "every /ws socket has an 'error' listener: a client sending a broken frame does not bring the server down" },
    { id: 'close-going-away', file: 'development.test.ts', stage: 'close', points: 3,
      title: 'close() closes every /ws client with 1001, then resolves once Vite and the HTTP server are closed' },
    { id: 'close-stops-listening', file: 'development.test.ts', stage: 'close', points: 1,
      title: 'after close() resolves, nothing listens on the port any more: a new connection is refused' },
    {
      id: 'prod-close',
      file: 'production.test.ts',
      stage: 'close',
      points: 1,
      title: 'in production too (no Vite to close), close() closes /ws clients with 1001 and resolves',
    },
    { id: 'prod-serves-page', file: 'production.test.ts', stage: 'connect', points: 1,
      title: 'in production, GET / answers with the page from the build, and its browser script is served from build/client' },
    { id: 'prod-refuses-other-paths', file: 'production.test.ts', stage: 'connect', points: 3,
      title: 'in production, a WebSocket upgrade to any path but /ws is refused with an HTTP error, and /ws (query string or not) is still accepted' },
  ],
  hints: [
    "Everything happens in one listener: httpServer.on('upgrade', (request, socket, head) => …). Read the path with " +
      "`new URL(request.url ?? '/', 'http://localhost').pathname` and compare it with '/ws'; a query string after /ws is fine.",
    "For /ws, call `wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))`. In the " +
      "'connection' handler, add `ws.on('error', …)` first, then `ws.send(JSON.stringify({ type: 'welcome' }))`.",
    "For any other path, look at `mode`. In development, just `return`: Vite registered its own 'upgrade' listener for its " +
      "HMR socket, and destroying the request kills it. In production nobody else is listening, so `refuse(socket, 404)`.",
    'close(): `for (const client of wss.clients) client.close(1001, …)`, then `wss.close(callback)`, then ' +
      '`await vite?.close()` (Vite holds its HMR sockets open), and last `httpServer.close(callback)`, resolving in its callback.',
  ],
  quiz: [
    {
      id: 'q1', stage: 'connect', points: 1,
      question: 'In development, an upgrade request for / arrives with the subprotocol vite-hmr. What should our upgrade handler do with it?',
      options: {
        A: 'Pass it to wss.handleUpgrade like /ws',
        B: "Nothing at all: return, and let Vite's own upgrade listener answer it",
        C: 'Write an HTTP 404 and destroy the socket',
        D: 'Close it with code 1001',
      },
      answer: 'B',
    },
    {
      id: 'q2', stage: 'open', points: 1,
      question: 'Why is the WebSocketServer created in server.ts rather than in a route module?',
      options: {
        A: 'Route modules cannot import ws',
        B: 'A route module runs only in the browser',
        C: 'Vite reloads route modules on every edit, so each reload would add another upgrade listener and a second handleUpgrade on the same socket',
        D: 'WebSocketServer needs a port of its own, which only server.ts has',
      },
      answer: 'C',
    },
    {
      id: 'q3', stage: 'close', points: 1,
      question: "In the Execution Table, the server shuts down while the chat page's /ws socket is open. What does that client receive?",
      options: {
        A: 'A close frame with 1000 Normal Closure',
        B: 'No close frame: the connection just drops, and the client reports 1006',
        C: 'An HTTP 404 response',
        D: 'A close frame with 1001 Going Away',
      },
      answer: 'D',
    },
  ],
};
