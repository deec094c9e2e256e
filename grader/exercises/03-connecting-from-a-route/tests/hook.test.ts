/**
 * useWebSocket() on a page: the hook runs in the subject's jsdom page with
 * jsdom's real WebSocket, and every socket it opens reaches this test's page
 * server. The verdicts come from what the server saw on the wire (which URL,
 * how many sockets, which close code) and from the values the hook returned.
 */
import { vi } from 'vitest';
import { check, describeValue, eventually, fail, gradedExercise, sleep, within } from '../../../harness';
import { PAGE_TEST_TIMEOUT_MS, type Page, type PageConnection, type PageServer, type PageSnapshot } from '../../../harness/page';
import type * as HookModule from '../../../../solutions/03-connecting-from-a-route/app/hooks/useWebSocket';
import { firstConnection, hookPage, latestShown, PAGE_URL, sequence, shownSequence, SOCKET_URL, socketsSeen } from './support';

// The first test waits for a subject that has loaded jsdom and React: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS });

const ex = gradedExercise('03', { page: true });

type Status = HookModule.WebSocketStatus;
type Seen = PageSnapshot<Status>;

/**
 * Mounts a component calling useWebSocket() on a page at PAGE_URL, and waits
 * for the server to accept its connection, which must be to SOCKET_URL.
 */
async function connected(options: { strict?: boolean } = {}): Promise<{ server: PageServer; page: Page<Status>; connection: PageConnection }> {
  const { page, server, hook } = await hookPage<Status>(ex);
  await page.mountHook(hook, 'useWebSocket', { strict: options.strict ?? false });
  const connection = await firstConnection(page, server);
  check(
    connection.url === SOCKET_URL,
    `the hook connected to ${describeValue(connection.url)}, but the page is at ${PAGE_URL}, so it should connect to ${SOCKET_URL}`,
  );
  return { server, page, connection };
}

const states = (seen: Seen): unknown[] => sequence(seen.values, (v) => v.state);
const stateOf = (seen: Seen): unknown => seen.latest?.state;

/**
 * Waits until the page's WebSocket has read everything the server sent on `connection` (a ping's
 * pong), the page's code has handled every frame the test sent (the page counts the message events
 * its sockets dispatched, which is only waited on), and React has had a moment to render.
 */
async function delivered(connection: PageConnection, server: PageServer, page: Page<Status>): Promise<void> {
  await connection.roundTrip(1000);
  await page.delivered(server.framesSent(), 1000);
  await sleep(30);
}

ex.test('url-from-location', async () => {
  const { page, server, hook } = await hookPage<Status>(ex);
  for (const [pageUrl, socketUrl] of [
    ['http://chat.test:4321/rooms/lobby?tab=people', 'ws://chat.test:4321/ws'],
    ['https://secure.chat.test/', 'wss://secure.chat.test/ws'],
  ] as const) {
    await page.move(pageUrl);
    const before = server.sockets.length;
    await page.mountHook(hook, 'useWebSocket');
    await page.waitFor(
      () => server.sockets.length > before,
      1000,
      () => `on the page ${pageUrl}, no WebSocket connected within 1000 ms: create it in a useEffect`,
    );
    const socket = server.sockets[before] as PageConnection;
    check(
      socket.url === socketUrl,
      `on the page ${pageUrl} the hook connected to ${describeValue(socket.url)}, expected '${socketUrl}': take the scheme from ` +
        `window.location.protocol (https: → wss:, http: → ws:) and the host from window.location.host, then the path /ws`,
    );
    await page.waitFor(() => socket.accepted, 1000, () => `on the page ${pageUrl}, the connection to ${socketUrl} was never accepted within 1000 ms`);
    await page.unmount();
    // The next page's sockets are counted from here: let this one close first.
    await Promise.race([socket.closed, sleep(500)]);
  }
});

ex.test('one-connection-per-mount', async () => {
  const { server, page, connection } = await connected();
  await page.waitFor(
    (seen) => stateOf(seen) === 'open',
    1000,
    (seen) => `the server accepted the connection, but state stayed ${latestShown(seen, 'state')}, not 'open'`,
  );
  for (let i = 0; i < 3; i++) await page.rerender();
  // Long enough for a socket another render opened to reach the server; longer when the connection was closed, which a new socket usually follows.
  await sleep(100);
  if (!connection.isOpen) await eventually(() => server.sockets.length > 1, 1000);
  await page.checkNoCrash('after the component re-rendered');
  const tooMany = (seen: Seen): string =>
    `the component rendered ${seen.values.length} times and ${server.sockets.length} WebSockets reached the server: ` +
    'give useEffect a dependency array ([path]) so it connects once per mount, not after every render';
  let seen = await page.snapshot();
  check(server.sockets.length === 1, tooMany(seen));
  check(connection.isOpen, 'after the component re-rendered, its connection was closed: it should stay open while the component is mounted');
  // A message makes the hook set state, so the component renders once more.
  connection.send('{"type":"welcome"}');
  await delivered(connection, server, page);
  await sleep(70);
  seen = await page.snapshot();
  check(server.sockets.length === 1, tooMany(seen));
});

