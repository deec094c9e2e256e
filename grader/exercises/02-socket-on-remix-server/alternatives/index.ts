/**
 * Lesson 02's graded tests are fair and strong: a correct server.ts written
 * differently from the reference solution scores 100%, and each plausible
 * mistake the lesson warns about fails exactly the tests of the stage that
 * name it, as plain failures. Code written differently throughout is a whole
 * file in this folder; a mistake that is one change is an edit of the solution.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

/** Grading lesson 02 starts Vite several times, each subject loads Vite first, and the app is built once. */
const GRADE_MS = 150_000;
const SERVER = 'server.ts';
const RETURNED = 'return { port: actualPort, url: `http://${host}:${actualPort}`, wss, close };';
const GOING_AWAY = "    for (const client of wss.clients) client.close(1001, 'Server shutting down');\n";
const WSS_CLOSED = '    await new Promise<void>((resolve) => wss.close(() => resolve()));\n';
const REST_CLOSED = `    await vite?.close();
    await new Promise<void>((resolve, reject) => {
      httpServer.close((error) => (error ? reject(error) : resolve()));
    });
`;

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-class.ts' }, replaces: SERVER, fails: {} },
  {
    source: { file: 'wrong-server-path.ts' }, replaces: SERVER,
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR client .* could not connect: the handshake was answered with HTTP 400/ },
  },
  {
    // Key Moment: Vite's HMR request arrives on the same 'upgrade' event. This refuses every other path in development too.
    source: { name: 'every upgrade but /ws refused, in development too', edit: (server) => replaceOnce(server, "if (mode === 'production') refuse(socket, 404);", 'refuse(socket, 404);') },
    replaces: SERVER,
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR (client|socket).*in development/ },
  },
  {
    // Key Moment: since ws 8, wss.close() stops new connections and leaves open ones alone, so no client hears 1001.
    source: { name: 'close() relying on wss.close()', edit: (server) => replaceOnce(server, `${GOING_AWAY}${WSS_CLOSED}`, '    wss.close();\n') },
    replaces: SERVER,
    stage: 'close',
    fails: {
      'close-going-away': /did not close the connected \/ws clients? within 2000 ms: .*1001/,
      'prod-close': /did not close the connected \/ws client within 2000 ms/,
    },
  },
  {
    // Starts every close (1001 to each client, wss, Vite, the HTTP server) and resolves at once, awaiting none of them.
    source: {
      name: 'close() that awaits none of its closes',
      edit: (server) => replaceOnce(server, `${WSS_CLOSED}${REST_CLOSED}`, '    wss.close();\n    void vite?.close();\n    httpServer.close();\n'),
    },
    replaces: SERVER,
    stage: 'close',
    fails: {
      'close-going-away': /^when close\(\) resolved, a \/ws client's connection was still open \(sent 1001, it had not answered yet\).*close\(\) did not wait for its callback.*Await each close before resolving$/,
      'prod-close': /^when close\(\) in production resolved, a \/ws client's connection was still open \(sent 1001, it had not answered yet\).*close\(\) did not wait for its callback.*Await each close before resolving$/,
    },
  },
  {
    // The sockets belong to a WebSocketServer other than the one startAppServer() returns as wss (the AppServer contract).
    source: {
      name: 'another WebSocketServer returned as wss',
      edit: (server) => replaceOnce(server, RETURNED, RETURNED.replace(' wss,', ' wss: new WebSocketServer({ noServer: true }),')),
    },
    replaces: SERVER,
    stage: 'open',
    fails: {
      'ws-welcome': /with two clients connected to \/ws, a ping sent to every socket in server\.wss\.clients reached 0 of them .*hand \/ws upgrades to the WebSocketServer that startAppServer\(\) returns/,
      'ws-error-listener': /a client connected to \/ws, but a ping sent to every socket in server\.wss\.clients did not reach it .*hand \/ws upgrades to the WebSocketServer/,
    },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
