/**
 * The chat protocol on the page's side: the learner's useWebSocket() runs in
 * the subject's jsdom page with jsdom's real WebSocket, and its socket reaches
 * this test's page server. What the hook sent is judged from the frames that
 * arrived; what it made of the server's frames, from the values it returned.
 */
import { isDeepStrictEqual } from 'node:util';
import { vi } from 'vitest';
import { check, describeError, describeValue, fail, gradedExercise, RemoteThrow, sleep, within } from '../../../harness';
import { asError, PAGE_TEST_TIMEOUT_MS, type ChildCall, type Page, type PageConnection, type PageFrame, type PageServer, type PageSnapshot } from '../../../harness/page';
import { explainFailure } from '../../../harness/timing';
import type * as HookModule from '../../../../solutions/04-a-message-protocol/app/hooks/useWebSocket';
import { firstConnection, hookPage, latestShown, shown, SOCKET_URL } from '../../03-connecting-from-a-route/tests/support';

// The first test waits for a subject that has loaded jsdom and React: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS });

const ex = gradedExercise('04', { page: true });

type Status = HookModule.WebSocketStatus;
type Seen = PageSnapshot<Status>;

/** Mounts a component calling useWebSocket() (with `child`, one whose child makes that call from its mount effect). */
async function renderHook(options: { acceptDelayMs?: number; child?: ChildCall } = {}): Promise<{ server: PageServer; page: Page<Status> }> {
  const { page, server, hook } = await hookPage<Status>(ex, options.acceptDelayMs === undefined ? {} : { acceptDelayMs: options.acceptDelayMs });
  await page.mountHook(
    hook,
    'useWebSocket',
    options.child ? { child: options.child, what: 'a component that calls useWebSocket() and renders a child' } : {},
  );
  return { server, page };
}

async function opened(server: PageServer, page: Page<Status>, ms = 1000): Promise<PageConnection> {
  const connection = await firstConnection(page, server, { ms });
  check(connection.url === SOCKET_URL, `the hook connected to ${describeValue(connection.url)}, expected ${SOCKET_URL}`);
  return connection;
}

/** Calls the send() the hook returned last; a throw fails the test saying so. */
async function send(page: Page<Status>, text: string, when: string): Promise<void> {
  const seen = await page.snapshot();
  const sendMessage = seen.latest?.send as unknown;
  if (typeof sendMessage !== 'function') fail(`useWebSocket() returned send: ${latestShown(seen, 'send')}, expected a function`);
  const what = `send({ type: 'chat', text: '${text}' }) ${when}`;
  try {
    await within(1000, Promise.resolve((sendMessage as Status['send'])({ type: 'chat', text })), `${what} did not return within 1000 ms`, true);
  } catch (error) {
    if (!(error instanceof RemoteThrow)) throw explainFailure(what, error);
    const thrown = asError(error.thrown);
    fail(
      `${what} threw ${describeError(thrown)}` +
        (/CONNECTING|InvalidStateError/.test(`${thrown.name} ${thrown.message}`) ? ': socket.send() throws until the socket is OPEN, so queue the message and send it on open' : ''),
    );
  }
}

/** Checks that `frame` is the JSON text of a chat with `text`. */
function checkFrame(frame: PageFrame, text: string): void {
  check(
    frame.isText,
    `the hook sent a binary frame (${describeValue(frame.text)}), not text: a WebSocket sends a string as a text frame, so send encode(message), the JSON text`,
  );
  check(
    frame.text !== '[object Object]',
    "the hook sent '[object Object]', which is what socket.send() makes of an object (it turns what is not binary into text with String()): " +
      'send encode(message) (JSON.stringify), never the object',
  );
  let json: unknown;
  try {
    json = JSON.parse(frame.text);
  } catch {
    fail(`the hook sent ${describeValue(frame.text)}, which is not JSON: send encode(message)`);
  }
  check(isDeepStrictEqual(json, { type: 'chat', text }), `the hook sent ${describeValue(frame.text)}, expected the JSON text of { type: 'chat', text: '${text}' }`);
}

/** Waits until `count` frames have reached the server; `failure` is told how many had at the end of the wait. */
async function frames(connection: PageConnection, page: Page<Status>, count: number, failure: (arrived: number) => string): Promise<readonly PageFrame[]> {
  await page.waitFor(() => connection.received.seen.length >= count, 1000, () => failure(connection.received.seen.length));
  return connection.received.seen;
}

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

const chatFrame = (id: string, text: string): string => JSON.stringify({ type: 'chat', id, from: 'user-b', text, at: 1767225600000 });
const shownMessages = (seen: Seen): string => describeValue(JSON.stringify(seen.latest?.messages));

ex.test('send-json-text', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(
    (seen) => connection.isOpen && seen.latest?.state === 'open',
    1000,
    (seen) => `the connection ${connection.isOpen ? 'is open' : 'never opened'}, but state is ${latestShown(seen, 'state')}, not 'open'`,
  );
  await send(page, 'hello', 'once the socket was open');
  const [frame] = await frames(connection, page, 1, () => "send({ type: 'chat', text: 'hello' }) was called on an open socket, but within 1000 ms nothing reached the server");
  checkFrame(frame as PageFrame, 'hello');
  const more = await connection.received.quietFor(100);
  check(more.length === 0, `one send() made ${1 + more.length} frames reach the server, expected exactly one`);
});

