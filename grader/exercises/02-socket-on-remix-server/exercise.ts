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
      title: 'close() closes every /ws client with 1001, and resolves only once each has answered and Vite and the HTTP server are closed' },
    { id: 'close-stops-listening', file: 'development.test.ts', stage: 'close', points: 1,
      title: 'when close() resolves, nothing listens on the port any more: a new connection is refused' },
    {
      id: 'prod-close',
      file: 'production.test.ts',
      stage: 'close',
      points: 1,
      title: 'in production too (no Vite to close), close() closes /ws clients with 1001, and resolves only once each has answered and the port is free',
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
      question: "In development, what happens if our 'upgrade' handler answers every path other than /ws with refuse(socket, 404)?",
      options: {
        A: "Nothing changes: Vite's listener answered first, so our 404 never reaches the browser",
        B: "Vite's HMR socket breaks, and the page stops getting hot updates after each edit",
        C: 'The page request GET / fails too, because it shares one port with the upgrades',
        D: "Only Vite's first handshake fails: its client tries again, and then it connects",
      },
      why: {
        A: "Node calls every 'upgrade' listener with the same socket, so our 404 and the end of the socket reach the browser even when Vite answered first.",
        B: "Vite's HMR request passes through our listener too, and answering it breaks that socket ('[vite] server connection lost').",
        C: 'GET / is a plain HTTP request, not an upgrade: Express and the Remix handler still serve it, and only the HMR socket suffers.',
        D: 'Every new try is an upgrade request for / as well, and our handler refuses each one the same way, so Vite never gets its socket back.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q2', stage: 'connect', points: 1,
      question: "Why does server.ts make its WebSocketServer with noServer: true and its own 'upgrade' handler, not with { server: httpServer, path: '/ws' }?",
      options: {
        A: 'With server set, ws listens on a port of its own, so /ws needs a second URL',
        B: 'With server set, ws takes plain GET requests too, and the Remix page stops loading',
        C: "With server set, each /ws socket fires 'connection' twice and gets two welcomes",
        D: "With server set, ws answers every other upgrade path with 400, Vite's HMR one too",
      },
      why: {
        A: 'With server set, ws shares that HTTP server and its port; it opens a port of its own only when given the port option.',
        B: "ws listens only for that server's 'upgrade' events; plain requests still go to Express and the Remix handler.",
        C: "ws emits 'connection' once per handshake; a doubled handleUpgrade comes from listeners that reloaded route modules add again (Key Moment 3), not from this option.",
        D: "ws's own 'upgrade' listener aborts every handshake whose path is not /ws with 400 Bad Request, so Vite's HMR socket fails.",
      },
      answeredIn: 'Key Moment 2',
    },
    {
      id: 'q3', stage: 'close', points: 1,
      question: 'What happens if close() leaves out the loop that closes each client with 1001 and calls wss.close() straight away?',
      options: {
        A: 'close() never resolves: wss.close() and httpServer.close() wait for open sockets',
        B: 'wss.close() sends every client 1001 by itself, so only the reason text changes',
        C: 'httpServer.close() terminates the upgraded sockets, and the clients see 1006',
        D: 'vite.close() drops the /ws sockets along with its own, and the clients see 1006',
      },
      why: {
        A: 'since ws 8 wss.close() leaves open clients alone and waits for them, and httpServer.close() waits for upgraded sockets too, so close() hangs.',
        B: 'In ws 8 wss.close() sends no close frame at all: without the loop the clients hear nothing and stay open.',
        C: 'httpServer.close() ends no upgraded socket; it waits for each one to close, so the clients stay open and close() waits with them.',
        D: "vite.close() drops only Vite's own HMR sockets; the /ws clients belong to wss and stay open.",
      },
      answeredIn: 'Key Moment 4',
    },
  ],
};
