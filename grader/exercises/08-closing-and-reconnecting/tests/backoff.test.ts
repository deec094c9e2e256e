/**
 * backoffDelay() is a pure function: the values it returns for chosen attempts,
 * options and random sources (made in the subject, where it runs, counting its
 * calls) are the evidence.
 */
import { check, describeValue, gradedExercise } from '../../../harness';
import type * as Backoff from '../../../../solutions/08-closing-and-reconnecting/app/lib/backoff';
import type { DelayCall } from '../../../subject/fixtures/08-reconnect';
import { startFixture } from './support';

const ex = gradedExercise('08');

ex.test('backoff-full-jitter', async () => {
  await ex.load<typeof Backoff>('app/lib/backoff.ts', ['backoffDelay']);
  const baseMs = 100;
  const capMs = 5000;
  for (const value of [0, 0.25, 0.5, 0.999]) {
    for (let attempt = 0; attempt <= 9; attempt += 1) {
      const what = `backoffDelay(${attempt}, { baseMs: ${baseMs}, capMs: ${capMs}, random: () => ${value} })`;
      const { got, calls } = await startFixture<DelayCall>(ex, 'backoffDelay', { attempt, baseMs, capMs, value }, what);
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      const expected = value * ceiling;
      check(typeof got === 'number' && Number.isFinite(got), `${what} returned ${describeValue(got)}, expected a number of milliseconds`);
      check(
        Math.abs(got - expected) <= 1,
        `${what} returned ${got}, expected ${expected}: random() times the ceiling min(capMs, baseMs · 2^attempt) = ${ceiling}` +
          (got > ceiling ? ', and never more than the ceiling' : ''),
      );
      check(calls === 1, `${what} called random ${calls} times: once per delay`);
    }
  }
});
