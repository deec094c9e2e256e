/**
 * The page's heartbeat: the learner's watchConnection() on a `ws` client in the
 * subject (a browser WebSocket's API), connected to the test's probe server
 * through a wire tap, on a clock only the test moves. The probe answers pings
 * the way the chat server does, or with other frames, or, once its tap goes
 * silent, not at all. Evidence: the frames that reach the probe, and when
 * onSilent ran.
 */
import { call, check, describeValue, fail, gradedExercise, onCleanup, sleep, startProbeServer, type ProbeConnection, type ProbeServer } from '../../../harness';
import type * as Watch from '../../../../solutions/07-staying-alive/app/lib/watch-connection';
import { CROSSING_MS, ordinal, startFixture, type Watch as WatchFixture } from './support';

const ex = gradedExercise('07');

const PING_MS = 1000;
const SILENCE_MS = 3500;
const PONG = JSON.stringify({ type: 'pong' });
/** A frame the chat server sends that is not a pong: it proves the connection works as well. */
const PRESENCE = JSON.stringify({ type: 'presence', room: 'lobby', members: ['amy'] });

interface Watched {
  readonly watch: WatchFixture;
  readonly connection: ProbeConnection;
}

/** Starts watchConnection() on a new socket to `probe`, with the test's intervals. */
async function watched(probe: ProbeServer): Promise<Watched> {
  await ex.load<typeof Watch>('app/lib/watch-connection.ts', ['watchConnection']);
  const options = `{ pingMs: ${PING_MS}, silenceMs: ${SILENCE_MS}, onSilent }`;
  const watch = await startFixture<WatchFixture>(ex, 'clientWatch', { url: probe.url('/'), pingMs: PING_MS, silenceMs: SILENCE_MS }, `watchConnection(socket, ${options})`);
  onCleanup(() => watch.close());
  const connection = await probe.nextConnection(CROSSING_MS, 'the watched socket never reached the probe server');
  return { watch, connection };
}

/** Checks that `text` is the chat protocol's ping: the JSON text { "type": "ping" }. */
function checkPing(text: string, isBinary: boolean, when: string): void {
  check(!isBinary, `watchConnection() sent a binary frame ${when}: the ping is JSON text, encode({ type: 'ping' })`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`watchConnection() sent ${describeValue(text)} ${when}, which is not JSON: send encode({ type: 'ping' })`);
  }
  const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
  check(keys.length === 1 && (parsed as { type?: unknown }).type === 'ping', `watchConnection() sent ${describeValue(text)} ${when}, expected the ping {"type":"ping"}`);
}

/** Moves the clock on by `ms`; the clock's time after. */
const advance = (watch: WatchFixture, ms: number): Promise<number> => call(`advancing the clock by ${ms} ms`, () => watch.advance(ms), 5000);

/**
 * One ping interval in which the probe answers with `answer` (or not at all); the clock's time after.
 * `last` names what the probe sent the interval before, for the failure when onSilent comes anyway.
 */
async function pingRound(w: Watched, round: number, answer: string | null, last = 'a pong'): Promise<number> {
  const now = await advance(w.watch, PING_MS);
  const silent = await silentAt(w.watch);
  check(
    silent.length === 0,
    round === 1
      ? `onSilent was called in the 1st interval, after ${PING_MS} ms: only silenceMs (${SILENCE_MS} ms) without a message is a silence`
      : `onSilent was called in the ${ordinal(round)} interval, though ${last} had arrived ${PING_MS} ms before: ` +
          'start the silence timer again on every message, whatever its type',
  );
  const frame = await w.connection.nextMessage(
    CROSSING_MS,
    `the socket was open and quiet, and watchConnection() sent no ping in the ${ordinal(round)} interval of pingMs (${PING_MS} ms): send one every pingMs`,
  );
  checkPing(frame.text, frame.isBinary, `in the ${ordinal(round)} interval`);
  if (answer !== null) {
    const heard = (await call('counting what the socket received', () => w.watch.heard(), 2000)) + 1;
    w.connection.send(answer);
    // The clock stands still until the socket has the answer: it arrives "at once".
    await w.watch.whenHeard(heard, CROSSING_MS);
  }
  return now;
}

async function silentAt(watch: WatchFixture): Promise<readonly number[]> {
  return call('reading when onSilent was called', () => watch.silentAt(), 2000);
}

ex.test('client-pings', async () => {
  const probe = await startProbeServer();
  const w = await watched(probe);
  // One ping at the start is allowed (some send one as soon as they begin); then one per interval.
  const early = await w.connection.messages.quietFor(100);
  check(early.length <= 1, `watchConnection() sent ${early.length} frames before any time had passed, expected at most one ping`);
  for (const frame of early) checkPing(frame.text, frame.isBinary, 'when it began');
  // Three intervals: 3000 ms, under silenceMs, so this test is about the pings alone.
  const ROUNDS = 3;
  for (let round = 1; round <= ROUNDS; round += 1) await pingRound(w, round, PONG);
  const sent = w.connection.messages.seen.length;
  check(sent <= ROUNDS + 1, `watchConnection() sent ${sent} frames in ${ROUNDS} intervals of pingMs: one ping per interval`);
});

