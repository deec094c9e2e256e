/**
 * The room page on the client: the learner's route module mounted as Remix
 * would (createRemixStub, in the subject's jsdom page), inside the app's
 * <ChatSocketProvider>, with a loader context whose store holds messages the
 * test chose. The tab's socket reaches this test's page server: the join frame
 * it sends is the evidence for the cursor, and the chats the test sends back,
 * with the text the page then shows, the evidence for the merge.
 */
import { vi } from 'vitest';
import { check, describeValue, fail, gradedExercise } from '../../../harness';
import { openPage, PAGE_TEST_TIMEOUT_MS, type Page, type PageConnection, type PageServer } from '../../../harness/page';
import { firstConnection, pageFile, quotedText, SOCKET_URL } from '../../03-connecting-from-a-route/tests/support';
import { FIXTURE, type NewMessage } from './support';

// The first test waits for a subject that has loaded jsdom, React and Remix: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS });

const ex = gradedExercise('06', { page: 'routes' });

const ROUTE_FILE = 'app/routes/rooms.$room.tsx';
const PROVIDER_FILE = 'app/hooks/useChatSocket.tsx';
const at = 1_767_000_000_000;

/** Mounts the room page at /rooms/`room`, its store holding `messages` (ids 1, 2, … in this order). */
async function roomPage(room: string, messages: readonly NewMessage[]): Promise<{ page: Page<unknown>; server: PageServer; connection: PageConnection }> {
  await ex.load(ROUTE_FILE, ['default', 'loader']);
  const { page, server } = await openPage<unknown>(await ex.subject(), { routes: true });
  await page.mountRoute(pageFile(ex, ROUTE_FILE), {
    path: 'rooms/:room',
    url: `/rooms/${room}`,
    wrapper: { file: pageFile(ex, PROVIDER_FILE), export: 'ChatSocketProvider' },
    context: { fixture: FIXTURE, export: 'loadContext', args: { messages } },
    what: `the room page at /rooms/${room}`,
  });
  const connection = await firstConnection(page, server, { what: 'the room page', ms: 3000 });
  check(connection.url === SOCKET_URL, `the room page's socket connected to ${describeValue(connection.url)}, expected ${SOCKET_URL}`);
  return { page, server, connection };
}

