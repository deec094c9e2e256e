/**
 * The learner's closeClients() on a `ws` server in the subject, on a clock only
 * the test moves. One probe client answers close frames at once (ws does, as a
 * browser does); another sits behind a wire tap that has gone silent, a page
 * whose network is gone. The evidence: the close frames and connection ends the
 * probes and the tap see, and when the learner's promise settled.
 */
import { call, check, connectProbe, describeValue, fail, gradedExercise, onCleanup, sleep } from '../../../harness';
import type * as Shutdown from '../../../../solutions/08-closing-and-reconnecting/app/lib/shutdown';
import { CROSSING_MS, startFixture, type Shutdown as ShutdownFixture } from './support';

const ex = gradedExercise('08');

const GRACE_MS = 2000;
const REASON = 'Server restarting';

ex.test('shutdown-graceful', async () => {
  await ex.load<typeof Shutdown>('app/lib/shutdown.ts', ['closeClients']);
  const server = await startFixture<ShutdownFixture>(ex, 'shutdownServer', {}, 'a ws server for closeClients()');
  onCleanup(() => server.close());
  const amy = await connectProbe(`ws://127.0.0.1:${server.port}/`);
  const zoe = await connectProbe(`ws://127.0.0.1:${server.port}/`);
  await server.whenConnected(2, CROSSING_MS);
  const zoeTap = zoe.tap;
  if (!zoeTap) throw new Error('connectProbe() gives every probe its tap');
  zoeTap.silence();

  await call(`closeClients(wss, 1012, '${REASON}', ${GRACE_MS})`, () => server.begin(1012, REASON, GRACE_MS), 2000);
  const amyClose = await amy.closedWithin(
    CROSSING_MS,
    `closeClients(wss, 1012, '${REASON}', ${GRACE_MS}) was called, and a client that answers at once had not been closed ${CROSSING_MS} ms later: close() every client of wss.clients first`,
  );
  check(amyClose.code === 1012, `a client was closed with ${amyClose.code}, expected 1012 (Service Restart), the code closeClients() was given: a page learns why, and comes back`);
  check(amyClose.reason === REASON, `a client was closed with the reason ${describeValue(amyClose.reason)}, expected ${describeValue(REASON)}`);

  // Zoe's tap sees the close frame the server sends her, though it never reaches her.
  const deadline = Date.now() + CROSSING_MS;
  while (zoeTap.closes()[0]?.by !== 'server' && Date.now() < deadline) await sleep(10);
  const [zoeClose] = zoeTap.closes();
  if (zoeTap.closes()[0]?.ended) {
    fail(
      zoeClose?.by === 'server'
        ? `a client that did not answer the close frame was ended at once, before graceMs (${GRACE_MS} ms) had passed: give every client the time to answer`
        : 'a client was ended without a close frame: send each client close(code, reason) first, so that the page learns why',
    );
  }
  check(zoeClose?.by === 'server' && zoeClose.code === 1012, 'a client whose network had gone silent was sent no close frame with 1012: close() every client of wss.clients, answered or not');
  const early = await call('reading whether closeClients() has settled', () => server.settled(), 2000);
  check(early.at === null, 'closeClients() settled while a client had not yet answered nor been ended: it resolves once every connection has ended');

  await call(`advancing the clock by ${GRACE_MS - 1} ms`, () => server.advance(GRACE_MS - 1), 5000);
  await sleep(100);
  check(!zoeTap.closes()[0]?.ended, `a client that did not answer the close frame was ended ${GRACE_MS - 1} ms later, before graceMs (${GRACE_MS} ms) had passed`);
  await call('advancing the clock by 1 ms', () => server.advance(1), 5000);
  const ended = await zoeTap.allEnded(CROSSING_MS);
  check(
    ended,
    `graceMs (${GRACE_MS} ms) had passed, and a client that never answered the close frame was still connected: terminate() every client still open once the grace is over`,
  );
  const done = await call('waiting for closeClients() to settle', () => server.whenSettled(CROSSING_MS), 3000);
  check(done.at !== null, `every connection had ended, and what closeClients() returned had not settled ${CROSSING_MS} ms later`);
  check(done.error === null, `closeClients() rejected with ${describeValue(done.error)}, expected it to resolve`);
});
