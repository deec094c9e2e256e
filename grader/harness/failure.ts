import { RemoteBytes, RemoteOpaque } from './remote-values';

/**
 * A graded expectation the learner's code did not meet, said in plain words.
 * The engine shows its message as is; anything else thrown is reported as a crash.
 */
export class GradeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradeFailure';
  }
}

/** The learner's code did not finish: a call that never settled. Reported as a timeout. */
export class GradeTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradeTimeout';
  }
}

/** The learner's process crashed or ended during the test (seen by the trusted side): reported as an error. */
export class LearnerCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnerCrash';
  }
}

/** The test could not be run at all, for a reason an earlier test found (its file's import never ends). */
export class GradeNotRun extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradeNotRun';
  }
}

const EXPLAINS_CRASH = Symbol('explains the crash');

/**
 * Fails saying what the learner's process threw or how it ended, in the
 * lesson's words: the report keeps this message as the failure, instead of
 * naming the crash on its own (harness/exercise.ts).
 */
export function failExplainingCrash(message: string): never {
  const failure = new GradeFailure(message);
  Object.defineProperty(failure, EXPLAINS_CRASH, { value: true });
  throw failure;
}

export function explainsCrash(error: unknown): boolean {
  return error instanceof GradeFailure && EXPLAINS_CRASH in error;
}

export function fail(message: string): never {
  throw new GradeFailure(message);
}

/** Asserts `condition`, failing with `message` when it does not hold. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Shows a value the way a learner would recognise it in a failure message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `'${value.slice(0, 77)}...'` : `'${value}'`;
  if (value instanceof RemoteBytes) return `a ${value.kind} (${value.length} bytes) instead of a string`;
  if (value instanceof RemoteOpaque) return value.what;
  if (Buffer.isBuffer(value)) return `a Buffer (${value.length} bytes) instead of a string`;
  if (value instanceof ArrayBuffer) return `an ArrayBuffer instead of a string`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? `an object (${Object.keys(value as object).join(', ') || 'empty'})` : String(value);
}
