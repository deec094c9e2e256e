import type { ExerciseSpec } from '../../manifest/types';

export const connectingFromARoute: ExerciseSpec = {
  id: '03',
  slug: '03-connecting-from-a-route',
  title: 'Connecting from a route',
  lesson: 'lessons/03-connecting-from-a-route.md',
  continues: '02',
  files: ['app/hooks/useWebSocket.ts', 'app/routes/_index.tsx'],
  weightedStages: ['connect', 'open', 'client-receive', 'close'],
  tests: [
    { id: 'ssr-no-socket', file: 'server-render.test.ts', stage: 'connect', points: 2,
      title: 'rendering on the server (renderToString) constructs no WebSocket and reads no window: the hook connects only in an effect' },
    { id: 'url-from-location', file: 'hook.test.ts', stage: 'connect', points: 2,
      title: "the hook connects to ws://<the page's host>/ws from an http: page, and to wss://<the page's host>/ws from an https: page" },
    { id: 'one-connection-per-mount', file: 'hook.test.ts', stage: 'connect', points: 2,
      title: 'the component re-rendering does not open another connection: one mounted hook, one socket' },
    { id: 'state-connecting-then-open', file: 'hook.test.ts', stage: 'open', points: 2,
      title: "state is 'connecting' on the first render and 'open' once the server accepts the connection" },
    { id: 'strict-mode-one-open', file: 'hook.test.ts', stage: 'open', points: 3,
      title: "in StrictMode (effect, cleanup, effect again) exactly one connection stays open, and state ends 'open'" },
    { id: 'last-message', file: 'hook.test.ts', stage: 'client-receive', points: 2,
      title: 'lastMessage is null until the server sends, then the text of the latest message it sent; a binary frame leaves it as it was' },
    { id: 'route-shows-state', file: 'route.test.ts', stage: 'client-receive', points: 2,
      title: "the index route shows the state ('open', later 'closed') and the server's welcome message" },
    { id: 'state-closed', file: 'hook.test.ts', stage: 'close', points: 2,
      title: "when the server closes the connection, state becomes 'closed'" },
    { id: 'unmount-closes-1000', file: 'hook.test.ts', stage: 'close', points: 3,
      title: 'unmounting the component closes its socket with 1000 (Normal Closure), and the server sees the close' },
    { id: 'old-socket-ignored', file: 'hook.test.ts', stage: 'close', points: 2,
      title: "a socket the hook is done with cannot change the state: after the path changes, the old socket's late 'error' and 'close' leave state 'open'" },
  ],
  hints: [
    'Everything that touches the socket goes inside `useEffect(() => { … }, [path])`: effects never run on the server. ' +
      "Create the socket there, `new WebSocket(socketUrl(path, window.location))`, and make socketUrl give 'wss:' for an " +
      "'https:' page and 'ws:' otherwise, followed by `location.host` and the path.",
    'Mirror the readyState with one listener, `const mirror = () => setState(SOCKET_STATES[socket.readyState])`, added ' +
      "for 'open', 'close' and 'error'. A 'message' listener keeps `event.data` (a string) in lastMessage.",
    'Return a cleanup function from the effect: remove your listeners first, then `socket.close(1000)`. StrictMode runs it ' +
      "right after the first effect, so the first socket closes while still CONNECTING; its late 'close' event must not " +
      'overwrite the state of the second socket, which is why the listeners go first.',
    'In the route, `const { state, lastMessage } = useWebSocket();` replaces the two starter constants; the JSX below ' +
      'already shows both.',
  ],
  quiz: [
    {
      id: 'q1', stage: 'connect', points: 1,
      question: 'What happens if the hook calls new WebSocket(socketUrl(path, window.location)) in the component body instead of inside useEffect?',
      options: {
        A: 'Nothing changes: Remix skips the component body when it renders a route on the server',
        B: 'The socket opens once, and React closes it for you when the component unmounts',
        C: 'React keeps the first socket and hands it back on every later render of the hook',
        D: 'The body also runs in the server render, where window does not exist, so it throws',
      },
      why: {
        A: 'Remix renders the whole component on the server, body included; only effects are skipped there.',
        B: "React closes nothing it did not open: only an effect's cleanup closes a socket, and one made in the body has no cleanup.",
        C: 'The body runs again on every render, so each render would construct another socket; React keeps nothing made there (and StrictMode even renders twice).',
        D: 'Remix renders the component on the server first, where window is not defined (a ReferenceError); effects run only in the browser.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q2', stage: 'open', points: 1,
      question: 'In the Execution Table, step 3, why does Chrome warn that the WebSocket is closed before the connection is established?',
      options: {
        A: "Vite's HMR listener took the upgrade, so socket 1 never reached our /ws handler",
        B: 'The server refused socket 1, since the page had not finished hydrating yet',
        C: "StrictMode ran the effect's cleanup at once, closing socket 1 while it was CONNECTING",
        D: 'Remix opened socket 1 during the server render, and the browser could not use it',
      },
      why: {
        A: 'Vite takes only requests for its own path with the vite-hmr subprotocol; the /ws request of socket 1 is ours, and it is the page that closes it.',
        B: "The server knows nothing of hydration and accepts any /ws upgrade; it is the page's own cleanup that abandons socket 1.",
        C: 'in development StrictMode runs setup, cleanup, setup, and close(1000) on a CONNECTING socket fails the attempt, which Chrome reports as this warning.',
        D: 'No socket is opened on the server (step 1): the effect does not run there, and socket 1 is made in the browser, at step 2.',
      },
      answeredIn: 'the Execution Table, step 3',
    },
    {
      id: 'q3', stage: 'close', points: 1,
      question: "Why does the effect's cleanup remove the socket's listeners before it calls socket.close(1000, 'Page closed')?",
      options: {
        A: 'close() throws on a socket that still has event listeners attached to it',
        B: "Otherwise the old socket's late 'close' can set state while a new one is open",
        C: 'Removing them first is what makes the browser send close code 1000, not 1006',
        D: 'The server answers a close frame only once the client has no listeners left on it',
      },
      why: {
        A: "close() works with or without listeners; removing them is about what the old socket's later events would do to React state.",
        B: "the old socket's close handshake ends later, and its 'close' event would run mirror and set 'closed' over the state of the socket that replaced it.",
        C: 'The code sent is the one passed to close(), 1000 here, with or without listeners; 1006 is never sent in a frame, it only reports a connection that ended without one.',
        D: 'The server cannot see the listeners of the page; it answers the close frame either way, as RFC 6455 §7 has it.',
      },
      answeredIn: 'Key Moment 2',
    },
  ],
};
