/**
 * Turns what Vitest and the workers observed into one result per manifest test,
 * in words a learner understands. Pure: no I/O.
 */
import type { TestSpec } from '../manifest';
import { findDivergence } from '../trace/diverge';
import type { ExpectedStep, TestTrace, TraceStep } from '../trace/types';
import { LIMITS, boundTrace, capText, escapeControls, learnerText } from './bounded';
import type { TestResult, TestStatus } from './results';
import { outputKey, type ObservedError, type RunObservation } from './observe';

/** A test's status, and for any but a pass, why. */
type Failing = { readonly status: Exclude<TestStatus, 'passed'>; readonly message: string };
type Verdict = { readonly status: 'passed' } | Failing;

const seconds = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** What a thrown error means for the learner. */
export function classifyError(error: ObservedError, spec: TestSpec): Failing {
  const { name, message } = error;
  if (name === 'GradeFailure') return { status: 'failed', message };
  if (name === 'ExerciseLoadError') return { status: 'error', message };
  if (name === 'GradeTimeout') return { status: 'timeout', message };
  if (name === 'GradeNotRun') return { status: 'not-run', message };
  if (name === 'LearnerCrash') return { status: 'error', message };
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

/**
 * One result for `spec`, whose Vitest file is `file`, from everything observed.
 * Every text in it that the code under test could have shaped is escaped and
 * capped (./bounded.ts).
 */
export function outcomeFor(spec: TestSpec, file: string, run: RunObservation, traceAll = false): TestResult {
  const verdict = verdictFor(spec, file, run);
  const base = { id: spec.id, title: spec.title, stage: spec.stage, maxPoints: spec.points };
  const traced = verdict.status === 'passed' && !traceAll ? null : traceOf(spec, file, run, verdict.status === 'passed' ? undefined : verdict.message);
  const trace = traced ? { trace: boundTrace(traced) } : {};
  if (verdict.status === 'passed') return { ...base, status: 'passed', points: spec.points, ...trace };
  const message = learnerText(verdict.message);
  // A test that never started printed nothing and crossed no wire.
  if (verdict.status === 'not-run') return { ...base, status: 'not-run', points: 0, message };
  const printed = run.output.get(outputKey(file, spec.id));
  const output = printed === undefined ? {} : { output: capText(escapeControls(printed), LIMITS.output) };
  return { ...base, status: verdict.status, points: 0, message, ...output, ...trace };
}

/** The wire trace the test's harness recorded, with where it left the expected path. */
export function traceOf(spec: TestSpec, file: string, run: RunObservation, failure: string | undefined): TestTrace | null {
  const steps: TraceStep[] = [];
  let expected: ExpectedStep[] | null = null;
  for (const event of run.progress) {
    if (event.kind === 'trace-step' && event.file === file && event.test === spec.id) steps.push(event.step);
    if (event.kind === 'trace-expect' && event.file === file && event.test === spec.id) expected = [...event.expected];
  }
  if (steps.length === 0 && expected === null) return null;
  return { steps, expected, divergence: findDivergence(steps, expected, failure) };
}

function verdictFor(spec: TestSpec, file: string, run: RunObservation): Verdict {
  const uncaught = run.unhandled.find((u) => u.file === file && u.test === spec.id);
  const observed = run.tests.find((t) => t.file === file && t.name === spec.id);

  if (observed && observed.state !== 'skipped' && observed.state !== 'pending') {
    const stray = uncaught
      ? /process\.exit/.test(uncaught.message)
        ? classifyError(uncaught, spec).message
        : `the code threw outside any call the test made (in an event handler?): ${uncaught.name}: ${uncaught.message}`
      : null;
    if (observed.state === 'passed') return stray ? { status: 'error', message: stray } : { status: 'passed' };
    const verdict = classifyError(observed.error ?? { name: 'Error', message: 'failed without a reason' }, spec);
    return stray && (verdict.status === 'failed' || verdict.status === 'timeout')
      ? { status: 'error', message: `${stray}; so: ${verdict.message}` }
      : verdict;
  }

  if (run.overDeadline?.files.has(file)) return pastDeadline(spec, file, run, run.overDeadline.deadlineMs);

  const stopped = run.stopped.get(file);
  const death = run.deaths.get(file);
  if (stopped || death) {
    const byRunner = run.runnerDeaths.has(file);
    const events = run.progress.filter((e) => (e.kind === 'test-start' || e.kind === 'test-end') && e.file === file);
    const ended = byRunner ? undefined : events.find((e) => e.kind === 'test-end' && e.test === spec.id);
    if (ended && ended.kind === 'test-end') {
      return ended.ok ? { status: 'passed' } : classifyError(ended.error ?? { name: 'GradeFailure', message: 'failed' }, spec);
    }
    const what = stopped
      ? `hung and the grader stopped it after ${seconds(stopped.limitMs)}`
      : (death as string).replace(/^the code /, 'its code ').replace(/^the test process ended unexpectedly: /, 'lost its test process: ');
    // The test that was running: for a killed runner, the first one its orphaned worker started.
    const starts = events.filter((e) => e.kind === 'test-start');
    const culprit = byRunner ? starts.find((e) => !run.tests.some((t) => t.file === file && t.name === e.test)) : starts.at(-1);
    if (culprit && culprit.kind === 'test-start' && culprit.test === spec.id) {
      return stopped
        ? { status: 'timeout', message: `stopped after ${seconds(stopped.limitMs)}: the code never gave control back (an endless loop, such as while (true) {}), so the grader ended it` }
        : { status: 'error', message: death as string };
    }
    if (culprit && culprit.kind === 'test-start') {
      return { status: 'not-run', message: `not run: the test before it (${culprit.test}) ${what}` };
    }
    return stopped
      ? { status: 'timeout', message: `stopped after ${seconds(stopped.limitMs)}: loading the tests never finished (an endless loop at the top level of the code?)` }
      : { status: 'error', message: death as string };
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

/** A test of a file that was still running when the grade's overall deadline passed. */
function pastDeadline(spec: TestSpec, file: string, run: RunObservation, deadlineMs: number): Verdict {
  const events = run.progress.filter((e) => (e.kind === 'test-start' || e.kind === 'test-end') && e.file === file);
  const ended = events.find((e) => e.kind === 'test-end' && e.test === spec.id);
  if (ended && ended.kind === 'test-end') {
    return ended.ok ? { status: 'passed' } : classifyError(ended.error ?? { name: 'GradeFailure', message: 'failed' }, spec);
  }
  const started = events.some((e) => e.kind === 'test-start' && e.test === spec.id);
  return started
    ? { status: 'timeout', message: `stopped: the grade's deadline of ${seconds(deadlineMs)} passed while this test ran (npm run grade -- --deadline <seconds> gives more)` }
    : { status: 'not-run', message: `not run: the grade's deadline of ${seconds(deadlineMs)} passed before it started` };
}