ex.test('state-connecting-then-open', async () => {
  const { page } = await connected();
  const first = (await page.snapshot()).values[0]?.state;
  check(first === 'connecting', `on the first render state was ${describeValue(first)}, expected 'connecting' (a new socket's readyState is CONNECTING)`);
  const seen = await page.waitFor(
    (s) => stateOf(s) === 'open',
    1000,
    (s) =>
      `the server accepted the connection (the socket is OPEN), but state stayed ${latestShown(s, 'state')}: on 'open', set state from socket.readyState`,
  );
  check(
    states(seen).length === 2,
    `state went ${shownSequence(states(seen))}, expected 'connecting' → 'open': mirror socket.readyState, one word for each of its four values`,
  );
});

ex.test('strict-mode-one-open', async () => {
  const { server, page, hook } = await hookPage<Status>(ex);
  await page.mountHook(hook, 'useWebSocket', { strict: true });
  await firstConnection(page, server);
  // What must hold once StrictMode's effect, cleanup and effect again are over; null when it does.
  const wrong = (seen: Seen): string | null => {
    const open = server.openConnections();
    if (open.length === 0) return `in StrictMode no connection was open 1000 ms after rendering (state ${latestShown(seen, 'state')}; ${socketsSeen(server)})`;
    if (open.length !== 1) {
      return (
        `in StrictMode ${server.sockets.length} WebSockets reached the server and ${open.length} of them are open: StrictMode runs the ` +
        'effect, its cleanup, then the effect again, so the cleanup must close the socket the first effect opened (socket.close(1000))'
      );
    }
    const lingering = server.sockets.filter((s) => s !== open[0] && s.closedWith === null);
    if (lingering.length > 0) {
      return `in StrictMode ${lingering.length} socket(s) besides the open one are neither open nor closed: close them in the cleanup`;
    }
    if (stateOf(seen) !== 'open') {
      return (
        `in StrictMode one connection is open, but state is ${latestShown(seen, 'state')} (it went ${shownSequence(states(seen))}): ` +
        'the state must follow the socket the second effect opened. Create the socket inside the effect, and remove the ' +
        'listeners of the one the cleanup closes before closing it, so it cannot change the state any more'
      );
    }
    return null;
  };
  await page.waitFor((seen) => wrong(seen) === null, 1000, (seen) => wrong(seen) ?? 'StrictMode settled only at the last moment');
  // Let the first socket's late events (closed while CONNECTING) arrive, then look again.
  await sleep(150);
  const problem = wrong(await page.snapshot());
  if (problem) fail(problem);
});

/**
 * The component re-renders with useWebSocket(`to`) instead of `from`; the
 * server holds back its reply to the old socket's close, so that socket's
 * last events reach the page only after the new socket opened: `lost` cuts
 * the old connection without a close frame back ('error', then 'close'
 * 1006), `late` lets the held close frame through ('close', clean).
 */
async function changePath(page: Page<Status>, server: PageServer, old: PageConnection, from: string, to: string, ending: 'lost' | 'late'): Promise<PageConnection> {
  const release = old.holdReplies();
  const before = server.sockets.length;
  await page.rerender([to]);
  await page.waitFor(
    () => server.sockets.length > before,
    1000,
    () =>
      `the component re-rendered with useWebSocket('${to}') instead of '${from}', but no new WebSocket was constructed within 1000 ms: ` +
      'connect in an effect whose dependencies are [path], so a new path gets a new socket',
  );
  await page.waitFor(
    () => old.closeStarted,
    500,
    () => `the path changed from '${from}' to '${to}', and the hook opened a new socket without closing the old one: the cleanup must close it`,
  );
  const current = server.sockets[server.sockets.length - 1] as PageConnection;
  await page.waitFor(
    (seen) => current.isOpen && stateOf(seen) === 'open',
    1000,
    (seen) => `the new socket for '${to}' ${current.isOpen ? 'opened' : 'never opened'}, but state is ${latestShown(seen, 'state')}, not 'open'`,
  );
  // The page has seen the new socket open before anything more happens to the old one.
  await delivered(current, server, page);

  let late: string;
  if (ending === 'lost') {
    // The old socket's server never finished the close handshake: its 'error' and 'close' arrive only now.
    old.drop();
    late = "fired 'error' and 'close' late";
  } else {
    // Its close handshake ends only now: a clean 'close', after the new socket opened.
    release();
    late = "fired 'close' late (its close handshake ended only after the new socket had opened)";
  }
  await within(1000, old.closed, `the old socket for '${from}' was still not closed 1000 ms after its close handshake was let go`);
  await sleep(100);
  await delivered(current, server, page);
  await page.checkNoCrash(`after the old socket's late ${ending === 'lost' ? "'error' and 'close'" : "'close'"}`);
  const seen = await page.snapshot();
  check(
    stateOf(seen) === 'open',
    `the new socket is open, but state became ${latestShown(seen, 'state')} when the old socket, which the cleanup had closed, ${late}: ` +
      'in the cleanup, stop listening to the socket before you close it, so a socket you are done with cannot change the state',
  );
  return current;
}

