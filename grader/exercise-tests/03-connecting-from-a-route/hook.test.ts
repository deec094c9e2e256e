// @vitest-environment jsdom
import {
  check,
  describeValue,
  fail,
  gradedExercise,
  installScriptedSockets,
  type ScriptedSocket,
  sleep,
  startMockServer,
  type MockConnection,
  type MockServer,
} from '../../harness';
import type * as HookModule from '../../../solutions/03-connecting-from-a-route/app/hooks/useWebSocket';
import { movePage, renderHookPage, sequence, shownSequence, SOCKET_URL, watchCrashes, type Page } from './support';

const ex = gradedExercise('03');

type Status = HookModule.WebSocketStatus;

const loadHook = async (): Promise<typeof HookModule.useWebSocket> =>
  (await ex.load<typeof HookModule>('app/hooks/useWebSocket.ts', ['useWebSocket'])).useWebSocket;

/** Renders a component calling useWebSocket() against a mock server at SOCKET_URL, and waits for the connection. */
async function connected(options: { strict?: boolean } = {}): Promise<{ server: MockServer; page: Page<Status>; connection: MockConnection }> {
  const useWebSocket = await loadHook();
  const crashes = watchCrashes();
  const server = startMockServer(SOCKET_URL);
  const page = renderHookPage(() => useWebSocket(), crashes, options);
  const connection = await accepted(server, page);
  return { server, page, connection };
}

/** The first connection the server accepts, or a failure that says what the hook did instead. */
async function accepted(server: MockServer, page: Page<Status>, url = SOCKET_URL): Promise<MockConnection> {
  const deadline = Date.now() + 1000;
  while (server.connections.seen.length === 0) {
    page.checkNoCrash('while connecting');
    if (Date.now() >= deadline) {
      const tried = server.sockets.map((s) => s.url);
      fail(
        tried.length === 0
          ? `a component calling useWebSocket() was rendered, but within 1000 ms no WebSocket was constructed: create it in a useEffect`
          : `the hook constructed a WebSocket for ${tried.map((u) => describeValue(u)).join(', ')}, but the page is at ${window.location.href}, so it should connect to ${url}`,
      );
    }
    await sleep(5);
  }
  return server.connections.seen[0] as MockConnection;
}

const states = (page: Page<Status>): unknown[] => sequence(page.values, (v) => v.state);

ex.test('url-from-location', async () => {
  const useWebSocket = await loadHook();
  const crashes = watchCrashes();
  for (const [pageUrl, socketUrl] of [
    ['http://chat.test:4321/rooms/lobby?tab=people', 'ws://chat.test:4321/ws'],
    ['https://secure.chat.test/', 'wss://secure.chat.test/ws'],
  ] as const) {
    movePage(pageUrl);
    const server = startMockServer(socketUrl);
    const page = renderHookPage(() => useWebSocket(), crashes);
    await page.waitFor(
      () => server.sockets.length > 0,
      1000,
      `on the page ${pageUrl}, no WebSocket was constructed within 1000 ms: create it in a useEffect`,
    );
    const asked = server.sockets[0]?.url;
    check(
      asked === socketUrl,
      `on the page ${pageUrl} the hook connected to ${describeValue(asked)}, expected '${socketUrl}': take the scheme from ` +
        `window.location.protocol (https: → wss:, http: → ws:) and the host from window.location.host, then the path /ws`,
    );
    await accepted(server, page, socketUrl);
    page.unmount();
    await sleep(10);
    server.stop();
  }
});

ex.test('one-connection-per-mount', async () => {
  const { server, page, connection } = await connected();
  await page.waitFor(() => page.latest().state === 'open', 1000, `the server accepted the connection, but state stayed ${describeValue(page.latest().state)}, not 'open'`);
  for (let i = 0; i < 3; i++) page.rerender();
  await sleep(50);
  page.checkNoCrash('after the component re-rendered');
  const tooMany = (): string =>
    `the component rendered ${page.values.length} times and the hook constructed ${server.sockets.length} WebSockets: ` +
    'give useEffect a dependency array ([path]) so it connects once per mount, not after every render';
  check(server.sockets.length === 1, tooMany());
  check(connection.isOpen, 'after the component re-rendered, its connection was closed: it should stay open while the component is mounted');
  // A message makes the hook set state, so the component renders once more.
  connection.send('{"type":"welcome"}');
  await sleep(50);
  check(server.sockets.length === 1, tooMany());
});

ex.test('state-connecting-then-open', async () => {
  const { page } = await connected();
  const first = page.values[0]?.state;
  check(first === 'connecting', `on the first render state was ${describeValue(first)}, expected 'connecting' (a new socket's readyState is CONNECTING)`);
  await page.waitFor(
    () => page.latest().state === 'open',
    1000,
    `the server accepted the connection (the socket is OPEN), but state stayed ${describeValue(page.latest().state)}: on 'open', set state from socket.readyState`,
  );
  const seen = states(page);
  check(
    seen.length === 2,
    `state went ${shownSequence(seen)}, expected 'connecting' → 'open': mirror socket.readyState, one word for each of its four values`,
  );
});

ex.test('strict-mode-one-open', async () => {
  const { server, page } = await connected({ strict: true });
  // Let the first socket's late events (closed while CONNECTING) arrive.
  await sleep(100);
  await page.waitFor(
    () => server.openConnections().length > 0,
    1000,
    `in StrictMode no connection was open 1000 ms after rendering (state ${describeValue(page.latest().state)})`,
  );
  const open = server.openConnections();
  check(
    open.length === 1,
    `in StrictMode the hook constructed ${server.sockets.length} WebSockets and ${open.length} of them are open: StrictMode runs the ` +
      "effect, its cleanup, then the effect again, so the cleanup must close the socket the first effect opened (socket.close(1000))",
  );
  const leftOpen = server.sockets.filter((s) => s !== open[0] && s.socket.readyState < 2);
  check(leftOpen.length === 0, `in StrictMode ${leftOpen.length} socket(s) besides the open one are still connecting: close them in the cleanup`);
  check(
    page.latest().state === 'open',
    `in StrictMode one connection is open, but state is ${describeValue(page.latest().state)} (it went ${shownSequence(states(page))}): ` +
      'the state must follow the socket the second effect opened. Create the socket inside the effect, and remove the ' +
      'listeners of the one the cleanup closes before closing it, so it cannot change the state any more',
  );
});