/** The frame the page sent whose JSON is a join of `room` (or, failing that, its first join). */
async function joinFrame(page: Page<unknown>, connection: PageConnection, room: string): Promise<Record<string, unknown>> {
  const joins = (): Array<Record<string, unknown>> =>
    connection.received.seen.flatMap((frame) => {
      try {
        const json = JSON.parse(frame.text) as unknown;
        return typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'join' ? [json as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  await page.waitFor(
    () => joins().some((j) => j.room === room),
    2000,
    () =>
      `the room page at /rooms/${room} sent no join for '${room}' within 2000 ms (it sent ${connection.received.seen.map((f) => describeValue(f.text)).join(', ') || 'nothing'}): ` +
      "on entering the room, send { type: 'join', room, after: cursor } over the tab's socket",
  );
  const join = joins().find((j) => j.room === room) ?? (joins()[0] as Record<string, unknown>);
  check(join.room === room, `the room page at /rooms/${room} sent ${describeValue(JSON.stringify(join))}: it should join '${room}', the room in its URL`);
  return join;
}

ex.test('join-sends-cursor', async () => {
  const { page, connection } = await roomPage('lobby', [
    { room: 'lobby', from: 'amy', text: 'one', at },
    { room: 'random', from: 'ben', text: 'elsewhere', at: at + 1 },
    { room: 'lobby', from: 'zoe', text: 'two', at: at + 2 },
    { room: 'lobby', from: 'amy', text: 'three', at: at + 3 },
    { room: 'random', from: 'ben', text: 'elsewhere again', at: at + 4 },
  ]);
  const join = await joinFrame(page, connection, 'lobby');
  check(
    join.after === 4,
    `the room page, loaded with the lobby's messages 1, 3 and 4, joined with ${describeValue(JSON.stringify(join))}: expected after: 4, the loader's cursor ` +
      '(the id of the last message it loaded), so that the server sends what was posted since the page was rendered',
  );
  await page.unmount();

  const quiet = await roomPage('quiet', [{ room: 'lobby', from: 'amy', text: 'one', at }]);
  const empty = await joinFrame(quiet.page, quiet.connection, 'quiet');
  check(
    empty.after === 0,
    `the room page of a room with no messages joined with ${describeValue(JSON.stringify(empty))}: expected after: 0, the loader's cursor when it loaded nothing. ` +
      'Without a cursor the server sends nothing, and a message posted before the socket opened is lost',
  );
});

/** The texts of the page, in the order the page shows them: each of `texts` as often as it appears. */
function shownOrder(text: string, texts: readonly string[]): string[] {
  const found: Array<{ at: number; text: string }> = [];
  for (const t of texts) for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length)) found.push({ at: i, text: t });
  return found.sort((a, b) => a.at - b.at).map((f) => f.text);
}

ex.test('live-once', async () => {
  const { page, connection } = await roomPage('lobby', [
    { room: 'lobby', from: 'amy', text: 'alpha-one', at },
    { room: 'lobby', from: 'zoe', text: 'bravo-two', at: at + 1 },
  ]);
  await page.waitFor(
    (seen) => seen.text.includes('alpha-one') && seen.text.includes('bravo-two'),
    2000,
    (seen) => `the room page, whose loader has the lobby's messages 'alpha-one' and 'bravo-two', showed ${quotedText(seen)}: render the loaded messages`,
  );
  await joinFrame(page, connection, 'lobby');

  const chat = (id: number, text: string, room = 'lobby'): string => JSON.stringify({ type: 'chat', id, room, from: 'ben', text, at: at + id });
  const frames = [
    chat(2, 'bravo-two'), // already loaded: the replay after a join can bring it
    chat(5, 'echo-five'),
    chat(4, 'delta-four'), // older than the one before it: a replay after a live message
    chat(6, 'foxtrot-six', 'random'), // another room's
    chat(5, 'echo-five'), // the same message again
  ];
  for (const frame of frames) connection.send(frame);
  const delivered = await page.delivered(frames.length, 2000);
  check(delivered, `the test sent the page ${frames.length} chat frames, and its socket did not dispatch them within 2000 ms`);
  await page.checkNoCrash('when the chat frames arrived');

  const expected = ['alpha-one', 'bravo-two', 'delta-four', 'echo-five'];
  const texts = [...expected, 'foxtrot-six'];
  const seen = await page.waitFor(
    (s) => s.text.includes('delta-four') && s.text.includes('echo-five'),
    2000,
    (s) => `the socket brought 'echo-five' and 'delta-four' to the lobby, and the page showed ${quotedText(s)}: show the room's live messages with the loaded ones`,
  );
  const order = shownOrder(seen.text, texts);
  if (order.includes('foxtrot-six')) fail(`the lobby's page showed 'foxtrot-six', a message to the room 'random': show only this room's live messages`);
  for (const text of expected) {
    const times = order.filter((t) => t === text).length;
    if (times > 1) {
      fail(
        `the page showed ${describeValue(text)} ${times} times (${describeValue(order.join(', '))}): it came from the loader and from the socket, or twice from the socket. ` +
          'Merge the two lists by id, each message once',
      );
    }
  }
  check(
    order.join(',') === expected.join(','),
    `the page showed the messages in the order ${describeValue(order.join(', '))}, expected ${describeValue(expected.join(', '))}: in order of id, ` +
      'whatever order the socket brought them in',
  );
});

ex.test('leave-on-switch', async () => {
  const { page, server, connection } = await roomPage('lobby', [
    { room: 'lobby', from: 'amy', text: 'one', at },
    { room: 'random', from: 'ben', text: 'elsewhere', at: at + 1 },
    { room: 'random', from: 'zoe', text: 'elsewhere again', at: at + 2 },
  ]);
  await joinFrame(page, connection, 'lobby');
  const before = connection.received.seen.length;
  check(await page.click('#random'), "the room page at /rooms/lobby has no link '#random' to another room");
  const join = await joinFrame(page, connection, 'random');
  check(
    join.after === 3,
    `the page moved to /rooms/random, whose messages it loaded are 2 and 3, and joined with ${describeValue(JSON.stringify(join))}: expected after: 3, the cursor of the room it entered`,
  );
  const sent = connection.received.seen.slice(before).map((f) => f.text);
  const left = sent.findIndex((text) => {
    try {
      const json = JSON.parse(text) as { type?: unknown; room?: unknown };
      return json.type === 'leave' && json.room === 'lobby';
    } catch {
      return false;
    }
  });
  check(
    left >= 0,
    `the page moved from /rooms/lobby to /rooms/random and sent ${sent.map((t) => describeValue(t)).join(', ')}, but no { type: 'leave', room: 'lobby' }: ` +
      "leave the old room in the join effect's cleanup, or the server goes on sending the lobby's messages to this tab",
  );
  check(
    server.sockets.length === 1,
    `the page moved to another room and ${server.sockets.length} sockets reached the server: the tab's one socket is the provider's, and moving between rooms keeps it`,
  );
});