ex.test('old-socket-ignored', async () => {
  const { page, server, hook } = await hookPage<Status>(ex);
  await page.mountHook(hook, 'useWebSocket', { args: ['/ws'] });
  await firstConnection(page, server);
  const opened = (seen: Seen): boolean => server.openConnections().length === 1 && stateOf(seen) === 'open';
  await page.waitFor(opened, 1000, (seen) => `the socket opened, but state stayed ${latestShown(seen, 'state')}, not 'open' (${socketsSeen(server)})`);
  // The socket the hook follows now: the one open once the page has rendered what opening it changed.
  await delivered(server.openConnections()[0] as PageConnection, server, page);
  await page.waitFor(opened, 1000, (seen) => `the socket opened, but then state became ${latestShown(seen, 'state')} (${socketsSeen(server)})`);
  const first = server.openConnections()[0] as PageConnection;
  const second = await changePath(page, server, first, '/ws', '/ws/lobby', 'lost');
  await changePath(page, server, second, '/ws/lobby', '/ws/general', 'late');
});

ex.test('last-message', async () => {
  const { page, server, connection } = await connected();
  const before = await page.snapshot();
  check(before.latest?.lastMessage === null, `before the server sent anything, lastMessage was ${latestShown(before, 'lastMessage')}, expected null`);
  for (const text of ['{"type":"welcome"}', 'a second message, not JSON']) {
    connection.send(text);
    await page.waitFor(
      (seen) => seen.latest?.lastMessage === text,
      500,
      (seen) =>
        `the server sent ${describeValue(text)}, but 500 ms later lastMessage was ${latestShown(seen, 'lastMessage')}: ` +
        "on 'message', keep event.data (the text) in lastMessage",
    );
  }
  connection.sendBinary(new Uint8Array([104, 105]));
  await delivered(connection, server, page);
  await sleep(20);
  await page.checkNoCrash('after the server sent a binary frame');
  const seen = await page.snapshot();
  check(
    seen.latest?.lastMessage === 'a second message, not JSON',
    `after a binary frame lastMessage is ${latestShown(seen, 'lastMessage')}, expected the last text, 'a second message, not JSON': ` +
      'a binary frame is not text (event.data is a Blob), so leave lastMessage as it was',
  );
  check(stateOf(seen) === 'open', `after three messages state is ${latestShown(seen, 'state')}, expected 'open'`);
});

ex.test('state-closed', async () => {
  const { page, connection } = await connected();
  await page.waitFor(
    (seen) => stateOf(seen) === 'open',
    1000,
    (seen) => `the server accepted the connection, but state stayed ${latestShown(seen, 'state')}, not 'open'`,
  );
  connection.close(1001, 'Server shutting down');
  await within(1000, connection.closed, 'the server closed the connection with 1001, but the close handshake did not end within 1000 ms');
  const seen = await page.waitFor(
    (s) => stateOf(s) === 'closed',
    500,
    (s) =>
      `the server closed the connection with 1001 and the socket is CLOSED, but state stayed ${latestShown(s, 'state')}: ` +
      "on 'close', set state from socket.readyState",
  );
  const went = states(seen).filter((s) => s !== 'closing');
  check(went.join() === 'connecting,open,closed', `state went ${shownSequence(states(seen))}, expected 'connecting' → 'open' → 'closed'`);
});

ex.test('unmount-closes-1000', async () => {
  const { page, connection } = await connected();
  await page.waitFor(() => connection.isOpen, 1000, () => 'the connection never opened');
  // A browser lets a page close only with 1000 or 3000-4999: close(1001) throws, in the cleanup.
  await page.unmount();
  const outcome = await Promise.race([connection.closed, sleep(500).then(() => null)]);
  await page.checkNoCrash('when the component unmounted');
  if (!outcome) {
    fail('the component unmounted, but 500 ms later its socket was still open: return a cleanup function from the effect that calls socket.close(1000)');
  }
  check(
    outcome.by === 'client',
    `the component unmounted and the connection closed, but not by the page (${outcome.by === null ? 'it dropped without a close frame' : 'the server closed it'})`,
  );
  check(
    outcome.code === 1000,
    `on unmount the hook closed the socket with ${outcome.code === 1005 ? 'no code (the server sees 1005, No Status Received)' : describeValue(outcome.code)}, ` +
      'expected socket.close(1000): 1000 is Normal Closure, the page is done with the socket',
  );
});
