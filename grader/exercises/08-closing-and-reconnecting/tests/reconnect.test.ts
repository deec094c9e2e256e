/**
 * The learner's ChatConnection in the subject, on a clock only the test moves,
 * connected to the test's probe server. The probe drops its connections (a close
 * frame with a code, or no close frame at all) and plays the chat server. The
 * evidence: which connections reach the probe and at what time of the fake clock,
 * the frames each new connection sends, the close frames it gets, and what the
 * learner's send() returned.
 */
import { call, check, describeValue, eventually, fail, gradedExercise, onCleanup, sleep, startProbeServer, type ProbeConnection, type ProbeServer } from '../../../harness';
import type * as ConnectionModule from '../../../../solutions/08-closing-and-reconnecting/app/lib/chat-connection';
import { CROSSING_MS, startFixture, type Connection, type ConnectionOptions } from './support';

const ex = gradedExercise('08');

const BASE_MS = 1000;
const CAP_MS = 8000;
/** The random source gives this, every time: each wait is half its ceiling. */
const HALF = 0.5;

async function connect(probe: ProbeServer, options: Partial<ConnectionOptions> = {}): Promise<Connection> {
  await ex.load<typeof ConnectionModule>('app/lib/chat-connection.ts', ['ChatConnection']);
  const full: ConnectionOptions = { url: probe.url('/'), random: [HALF], baseMs: BASE_MS, capMs: CAP_MS, stableMs: 60_000, queueLimit: 100, ...options };
  const shown = `{ baseMs: ${full.baseMs}, capMs: ${full.capMs}, stableMs: ${full.stableMs}, queueLimit: ${full.queueLimit}, random }`;
  const connection = await startFixture<Connection>(ex, 'chatConnection', full, `new ChatConnection(url, ${shown})`);
  onCleanup(() => connection.dispose());
  return connection;
}

/** The next connection to reach the probe, once the ChatConnection says it is open too (close() before then would abort it). */
async function opened(probe: ProbeServer, connection: Connection, failure: string, seen = 0): Promise<ProbeConnection> {
  const next = await probe.nextConnection(CROSSING_MS, failure);
  await connection.whenState('open', seen, CROSSING_MS);
  return next;
}

const FIRST = 'a new ChatConnection never connected to its URL';

/** What backoffDelay() gives attempt `attempt` with the tests' options and random source. */
const waitOf = (attempt: number): number => HALF * Math.min(CAP_MS, BASE_MS * 2 ** attempt);

const advance = (connection: Connection, ms: number): Promise<number> => call(`advancing the clock by ${ms} ms`, () => connection.advance(ms), 5000);

/** Drops `current` from the probe's side, and waits until the ChatConnection has seen it go. */
async function dropped(connection: Connection, drop: () => void): Promise<void> {
  const seen = (await call('reading the states', () => connection.states(), 2000)).length;
  drop();
  const states = await connection.whenState('reconnecting', seen, CROSSING_MS);
  check(
    states.slice(seen).includes('reconnecting'),
    `after its connection dropped, the ChatConnection reported the states ${describeValue(states.slice(seen))}, expected 'reconnecting' while it waits for the next attempt`,
  );
}

/**
 * After a drop (see dropped()), the next connection must come `delay` ms of the clock later: none at `delay - 1`,
 * one at `delay`. `why` names the drop and the attempt.
 */
async function reconnectsAfter(probe: ProbeServer, connection: Connection, delay: number, why: string): Promise<ProbeConnection> {
  const seen = (await call('reading the states', () => connection.states(), 2000)).length;
  if (delay > 1) {
    const before = probe.connections.seen.length;
    await advance(connection, delay - 1);
    await sleep(100);
    check(probe.connections.seen.length === before, `${why}, the ChatConnection connected again after ${delay - 1} ms of the clock, before backoffDelay() said: ${delay} ms`);
  }
  await advance(connection, delay > 1 ? 1 : delay);
  return opened(
    probe,
    connection,
    `${why}, the ChatConnection had not connected again ${delay} ms later (backoffDelay() gives ${delay} ms here): after a drop, wait backoffDelay(attempt), then connect`,
    seen,
  );
}

/**
 * After a drop, the next connection, however long the backoff makes it wait: the clock moves on by the
 * cap, the longest any wait may be. For the tests of what a new connection sends, not of when it comes.
 */
async function reconnects(probe: ProbeServer, connection: Connection): Promise<ProbeConnection> {
  const seen = (await call('reading the states', () => connection.states(), 2000)).length;
  await advance(connection, CAP_MS);
  return opened(probe, connection, `when its connection dropped, the ChatConnection had not connected again ${CAP_MS} ms later, the longest its backoff may wait (capMs)`, seen);
}

