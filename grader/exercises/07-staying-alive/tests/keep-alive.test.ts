/**
 * The server's heartbeat: the learner's keepAlive() on a `ws` server in the
 * subject, whose clock only the test moves. Probe clients connect through wire
 * taps; a tap that goes silent is a client whose network went away without a
 * word. Evidence: the pings that reach each probe, and whether and how its
 * connection ended.
 */
import { call, check, connectProbe, fail, gradedExercise, onCleanup, sleep, type ProbeSocket } from '../../../harness';
import type * as KeepAlive from '../../../../solutions/07-staying-alive/app/lib/keep-alive';
import { CROSSING_MS, INTERVAL_MS, ordinal, startFixture, type Heartbeat } from './support';

const ex = gradedExercise('07');

async function startHeartbeat(): Promise<Heartbeat> {
  // Loaded here first, so that a file that does not compile, or lacks the export, is told as such.
  await ex.load<typeof KeepAlive>('app/lib/keep-alive.ts', ['keepAlive']);
  const server = await startFixture<Heartbeat>(ex, 'serverHeartbeat', { intervalMs: INTERVAL_MS }, `keepAlive(wss, ${INTERVAL_MS})`);
  onCleanup(() => server.close());
  return server;
}

/** Connects the `index`th client (from 0) and waits until the server has it. */
async function client(server: Heartbeat, index: number): Promise<ProbeSocket> {
  const probe = await connectProbe(`ws://127.0.0.1:${server.port}/`);
  await server.whenConnected(index + 1, CROSSING_MS);
  return probe;
}

/** Whether `probe`'s connection has ended, giving it a moment to: terminate() is seen within milliseconds. */
async function ended(probe: ProbeSocket, ms = 200): Promise<boolean> {
  return Promise.race([probe.closed.then(() => true), sleep(ms).then(() => false)]);
}

/**
 * One interval: moves the clock on by one, then every client in `answering` must receive a ping,
 * and its pong must reach the server before the next interval. `round` counts from 1.
 */
async function interval(server: Heartbeat, round: number, answering: ReadonlyArray<{ probe: ProbeSocket; index: number }>): Promise<void> {
  await call('advancing the clock by one interval', () => server.advance(INTERVAL_MS), 5000);
  for (const { probe, index } of answering) {
    const pinged = probe.pings.seen.length;
    try {
      await probe.pings.next(CROSSING_MS, 'no ping');
    } catch {
      if (await ended(probe)) {
        fail(
          `the server ended the connection of a client that had answered every ping (in the ${ordinal(round)} interval, before pinging it): ` +
            "a socket whose pong came since the last round is alive: mark it so on every 'pong'",
        );
      }
      fail(`a client got no ping in the ${ordinal(round)} interval (${pinged} before it): keepAlive() pings every client of wss.clients once every interval`);
    }
    // The probe answered at once (ws does, as a browser does): wait until the server has the answer.
    await server.whenPongs(index, probe.pings.seen.length, CROSSING_MS);
    if (await ended(probe, 50)) {
      fail(
        `the server ended the connection of a client that had answered every ping (in the ${ordinal(round)} interval, right after pinging it): ` +
          'check first, then ping: the pong to a ping sent in this round cannot have come back yet',
      );
    }
  }
}

ex.test('live-peer-kept', async () => {
  const server = await startHeartbeat();
  const amy = await client(server, 0);
  const ROUNDS = 6;
  for (let round = 1; round <= ROUNDS; round += 1) await interval(server, round, [{ probe: amy, index: 0 }]);
  check(!(await ended(amy)), `the server ended the connection of a client that had answered every one of ${ROUNDS} pings: an answering client is never terminated`);
  const pings = amy.pings.seen.length;
  check(pings <= ROUNDS + 1, `a client was pinged ${pings} times in ${ROUNDS} intervals: once an interval is the heartbeat, more is traffic for nothing`);
});

ex.test('silent-peer-terminated', async () => {
  const server = await startHeartbeat();
  const amy = await client(server, 0);
  const zoe = await client(server, 1);
  const zoeTap = zoe.tap;
  if (!zoeTap) throw new Error('connectProbe() gives every probe its tap');
  // Zoe's network goes away: from now on nothing she sends arrives, nor anything sent to her.
  zoeTap.silence();

  await interval(server, 1, [{ probe: amy, index: 0 }]);
  await interval(server, 2, [{ probe: amy, index: 0 }]);
  const gone = await zoeTap.allEnded(CROSSING_MS);
  const [close] = zoeTap.closes();
  if (!gone) {
    if (close?.by === 'server') {
      fail(
        `the server sent a close frame (${close.code ?? 'no code'}) to a client whose network had gone silent, and was still waiting for its answer: ` +
          'a peer that is gone never answers, so terminate() its socket instead of close()',
      );
    }
    fail("a client stopped answering (its network went silent), and two intervals later the server still held its connection open: terminate() a socket that did not answer the last round's ping");
  }
  check(!(await ended(amy)), 'the server terminated the silent client, but also a client that answered every ping');
  await interval(server, 3, [{ probe: amy, index: 0 }]);
});

ex.test('heartbeat-stops', async () => {
  const server = await startHeartbeat();
  const amy = await client(server, 0);
  await interval(server, 1, [{ probe: amy, index: 0 }]);
  await call('the function keepAlive() returned', () => server.stop(), 2000);
  for (let round = 1; round <= 3; round += 1) {
    const before = amy.pings.seen.length;
    await call('advancing the clock by one interval', () => server.advance(INTERVAL_MS), 5000);
    await sleep(100);
    check(amy.pings.seen.length === before, `after the function keepAlive() returned was called, a client was still pinged (${round} interval${round === 1 ? '' : 's'} later): it stops the interval`);
    check(!(await ended(amy, 0)), 'after the function keepAlive() returned was called, the server ended a client\'s connection: a stopped heartbeat terminates nobody');
  }

  // A second server, never stopped by hand: closing it must be enough.
  const other = await startHeartbeat();
  const zoe = await client(other, 0);
  await interval(other, 1, [{ probe: zoe, index: 0 }]);
  const left = await call('closing the server (wss.close())', () => other.closeServer(), 5000);
  check(left === 0, `once the server had closed, keepAlive() had left ${String(left)} timer${left === 1 ? '' : 's'} set: clear the interval when wss emits 'close'`);
});
