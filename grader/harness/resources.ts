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


/**
 * Collects what the code under test throws where nobody can catch it (in an
 * event handler), so a test can say what it means instead of crashing. Vitest's
 * own handlers are set aside for the test and put back after it.
 */
export interface Uncaught {
  readonly errors: Error[];
  /** Throws a collected process.exit() as itself, so it is reported as the code ending the process. */
  rethrowExit(): void;
}

export function catchUncaught(): Uncaught {
  const errors: Error[] = [];
  const events = ['uncaughtException', 'unhandledRejection'] as const;
  const saved = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  const collect = (error: unknown): void => {
    errors.push(error instanceof Error ? error : new Error(String(error)));
  };
  for (const event of events) process.removeAllListeners(event);
  process.on('uncaughtException', collect);
  process.on('unhandledRejection', collect);
  onCleanup(() => {
    process.removeListener('uncaughtException', collect);
    process.removeListener('unhandledRejection', collect);
    for (const listener of saved.uncaughtException) process.on('uncaughtException', listener);
    for (const listener of saved.unhandledRejection) process.on('unhandledRejection', listener);
  });
  return {
    errors,
    rethrowExit() {
      const exit = errors.find((e) => /process\.exit unexpectedly called/.test(e.message));
      if (exit) throw exit;
    },
  };
}