ex.test('client-detects-silence', async () => {
  const probe = await startProbeServer();
  const w = await watched(probe);
  await w.connection.messages.quietFor(100);
  // Pongs first, then only other frames: every message proves the connection works, whatever its type.
  let heardAt = 0;
  const ROUNDS = 6;
  const answer = (round: number): string => (round <= 2 ? PONG : PRESENCE);
  for (let round = 1; round <= ROUNDS; round += 1) {
    heardAt = await pingRound(w, round, answer(round), round - 1 <= 2 ? 'a pong' : 'a presence message (not a pong)');
  }

  // The network goes away: nothing more arrives. onSilent is due silenceMs after the last message.
  probe.tap.silence();
  let now = heardAt;
  while (now + PING_MS < heardAt + SILENCE_MS) {
    now = await advance(w.watch, PING_MS);
    const calls = await silentAt(w.watch);
    check(
      calls.length === 0,
      `onSilent was called ${now - heardAt} ms after the last message arrived, before silenceMs (${SILENCE_MS} ms) of silence had passed`,
    );
  }
  now = await advance(w.watch, PING_MS);
  const calls = await silentAt(w.watch);
  check(
    calls.length > 0,
    `nothing had arrived for ${now - heardAt} ms, more than silenceMs (${SILENCE_MS} ms), and onSilent had not been called: start a silence timer again on every message`,
  );
  const first = calls[0] ?? 0;
  check(first >= heardAt + SILENCE_MS, `onSilent was called ${first - heardAt} ms after the last message, before silenceMs (${SILENCE_MS} ms) had passed`);

  await advance(w.watch, 4 * PING_MS);
  const again = await silentAt(w.watch);
  check(again.length === 1, `onSilent was called ${again.length} times for one silence: once, and then the watch is over`);
});

ex.test('client-stops', async () => {
  const probe = await startProbeServer();
  const w = await watched(probe);
  await w.connection.messages.quietFor(100);
  await pingRound(w, 1, PONG);
  await call('the function watchConnection() returned', () => w.watch.stop(), 2000);
  // The socket stays open and the server still talks on it: what arrives now must not start the watch again.
  const heard = await call('counting what the socket received', () => w.watch.heard(), 2000);
  w.connection.send(PRESENCE);
  await w.watch.whenHeard(heard + 1, CROSSING_MS);
  for (let round = 1; round <= 5; round += 1) {
    const before = w.connection.messages.seen.length;
    await advance(w.watch, PING_MS);
    await sleep(100);
    const late = w.connection.messages.seen.slice(before);
    check(late.length === 0, `after the function watchConnection() returned was called, the socket still sent ${describeValue(late[0]?.text)} (${ordinal(round)} interval later): stop the pings`);
  }
  check(
    (await silentAt(w.watch)).length === 0,
    "onSilent was called after the function watchConnection() returned had stopped the watch (and a message arrived after it): remove the 'message' listener too",
  );
  const left = await call('counting the timers left', () => w.watch.timersLeft(), 2000);
  check(left === 0, `after the function watchConnection() returned was called, ${left} timer${left === 1 ? ' was' : 's were'} still set: clear the ping interval and the silence timer`);

  // A second watch, never answered: once onSilent has run, it is over too.
  const lost = await watched(probe);
  await advance(lost.watch, SILENCE_MS + PING_MS);
  const calls = await silentAt(lost.watch);
  check(calls.length === 1, `nothing arrived for ${SILENCE_MS + PING_MS} ms and onSilent was called ${calls.length} times, expected once`);
  // Every ping sent so far has arrived by now; what comes next was sent after onSilent.
  await lost.connection.messages.quietFor(300);
  const before = lost.connection.messages.seen.length;
  await advance(lost.watch, 3 * PING_MS);
  await sleep(200);
  const after = lost.connection.messages.seen.slice(before);
  check(after.length === 0, `once onSilent had been called, the socket still sent ${describeValue(after[0]?.text)}: a silent connection is given up, its pings stopped`);
  check(before >= 1, 'a watch that ran for longer than silenceMs sent no ping at all');
  const leftAfterSilence = await call('counting the timers left', () => lost.watch.timersLeft(), 2000);
  check(leftAfterSilence === 0, `once onSilent had been called, ${leftAfterSilence} timer${leftAfterSilence === 1 ? ' was' : 's were'} still set`);
});
