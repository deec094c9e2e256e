/**
 * Lesson 03's graded tests are fair and strong: a correct hook written
 * differently from the reference solution (a file in
 * this folder) scores 100%, and each plausible
 * mistake a Key Moment warns about, made as one edit of the solution's hook,
 * fails exactly the tests that name it, in the stage it belongs to, as plain failures.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

// A grade of lesson 03 starts subjects that load jsdom and React: half a minute on a busy machine.
const GRADE_MS = 120_000;
const HOOK = 'app/hooks/useWebSocket.ts';
const CONNECT = 'const socket = new WebSocket(socketUrl(path, window.location));';
const CLEANUP = `    return () => {
      socket.removeEventListener('open', mirror);
      socket.removeEventListener('close', mirror);
      socket.removeEventListener('error', mirror);
      socket.removeEventListener('message', receive);
      socket.close(1000, 'Page closed');
    };
`;

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-connection-object.ts' }, replaces: HOOK, fails: {} },
  // Listeners as an object with handleEvent(): what a browser's WebSocket (and jsdom's, on the page) calls.
  { source: { file: 'correct-handle-event.ts' }, replaces: HOOK, fails: {} },
  {
    // Key Moment 1: the socket is made during render, in a useState initializer (on the server too, and twice in StrictMode).
    source: {
      name: 'the socket made in a useState initializer',
      edit: (hook) =>
        replaceOnce(
          replaceOnce(replaceOnce(hook, `    ${CONNECT}\n`, ''), '  useEffect(() => {', `  const [socket] = useState(() => new WebSocket(socketUrl(path, window.location)));\n\n  useEffect(() => {`),
          '}, [path]);',
          '}, [socket]);',
        ),
    },
    replaces: HOOK,
    stage: 'connect',
    fails: {
      'ssr-no-socket': /on the server threw ReferenceError: window is not defined(?: \(at [^)]+\))?: the server has no window; read window\.location inside useEffect/,
      // StrictMode renders twice, so the initializer made two sockets; the cleanup closed the one the effect follows.
      'strict-mode-one-open': /in StrictMode one connection is open, but state is 'closed'.*Create the socket inside the effect/,
      // A socket made once per mount cannot follow a new path.
      'old-socket-ignored': /useWebSocket\('\/ws\/lobby'\) instead of '\/ws', but no new WebSocket was constructed.*dependencies are \[path\]/,
    },
  },
  {
    // Key Moment 3: no dependency array, so the effect runs after every render.
    source: { name: 'an effect without a dependency array', edit: (hook) => replaceOnce(hook, '}, [path]);', '});') },
    replaces: HOOK,
    stage: 'connect',
    fails: { 'one-connection-per-mount': /and \d+ WebSockets reached the server: give useEffect a dependency array/ },
    // Each render closes the socket and opens another, so the connection a later test talks to
    // may be gone by the time the server speaks or closes: those fail too, or not, by timing.
    mayFail: ['state-connecting-then-open', 'strict-mode-one-open', 'last-message', 'route-shows-state', 'state-closed', 'unmount-closes-1000'],
  },
  {
    // Key Moment 4: the author's laptop's URL instead of the page's.
    source: { name: 'a hard-coded URL', edit: (hook) => replaceOnce(hook, CONNECT, 'const socket = new WebSocket(`ws://localhost:3000${path}`);') },
    replaces: HOOK,
    stage: 'connect',
    fails: { 'url-from-location': /the hook connected to 'ws:\/\/localhost:3000\/ws', expected 'ws:\/\/chat\.test:4321\/ws'/ },
  },
  {
    // Key Moment 2: the effect returns no cleanup.
    source: { name: 'no cleanup', edit: (hook) => replaceOnce(hook, CLEANUP, '') },
    replaces: HOOK,
    stage: 'close',
    fails: {
      'unmount-closes-1000': /the component unmounted, but 500 ms later its socket was still open: return a cleanup function/,
      'strict-mode-one-open': /in StrictMode 2 WebSockets reached the server and 2 of them are open/,
      'old-socket-ignored': /the hook opened a new socket without closing the old one: the cleanup must close it/,
    },
  },
  {
    // Key Moment 2: the cleanup closes the socket but leaves its listeners.
    source: { name: 'a cleanup that keeps the listeners', edit: (hook) => replaceOnce(hook, CLEANUP, "    return () => socket.close(1000, 'Page closed');\n") },
    replaces: HOOK,
    stage: 'close',
    fails: { 'old-socket-ignored': /state became 'closed' when the old socket, which the cleanup had closed, fired 'error' and 'close' late: .*stop listening/ },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
