import { describe, expect, test } from 'vitest';
import { classifyError, outcomeFor } from '../../grader/engine/outcomes';
import type { RunObservation } from '../../grader/engine/observe';
import type { TestSpec } from '../../grader/manifest';

const spec = (id: string): TestSpec => ({ id, stage: 'server-send', points: 2, title: `does ${id}`, file: 'server.test.ts' });
const FILE = '/tests/01/server.test.ts';

function observation(partial: Partial<RunObservation>): RunObservation {
  return { tests: [], files: [], stopped: new Map(), deaths: new Map(), runnerDeaths: new Set(), progress: [], unhandled: [], output: new Map(), ...partial };
}

describe('classifyError', () => {
  test('a GradeFailure is a failure in its own words', () => {
    expect(classifyError({ name: 'GradeFailure', message: 'the server never replied' }, spec('a'))).toEqual({
      status: 'failed',
      message: 'the server never replied',
    });
  });

  test('load errors, process.exit and stray throws are errors; Vitest timeouts are timeouts', () => {
    expect(classifyError({ name: 'ExerciseLoadError', message: 'x does not compile' }, spec('a')).status).toBe('error');
    const exit = classifyError({ name: 'Error', message: 'process.exit unexpectedly called with "0"' }, spec('a'));
    expect(exit).toEqual({ status: 'error', message: expect.stringContaining('process.exit(0)') });
    const timeout = classifyError({ name: 'Error', message: 'Test timed out in 5000ms.' }, spec('a'));
    expect(timeout).toEqual({ status: 'timeout', message: expect.stringContaining('within 5 s') });
    expect(classifyError({ name: 'TypeError', message: 'x is not a function' }, spec('a'))).toEqual({
      status: 'error',
      message: 'the code threw TypeError: x is not a function',
    });
  });

  test('a bare assertion is explained with what the test expects', () => {
    const v = classifyError({ name: 'AssertionError', message: 'expected 1 to be 2' }, spec('a'));
    expect(v).toEqual({ status: 'failed', message: 'expected does a: expected 1 to be 2' });
  });
});