ex.test('send-queued-until-open', async () => {
  // The server accepts the handshake only after 500 ms: until then the page's socket is CONNECTING.
  const { server, page } = await renderHook({ acceptDelayMs: 500, child: { method: 'send', args: [{ type: 'chat', text: 'first' }] } });
  const seen = await page.snapshot();
  const [thrown] = seen.childErrors;
  if (thrown !== undefined) {
    fail(
      `a child component called send({ type: 'chat', text: 'first' }) in its effect on mount, which React runs before the hook's ` +
        `own effect, so before the socket exists; send() threw ${describeError(thrown)}: queue the message whether or not there is a socket yet`,
    );
  }
  await send(page, 'second', 'while the socket was CONNECTING');
  await send(page, 'third', 'while the socket was CONNECTING');
  check(server.connections.seen.length === 0, 'the server had already accepted the connection when the messages were sent: this test needs the socket CONNECTING');
  const connection = await opened(server, page, 2000);
  const early = await frames(
    connection,
    page,
    3,
    (arrived) =>
      `three messages were sent before the socket opened (one from a child's effect before the socket existed, two while it was CONNECTING), ` +
      `and within 1000 ms of it opening ${arrived} reached the server: queue what is sent before 'open', and send the queue when the socket opens`,
  );
  checkFrame(early[0] as PageFrame, 'first');
  checkFrame(early[1] as PageFrame, 'second');
  checkFrame(early[2] as PageFrame, 'third');
  await send(page, 'fourth', 'once the socket was open');
  const all = await frames(connection, page, 4, () => 'a fourth message, sent after the socket opened, did not reach the server within 1000 ms');
  checkFrame(all[3] as PageFrame, 'fourth');
  await connection.received.quietFor(100);
  const received = connection.received.seen;
  check(
    received.length === 4,
    `four messages were sent and ${received.length} frames reached the server: ${received.map((f) => f.text).join(', ')} (each should go out once)`,
  );
});

ex.test('receive-chat-messages', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(() => connection.isOpen, 1000, () => 'the connection never opened');
  connection.send(JSON.stringify({ type: 'welcome', userId: 'user-a' }));
  connection.send(chatFrame('m1', 'hello'));
  connection.send(chatFrame('m2', 'and hello again'));
  const wanted = [JSON.parse(chatFrame('m1', 'hello')), JSON.parse(chatFrame('m2', 'and hello again'))] as Array<Record<string, unknown>>;
  const matches = (seen: Seen): boolean => {
    const messages = seen.latest?.messages as unknown;
    return (
      Array.isArray(messages) &&
      messages.length === wanted.length &&
      messages.every((m, i) => Object.entries(wanted[i] ?? {}).every(([key, value]) => (m as Record<string, unknown> | null)?.[key] === value))
    );
  };
  const seen = await page.waitFor(
    matches,
    1000,
    (s) =>
      `the server sent a welcome and two chats, but messages is ${shownMessages(s)}: ` +
      "parse each frame, and add each 'chat' to messages (the welcome is not a chat), in order",
  );
  check(seen.latest?.userId === 'user-a', `after the welcome {"type":"welcome","userId":"user-a"}, userId is ${latestShown(seen, 'userId')}`);
  const last = seen.latest?.lastMessage as unknown;
  const lastWanted = wanted[1] ?? {};
  check(
    typeof last === 'object' && last !== null && Object.entries(lastWanted).every(([key, value]) => (last as Record<string, unknown>)[key] === value),
    `after a welcome and two chats, lastMessage is ${latestShown(seen, 'lastMessage')}, expected the last ServerMessage, parsed: ` +
      `the chat ${JSON.stringify(lastWanted)} as an object, not its text (since lesson 04, keep the message parseServerMessage() returned)`,
  );
});

ex.test('receive-ignores-invalid', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(
    (seen) => connection.isOpen && seen.latest?.state === 'open',
    1000,
    (seen) => `the connection ${connection.isOpen ? 'is open' : 'never opened'}, but state is ${latestShown(seen, 'state')}, not 'open'`,
  );
  connection.send(JSON.stringify({ type: 'welcome', userId: 'user-a' }));
  const invalid = ['this is not JSON', '{"type":"dance"}', '{"type":"chat","text":"no id, no sender"}', '[1,2,3]', 'null', '{"type":"chat","id":7,"from":"x","text":"id not a string","at":1}'];
  for (const frame of invalid) {
    connection.send(frame);
    await delivered(connection, server, page);
    await page.checkNoCrash(`after the server sent ${describeValue(frame)}; a frame that is not a ServerMessage must be ignored`);
  }
  connection.sendBinary(new TextEncoder().encode(chatFrame('m8', 'sent as bytes')));
  await delivered(connection, server, page);
  await page.checkNoCrash('after the server sent a binary frame; event.data is then a Blob, not text, and must be ignored');
  const ignoredCount = invalid.length + 1;
  connection.send(chatFrame('m9', 'still here'));
  const seen = await page.waitFor(
    (s) => s.latest?.messages?.length === 1 && s.latest.messages[0]?.text === 'still here',
    1000,
    (s) =>
      `after ${invalid.length} invalid frames and one valid chat, messages is ${shownMessages(s)}, ` +
      "expected just the valid chat 'still here': ignore what does not parse as a ServerMessage, keep the rest",
  );
  check(
    seen.latest?.ignored === ignoredCount,
    `${invalid.length} frames that are not ServerMessages and one binary frame arrived, and ignored is ${shown(seen.latest?.ignored)}, ` +
      `expected ${ignoredCount}: count each frame you ignore (and nothing else) in ignored`,
  );
  check(seen.latest?.state === 'open', `after the invalid frames state is ${latestShown(seen, 'state')}, expected 'open': ignore bad frames, do not close`);
  check(connection.isOpen, 'the hook closed the connection after invalid frames: ignore them and keep it open');
});
