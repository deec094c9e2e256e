import { describe, expect, test } from 'vitest';
import { eventsOfTarget } from '../../grader/engine/vitest-run';
import { runFile, splitRunFile, targetLabel } from '../../grader/engine/run-file';
import type { ProgressEvent } from '../../grader/harness/progress';

const FILE = '/course/grader/exercises/01-x/tests/server.test.ts';

describe('run files: a test file named with its target', () => {
  test('split gives back the label and the path, whatever the path holds', () => {
    for (const path of [FILE, 'C:\\course\\tests\\a|b.test.ts', '/odd/pa|th/x.test.ts']) {
      expect(splitRunFile(runFile(targetLabel(7), path))).toEqual({ label: 't7', path });
    }
  });

  test('a plain path is not a run file', () => {
    expect(splitRunFile(FILE)).toBeNull();
    expect(splitRunFile('|/x')).toBeNull();
  });
});

describe('one target\'s events out of a run of many', () => {
  const events: ProgressEvent[] = [
    { kind: 'module-start', file: runFile('t0', FILE) },
    { kind: 'module-start', file: runFile('t1', FILE) },
    { kind: 'test-start', pid: 10, file: runFile('t0', FILE), test: 'server-listens' },
    { kind: 'test-end', pid: 11, file: runFile('t1', FILE), test: 'server-listens', ok: false, error: { name: 'GradeFailure', message: 'no' } },
    { kind: 'test-result', file: runFile('t0', FILE), test: 'server-listens', state: 'passed' },
    { kind: 'test-result', file: runFile('t1', FILE), test: 'server-listens', state: 'failed' },
    { kind: 'worker', pid: 12, file: null },
    { kind: 'subject', pid: 10, subject: 99 },
    { kind: 'unhandled', file: FILE, error: { name: 'Error', message: 'whose?' } },
    { kind: 'run-end' },
  ];

  test('keeps its own, named by path again, and none of another target\'s', () => {
    const mine = eventsOfTarget('t1', events);
    expect(mine.filter((e) => e.kind === 'test-result')).toEqual([{ kind: 'test-result', file: FILE, test: 'server-listens', state: 'failed' }]);
    expect(mine.filter((e) => e.kind === 'test-end').map((e) => e.pid)).toEqual([11]);
    expect(mine.filter((e) => e.kind === 'module-start')).toEqual([{ kind: 'module-start', file: FILE }]);
    expect(mine.some((e) => e.kind === 'test-start')).toBe(false);
  });

  test('keeps the events of no file, and an error named by path alone, for the caller to attribute', () => {
    const kinds = eventsOfTarget('t0', events).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['worker', 'subject', 'unhandled', 'run-end']));
  });
});