ex.test('old-socket-ignored', async () => {
  const useWebSocket = await loadHook();
  const crashes = watchCrashes();
  // Scripted sockets: the test decides when each opens and when a closed one's events arrive.
  const scripted = installScriptedSockets();
  let path = '/ws';
  const page = renderHookPage(() => useWebSocket(path), crashes);
  await page.waitFor(() => scripted.sockets.length > 0, 1000, 'a component calling useWebSocket() was rendered, but within 1000 ms no WebSocket was constructed');
  const old = scripted.sockets[0] as ScriptedSocket;
  old.open();
  await page.waitFor(() => page.latest().state === 'open', 1000, `the socket opened, but state stayed ${describeValue(page.latest().state)}, not 'open'`);

  path = '/ws/lobby';
  page.rerender();
  await page.waitFor(
    () => scripted.sockets.length > 1,
    1000,
    "the component re-rendered with useWebSocket('/ws/lobby') instead of '/ws', but no new WebSocket was constructed within 1000 ms: " +
      'connect in an effect whose dependencies are [path], so a new path gets a new socket',
  );
  check(old.closeCalls.length > 0, "the path changed from '/ws' to '/ws/lobby', and the hook opened a new socket without closing the old one: the cleanup must close it");
  const current = scripted.sockets[scripted.sockets.length - 1] as ScriptedSocket;
  current.open();
  await page.waitFor(() => page.latest().state === 'open', 1000, `the new socket opened, but state is ${describeValue(page.latest().state)}, not 'open'`);

  // The old socket's server never finished the close handshake: its 'error' and 'close' arrive only now.
  old.finishClose({ code: 1006, failed: true });
  await sleep(50);
  page.checkNoCrash("after the old socket's late 'error' and 'close'");
  check(
    page.latest().state === 'open',
    `the new socket is open, but state became ${describeValue(page.latest().state)} when the old socket, which the cleanup had closed, ` +
      "fired 'error' and 'close' late: in the cleanup, stop listening to the socket before you close it, so a socket you are done with cannot change the state",
  );
});

ex.test('last-message', async () => {
  const { page, connection } = await connected();
  const before = page.latest().lastMessage;
  check(before === null, `before the server sent anything, lastMessage was ${describeValue(before)}, expected null`);
  for (const text of ['{"type":"welcome"}', 'a second message, not JSON']) {
    connection.send(text);
    await page.waitFor(
      () => page.latest().lastMessage === text,
      500,
      `the server sent ${describeValue(text)}, but 500 ms later lastMessage was ${describeValue(page.latest().lastMessage)}: ` +
        "on 'message', keep event.data (the text) in lastMessage",
    );
  }
  connection.sendBinary(new Uint8Array([104, 105]));
  await sleep(50);
  page.checkNoCrash('after the server sent a binary frame');
  check(
    page.latest().lastMessage === 'a second message, not JSON',
    `after a binary frame lastMessage is ${describeValue(page.latest().lastMessage)}, expected the last text, 'a second message, not JSON': ` +
      'a binary frame is not text (event.data is a Blob), so leave lastMessage as it was',
  );
  check(page.latest().state === 'open', `after three messages state is ${describeValue(page.latest().state)}, expected 'open'`);
});

ex.test('state-closed', async () => {
  const { page, connection } = await connected();
  await page.waitFor(() => page.latest().state === 'open', 1000, `the server accepted the connection, but state stayed ${describeValue(page.latest().state)}, not 'open'`);
  connection.close(1001, 'Server shutting down');
  await connection.closed;
  await page.waitFor(
    () => page.latest().state === 'closed',
    500,
    `the server closed the connection with 1001 and the socket is CLOSED, but state stayed ${describeValue(page.latest().state)}: ` +
      "on 'close', set state from socket.readyState",
  );
  const seen = states(page).filter((s) => s !== 'closing');
  check(
    seen.join() === 'connecting,open,closed',
    `state went ${shownSequence(states(page))}, expected 'connecting' → 'open' → 'closed'`,
  );
});

ex.test('unmount-closes-1000', async () => {
  const { page, connection } = await connected();
  await page.waitFor(() => connection.isOpen, 1000, 'the connection never opened');
  page.unmount();
  const outcome = await Promise.race([connection.closed, sleep(500).then(() => null)]);
  // A browser lets a page close only with 1000 or 3000-4999: close(1001) throws, in the cleanup.
  page.checkNoCrash('when the component unmounted');
  if (!outcome) {
    fail("the component unmounted, but 500 ms later its socket was still open: return a cleanup function from the effect that calls socket.close(1000)");
  }
  check(
    outcome.by === 'client',
    `the component unmounted and the connection closed, but not by the page (${outcome.by === null ? 'it dropped' : 'the server closed it'})`,
  );
  const [code] = connection.closeCalls[0] ?? [];
  check(
    outcome.code === 1000 && code === 1000,
    `on unmount the hook closed the socket with ${code === undefined ? 'no code (the server sees 1005, No Status Received)' : describeValue(code)}, ` +
      'expected socket.close(1000): 1000 is Normal Closure, the page is done with the socket',
  );
});