describe('outcomeFor', () => {
  test('a passed test scores its points; a failed one scores 0 with its reason and output', () => {
    const run = observation({
      tests: [
        { file: FILE, name: 'a', state: 'passed' },
        { file: FILE, name: 'b', state: 'failed', error: { name: 'GradeFailure', message: 'nope' } },
      ],
      files: [{ file: FILE, errors: [] }],
      output: new Map([[`${FILE}\nb`, 'hello from b\n']]),
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'passed', points: 2, maxPoints: 2 });
    expect(outcomeFor(spec('b'), FILE, run)).toMatchObject({ status: 'failed', points: 0, message: 'nope', output: 'hello from b\n' });
  });

  test("in a file the grade's deadline stopped: finished tests keep their result, the running one timed out, the rest did not run", () => {
    const run = observation({
      overDeadline: { files: new Set([FILE]), deadlineMs: 60_000 },
      progress: [
        { kind: 'test-start', pid: 1, file: FILE, test: 'a' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'a', ok: true },
        { kind: 'test-start', pid: 1, file: FILE, test: 'b' },
      ],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'passed', points: 2 });
    expect(outcomeFor(spec('b'), FILE, run)).toMatchObject({ status: 'timeout', points: 0, message: expect.stringContaining("the grade's deadline of 60 s passed while this test ran") });
    expect(outcomeFor(spec('c'), FILE, run)).toMatchObject({ status: 'not-run', points: 0, message: "not run: the grade's deadline of 60 s passed before it started" });
  });

  test('in a file the watchdog stopped: finished tests keep their result, the running one timed out, the rest did not run', () => {
    const run = observation({
      stopped: new Map([[FILE, { limitMs: 3000 }]]),
      progress: [
        { kind: 'worker', pid: 1, file: FILE },
        { kind: 'test-start', pid: 1, file: FILE, test: 'a' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'a', ok: true },
        { kind: 'test-start', pid: 1, file: FILE, test: 'b' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'b', ok: false, error: { name: 'GradeFailure', message: 'wrong reply' } },
        { kind: 'test-start', pid: 1, file: FILE, test: 'c' },
      ],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'passed', points: 2 });
    expect(outcomeFor(spec('b'), FILE, run)).toMatchObject({ status: 'failed', message: 'wrong reply' });
    expect(outcomeFor(spec('c'), FILE, run)).toMatchObject({ status: 'timeout', message: expect.stringContaining('stopped after 3 s') });
    expect(outcomeFor(spec('d'), FILE, run)).toMatchObject({ status: 'not-run', message: expect.stringContaining('(c) hung') });
  });

  test('in a file whose process died: finished tests keep their result, the running one errs with the reason', () => {
    const run = observation({
      deaths: new Map([[FILE, 'the code ran out of memory (each test process may use 256 MB) and its process was ended']]),
      progress: [
        { kind: 'test-start', pid: 1, file: FILE, test: 'a' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'a', ok: true },
        { kind: 'test-start', pid: 1, file: FILE, test: 'b' },
      ],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'passed' });
    expect(outcomeFor(spec('b'), FILE, run)).toMatchObject({ status: 'error', message: expect.stringContaining('ran out of memory') });
    expect(outcomeFor(spec('c'), FILE, run)).toMatchObject({ status: 'not-run', message: expect.stringContaining('(b) its code ran out of memory') });
  });

  test('when the code ended the runner, what its orphaned worker did afterwards does not count', () => {
    const run = observation({
      deaths: new Map([[FILE, "the code under test ended the grader's test runner"]]),
      runnerDeaths: new Set([FILE]),
      progress: [
        { kind: 'test-start', pid: 1, file: FILE, test: 'a' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'a', ok: true },
        { kind: 'test-start', pid: 1, file: FILE, test: 'b' },
        { kind: 'test-end', pid: 1, file: FILE, test: 'b', ok: true },
      ],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'error', message: expect.stringContaining('test runner') });
    expect(outcomeFor(spec('b'), FILE, run)).toMatchObject({ status: 'not-run', message: expect.stringContaining('(a) its code under test ended') });
  });

  test('process.exit from an event handler is reported as such', () => {
    const run = observation({
      tests: [{ file: FILE, name: 'a', state: 'failed', error: { name: 'GradeFailure', message: 'the server never replied' } }],
      files: [{ file: FILE, errors: [] }],
      unhandled: [{ file: FILE, test: 'a', name: 'Error', message: 'process.exit unexpectedly called with "1"' }],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'error', message: expect.stringContaining('process.exit(1)') });
  });

  test('a file stopped before any test began reports every test as timed out while loading', () => {
    const run = observation({ stopped: new Map([[FILE, { limitMs: 2000 }]]), progress: [{ kind: 'worker', pid: 1, file: FILE }] });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'timeout', message: expect.stringContaining('loading') });
  });

  test('an uncaught throw during a passing test makes it an error', () => {
    const run = observation({
      tests: [{ file: FILE, name: 'a', state: 'passed' }],
      files: [{ file: FILE, errors: [] }],
      unhandled: [{ file: FILE, test: 'a', name: 'TypeError', message: 'boom' }],
    });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'error', points: 0, message: expect.stringContaining('TypeError: boom') });
  });

  test('a file-level error (the test file failed to load) is the error of each of its tests', () => {
    const run = observation({ files: [{ file: FILE, errors: [{ name: 'SyntaxError', message: 'Unexpected token' }] }] });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'error', message: expect.stringContaining('SyntaxError') });
  });

  test('a test nobody reported is not-run with the reason', () => {
    expect(outcomeFor(spec('a'), FILE, observation({}))).toMatchObject({ status: 'not-run', message: expect.stringContaining('never reported back') });
    const run = observation({ files: [{ file: FILE, errors: [] }] });
    expect(outcomeFor(spec('a'), FILE, run)).toMatchObject({ status: 'not-run', message: expect.stringContaining('no test named a') });
  });
});
