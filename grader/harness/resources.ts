/** Everything a graded test opens is registered here and closed after the test, pass or fail. */
import { within } from './timing';

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];

export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

export async function runCleanups(): Promise<void> {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) {
    try {
      await within(1000, Promise.resolve().then(cleanup), 'a clean-up did not finish within 1000 ms');
    } catch {
      // A learner's close() that throws or hangs must not fail the next test.
    }
  }
}
