/**
 * Turns what Vitest and the workers observed into one result per manifest test,
 * in words a learner understands. Pure: no I/O.
 */
import type { TestSpec } from '../manifest';
import { findDivergence } from '../trace/diverge';
import type { ExpectedStep, TestTrace, TraceStep } from '../trace/types';
import type { TestResult, TestStatus } from './results';
import { outputKey, type ObservedError, type RunObservation } from './vitest-run';

interface Verdict {
  readonly status: TestStatus;
  readonly message?: string;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** What a thrown error means for the learner. */
export function classifyError(error: ObservedError, spec: TestSpec): Verdict {
  const { name, message } = error;
  if (name === 'GradeFailure') return { status: 'failed', message };
  if (name === 'ExerciseLoadError') return { status: 'error', message };
  if (name === 'GradeTimeout') return { status: 'timeout', message };
  const timedOut = /Test timed out in (\d+)ms/.exec(message);
  if (timedOut) {
    return {
      status: 'timeout',
      message: `did not finish within ${seconds(Number(timedOut[1]))}: something the code awaits never settles (a promise never resolved, an event that never fires)`,
    };
  }
  const exited = /process\.exit unexpectedly called with "([^"]*)"/.exec(message);
  if (exited) {
    return { status: 'error', message: `the code called process.exit(${exited[1]}); code under test must never end the process` };
  }
  if (name === 'AssertionError') return { status: 'failed', message: `expected ${spec.title}: ${message}` };
  return { status: 'error', message: `the code threw ${name}: ${message}` };
}

export function testFileOf(testsDir: string, slug: string, spec: TestSpec): string {
  return `${testsDir}/${slug}/${spec.file}`;
}

/** One result for `spec`, whose Vitest file is `file`, from everything observed. */
export function outcomeFor(spec: TestSpec, file: string, run: RunObservation, traceAll = false): TestResult {
  const verdict = verdictFor(spec, file, run);
  const output = run.output.get(outputKey(file, spec.id));
  const trace = verdict.status === 'passed' && !traceAll ? null : traceOf(spec, file, run, verdict.message);
  return {
    id: spec.id,
    name: spec.title,
    stage: spec.stage,
    status: verdict.status,
    points: verdict.status === 'passed' ? spec.points : 0,
    maxPoints: spec.points,
    ...(verdict.message !== undefined ? { message: verdict.message } : {}),
    ...(output && verdict.status !== 'passed' ? { output } : {}),
    ...(trace ? { trace } : {}),
  };
}

/** The wire trace the test's harness recorded, with where it left the expected path. */
export function traceOf(spec: TestSpec, file: string, run: RunObservation, failure: string | undefined): TestTrace | null {
  const steps: TraceStep[] = [];
  let expected: readonly ExpectedStep[] | null = null;
  for (const event of run.progress) {
    if (event.kind === 'trace-step' && event.file === file && event.test === spec.id) steps.push(event.step);
    if (event.kind === 'trace-expect' && event.file === file && event.test === spec.id) expected = event.expected;
  }
  if (steps.length === 0 && expected === null) return null;
  return { steps, expected, divergence: findDivergence(steps, expected, failure) };
}

function verdictFor(spec: TestSpec, file: string, run: RunObservation): Verdict {
  const uncaught = run.unhandled.find((u) => u.file === file && u.test === spec.id);
  const observed = run.tests.find((t) => t.file === file && t.name === spec.id);

  if (observed && observed.state !== 'skipped' && observed.state !== 'pending') {
    if (observed.state === 'passed') {
      return uncaught
        ? { status: 'error', message: `the code threw outside any call the test made (in an event handler?): ${uncaught.name}: ${uncaught.message}` }
        : { status: 'passed' };
    }
    const verdict = classifyError(observed.error ?? { name: 'Error', message: 'failed without a reason' }, spec);
    return uncaught && verdict.status === 'failed'
      ? { status: 'error', message: `${verdict.message}. Meanwhile the code threw ${uncaught.name}: ${uncaught.message}` }
      : verdict;
  }

  const stopped = run.stopped.get(file);
  const events = run.progress.filter((e) => e.kind !== 'worker' && e.file === file);
  if (stopped) {
    const ended = events.find((e) => e.kind === 'test-end' && e.test === spec.id);
    if (ended && ended.kind === 'test-end') {
      return ended.ok ? { status: 'passed' } : classifyError({ name: 'GradeFailure', message: ended.message ?? 'failed' }, spec);
    }
    const started = events.some((e) => e.kind === 'test-start' && e.test === spec.id);
    const limit = seconds(stopped.limitMs);
    if (started) {
      return {
        status: 'timeout',
        message: `stopped after ${limit}: the code never gave control back (an endless loop, such as while (true) {}), so the grader ended it`,
      };
    }
    const culprit = [...events].reverse().find((e) => e.kind === 'test-start');
    return culprit && culprit.kind === 'test-start'
      ? { status: 'not-run', message: `not run: the test before it (${culprit.test}) hung and the grader stopped it after ${limit}` }
      : { status: 'timeout', message: `stopped after ${limit}: loading the tests never finished (an endless loop at the top level of the code?)` };
  }

  const fileErrors = run.files.find((f) => f.file === file)?.errors ?? [];
  if (fileErrors[0]) return classifyError(fileErrors[0], spec);
  const fileUncaught = run.unhandled.find((u) => u.file === file);
  if (fileUncaught) {
    return { status: 'error', message: `the test process crashed: ${fileUncaught.name}: ${fileUncaught.message}` };
  }
  if (!run.files.some((f) => f.file === file)) {
    return { status: 'not-run', message: 'not run: its test file never reported back (the test process ended unexpectedly)' };
  }
  return { status: 'not-run', message: `not run: the grader found no test named ${spec.id} in ${spec.file}` };
}
