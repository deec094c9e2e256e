import { GradeFailure, GradeTimeout } from './failure';
import { currentSubject, RemoteThrow, SILENT_AT_DEADLINE_MS, SubjectEnded } from './subject';

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
 * Calls the learner's function (a remote one runs in the subject process). A
 * throw or a rejection becomes a plain-words failure naming the call; a
 * promise that never settles fails after `ms`, and a subject that stopped
 * turning its event loop meanwhile is named as blocked and stopped.
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
    throw explainFailure(what, error);
  }
}

/** What went wrong in a call into learner code, in the words a report shows. */
export function explainFailure(what: string, error: unknown): Error {
  if (error instanceof GradeTimeout) {
    const subject = currentSubject();
    if (subject?.isBlocked(SILENT_AT_DEADLINE_MS)) {
      subject.stop();
      return new GradeTimeout(`${what} never gave control back: synchronous code that does not end (a loop?) blocked its process, so the grader stopped it`);
    }
    return error;
  }
  if (error instanceof GradeFailure) return error;
  if (error instanceof RemoteThrow) return new GradeFailure(`${what} ${error.sync ? 'threw' : 'rejected with'} ${describeError(error.thrown)}`);
  if (error instanceof SubjectEnded) return new GradeFailure(`while ${what} ran, ${error.message}`);
  return new GradeFailure(`${what} rejected with ${describeError(error)}`);
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