/** The frames `connection` sends first, within a moment, as parsed JSON. */
async function firstFrames(connection: ProbeConnection, count: number, what: string): Promise<unknown[]> {
  const frames: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    const frame = await connection.nextMessage(CROSSING_MS, `${what}: ${i === 0 ? 'nothing was sent' : `only ${i} frame${i === 1 ? ' was' : 's were'} sent`} within ${CROSSING_MS} ms`);
    try {
      frames.push(JSON.parse(frame.text));
    } catch {
      fail(`${what}: the connection sent ${describeValue(frame.text)}, which is not JSON`);
    }
  }
  return frames;
}

const chat = (id: number, room: string): string => JSON.stringify({ type: 'chat', id, room, from: 'amy', text: `message ${id}`, at: 1_700_000_000_000 + id });

ex.test('reconnects-with-backoff', async () => {
  const probe = await startProbeServer();
  const connection = await connect(probe);
  let current = await opened(probe, connection, FIRST);
  // Attempt 0 after a restart's close frame, attempt 1 after a drop without one: the ceiling doubles, and the
  // wait is half of it (random gives 0.5).
  const drops: ReadonlyArray<[string, (c: ProbeConnection) => void]> = [
    ['closed with 1012 (Service Restart)', (c) => c.socket.close(1012, 'Server restarting')],
    ['dropped without a close frame', (c) => c.socket.terminate()],
  ];
  for (const [attempt, [how, drop]] of drops.entries()) {
    const dropping = current;
    await dropped(connection, () => drop(dropping));
    current = await reconnectsAfter(probe, connection, waitOf(attempt), `when its connection was ${how} (attempt ${attempt})`);
  }

  // Then the server is away: every handshake is refused, and each failed attempt waits longer, up to the cap.
  probe.refuse(503);
  const last = current;
  await dropped(connection, () => last.socket.terminate());
  for (const attempt of [2, 3, 4]) {
    const closed = await call('counting the sockets closed', () => connection.whenSocketsClosed(0, 0), 2000);
    const before = probe.upgradeRequests.seen.length;
    const delay = waitOf(attempt);
    const why = `while the server refused every handshake (attempt ${attempt})`;
    await advance(connection, delay - 1);
    await sleep(100);
    check(probe.upgradeRequests.seen.length === before, `${why}, the ChatConnection tried again after ${delay - 1} ms of the clock, before backoffDelay() said: ${delay} ms`);
    await advance(connection, 1);
    check(
      await eventually(() => probe.upgradeRequests.seen.length > before, CROSSING_MS),
      `${why}, the ChatConnection had not tried again ${delay} ms later (backoffDelay() gives ${delay} ms here): a connection that never opened counts as one more attempt`,
    );
    // The refusal reaches the socket: then the next wait begins.
    await connection.whenSocketsClosed(closed + 1, CROSSING_MS);
  }
  probe.refuse(null);
  await reconnectsAfter(probe, connection, waitOf(5), 'when the server was back (attempt 5)');
});

ex.test('backoff-resets-after-stable', async () => {
  const probe = await startProbeServer();
  const connection = await connect(probe, { stableMs: 5000 });
  let current = await opened(probe, connection, FIRST);
  // Two quick drops: attempts 0 and 1.
  const firstOne = current;
  await dropped(connection, () => firstOne.socket.terminate());
  current = await reconnectsAfter(probe, connection, HALF * BASE_MS, 'when its connection dropped (attempt 0)');
  const secondOne = current;
  await dropped(connection, () => secondOne.socket.terminate());
  current = await reconnectsAfter(probe, connection, HALF * BASE_MS * 2, 'when it dropped again at once (attempt 1)');
  // This one stays up for stableMs: after it, the backoff starts over.
  await advance(connection, 5000);
  const stableOne = current;
  await dropped(connection, () => stableOne.socket.terminate());
  await reconnectsAfter(
    probe,
    connection,
    HALF * BASE_MS,
    'after a connection that had stayed open for stableMs (5000 ms) dropped, backoffDelay(0) was due again: the count of attempts starts over after a connection that stayed up;',
  );
});

ex.test('no-reconnect-when-told', async () => {
  const probe = await startProbeServer();
  for (const [code, meaning] of [
    [1008, 'a policy close (1008)'],
    [4001, "one of the app's own codes (4001)"],
  ] as const) {
    const connection = await connect(probe);
    const current = await opened(probe, connection, FIRST);
    const before = probe.connections.seen.length;
    current.socket.close(code, 'Not allowed');
    await connection.whenState('closed', 0, CROSSING_MS);
    await advance(connection, CAP_MS * 3);
    await sleep(200);
    check(probe.connections.seen.length === before, `after ${meaning}, the ChatConnection connected again: a close that says "do not come back" is obeyed`);
    const states = await call('reading the states', () => connection.states(), 2000);
    check(states.at(-1) === 'closed', `after ${meaning}, the ChatConnection's state is ${describeValue(states.at(-1))}, expected 'closed'`);
  }

  const connection = await connect(probe);
  const current = await opened(probe, connection, FIRST);
  await call('connection.close()', () => connection.close(), 2000);
  const { code } = await current.closedWithin(CROSSING_MS, "close() was called, and the probe's connection had not closed 1000 ms later");
  check(code === 1000, `close() closed the connection with ${code}, expected 1000 (Normal Closure): the page leaves on purpose`);
  const before = probe.connections.seen.length;
  await advance(connection, CAP_MS * 3);
  await sleep(200);
  check(probe.connections.seen.length === before, 'after the page itself called close(), the ChatConnection connected again: an intentional close is the end');
  const states = await call('reading the states', () => connection.states(), 2000);
  check(states.at(-1) === 'closed', `after close(), the ChatConnection's state is ${describeValue(states.at(-1))}, expected 'closed'`);
});

