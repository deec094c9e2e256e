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
      question: 'Remix renders the route on the server before the browser hydrates it. Where may the hook call new WebSocket(…)?',
      options: {
        A: 'In the component body, so the socket exists on the first render',
        B: 'In a useState initializer, so it runs only once',
        C: 'Inside useEffect, which runs only in the browser, after the render is committed',
        D: 'At the top of the module, so every component shares one socket',
      },
      answer: 'C',
    },
    {
      id: 'q2', stage: 'open', points: 1,
      question: 'In development, StrictMode runs the effect, its cleanup, then the effect again. In the Execution Table, how many sockets does the page construct, and how many are open at the end?',
      options: {
        A: 'One constructed, one open',
        B: 'Two constructed, two open',
        C: 'Two constructed, one open: the first was closed by the cleanup while still connecting',
        D: 'Two constructed, none open: the cleanup closed both',
      },
      answer: 'C',
    },
    {
      id: 'q3', stage: 'client-receive', points: 1,
      question: "In the Variable Tracker, what is lastMessage right after the server's welcome arrives?",
      options: {
        A: 'null: the welcome is not a chat message',
        B: 'The string {"type":"welcome"}, exactly as the server sent it',
        C: "The object { type: 'welcome' }, parsed by the browser",
        D: 'The MessageEvent that carried it',
      },
      answer: 'B',
    },
  ],
};
