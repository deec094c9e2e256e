import { GradeFailure, GradeTimeout } from './failure';

/** Resolves with `promise`, or fails with `failure` if it has not settled after `ms`. */
export function within<T>(ms: number, promise: Promise<T>, failure: string, asTimeout = false): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(asTimeout ? new GradeTimeout(failure) : new GradeFailure(failure)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms; true as soon as it holds, false after `ms`. */
export async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Calls the learner's function. A throw or a rejection becomes a plain-words
 * failure naming the call; a promise that never settles fails after `ms`.
 */
export async function call<T>(what: string, fn: () => T | Promise<T>, ms = 1000): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = Promise.resolve(fn());
  } catch (error) {
    throw new GradeFailure(`${what} threw ${describeError(error)}`);
  }
  try {
    return await within(ms, pending, `${what} did not settle within ${ms} ms: it returned a promise that never resolved or rejected`, true);
  } catch (error) {
    if (error instanceof GradeFailure || error instanceof GradeTimeout) throw error;
    throw new GradeFailure(`${what} rejected with ${describeError(error)}`);
  }
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = learnerFrame(error.stack ?? '');
  return `${error.name}: ${error.message}${where ? ` (at ${where})` : ''}`;
}

/** The first stack frame inside an exercise folder, shortened to "01-x/server.ts:12:5" (or "03-x/app/hooks/use.ts:3:1"). */
function learnerFrame(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    const match = /[(\s](?:file:\/\/)?[^()\s]*?\/([0-9]{2}-[a-z0-9-]+\/[^():\s?]+)(?:\?load=\d+)?(:\d+:\d+)/.exec(line);
    if (match && !line.includes('/grader/')) return `${match[1]}${match[2]}`;
  }
  return null;
}