ex.test('resumes-where-it-left', async () => {
  const probe = await startProbeServer();
  const connection = await connect(probe);
  for (const message of [
    { type: 'join', room: 'lobby', after: 0 },
    { type: 'join', room: 'random', after: 5 },
    { type: 'join', room: 'games', after: 0 },
    { type: 'leave', room: 'games' },
  ] as const) {
    await call(`connection.send(${JSON.stringify(message)})`, () => connection.send(message), 2000);
  }
  const first = await opened(probe, connection, FIRST);
  // What the first connection says is lesson 04's business; here it only has to get the room's news.
  await first.messages.quietFor(100);
  for (const frame of [chat(1, 'lobby'), chat(2, 'lobby'), chat(7, 'random'), chat(3, 'lobby')]) first.send(frame);
  await connection.whenMessages(4, CROSSING_MS);

  await dropped(connection, () => first.socket.terminate());
  const second = await reconnects(probe, connection);
  const frames = await firstFrames(second, 2, 'on its new connection, the ChatConnection was to rejoin lobby and random first');
  const joins = frames.map((f) => JSON.stringify(f)).sort();
  const expected = [{ type: 'join', room: 'lobby', after: 3 }, { type: 'join', room: 'random', after: 7 }].map((f) => JSON.stringify(f)).sort();
  check(
    joins.join() === expected.join(),
    `on its new connection, the ChatConnection sent ${frames.map((f) => JSON.stringify(f)).join(', ')} first; expected ${expected.join(' and ')}: ` +
      'a join for every room the page is in, with after: the id of the last message received there, so the server sends only what was missed',
  );
  await sleep(150);
  const extra = second.messages.seen.slice(2).find((f) => /"join"/.test(f.text));
  check(extra === undefined, `on its new connection, the ChatConnection also sent ${describeValue(extra?.text)}: one join per room the page is in, and none for a room it left`);
});

ex.test('queue-bounded-in-order', async () => {
  const probe = await startProbeServer();
  const connection = await connect(probe, { queueLimit: 3 });
  await call("connection.send({ type: 'join', room: 'lobby', after: 0 })", () => connection.send({ type: 'join', room: 'lobby', after: 0 }), 2000);
  const first = await opened(probe, connection, FIRST);
  await first.messages.quietFor(100);
  await dropped(connection, () => first.socket.terminate());

  const texts = ['one', 'two', 'three', 'four'];
  for (const [i, text] of texts.entries()) {
    const message = { type: 'chat', room: 'lobby', text } as const;
    const kept = await call(`connection.send(${JSON.stringify(message)}) while disconnected`, () => connection.send(message), 2000);
    if (i < 3) check(kept === true, `send() of the ${['1st', '2nd', '3rd'][i]} chat while disconnected returned ${describeValue(kept)}, expected true: it waits for the next connection`);
    else check(kept === false, `send() of a 4th chat while 3 waited (queueLimit: 3) returned ${describeValue(kept)}, expected false: the queue is full, and the chat is not kept`);
  }

  const second = await reconnects(probe, connection);
  const frames = await firstFrames(second, 4, 'on its new connection, the ChatConnection was to rejoin lobby, then send the 3 chats that waited');
  const shown = frames.map((f) => JSON.stringify(f)).join(', ');
  check(
    JSON.stringify(frames[0]) === JSON.stringify({ type: 'join', room: 'lobby', after: 0 }),
    `on its new connection, the ChatConnection sent ${shown}: the rejoin comes first, as a chat for a room the new connection has not joined is refused`,
  );
  const chats = frames.slice(1).map((f) => (f as { text?: unknown }).text);
  check(
    JSON.stringify(frames.slice(1)) === JSON.stringify(texts.slice(0, 3).map((text) => ({ type: 'chat', room: 'lobby', text }))),
    `after its rejoin, the ChatConnection sent ${chats.map((t) => describeValue(t)).join(', ')}, expected the chats that waited, 'one', 'two', 'three', in order`,
  );
  await sleep(150);
  const more = second.messages.seen.slice(4);
  check(more.length === 0, `then it also sent ${describeValue(more[0]?.text)}: each waiting chat goes once, and the one refused never`);
});
