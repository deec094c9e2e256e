import { describe, expect, test } from 'vitest';
import type { GradeReport } from '../../grader/engine/results';
import { foldRepeats, onReport, Shown } from '../../grader/cli/faces';

const report = (passed: boolean, target: string): GradeReport =>
  ({
    target,
    exercises: [{ id: '01', tests: [{ id: 'a', status: passed ? 'passed' : 'failed' }] }],
  }) as unknown as GradeReport;

describe('the CLI faces subscribe to grade events', () => {
  test('onReport hands on each target\'s report when its grade ends, and nothing else', () => {
    const seen: string[] = [];
    const listener = onReport((r, target) => seen.push(`${target}:${r.target}`));
    listener({ kind: 'test-started', exercise: '01', test: 'a' }, 0);
    listener({ kind: 'grade-ended', report: report(true, 'x') }, 1);
    expect(seen).toEqual(['1:x']);
  });

  test('foldRepeats waits for every repeat, in any order, and flags a test whose outcome changed', () => {
    const folded: GradeReport[] = [];
    const listener = foldRepeats(3, (r) => folded.push(r));
    listener({ kind: 'grade-ended', report: report(true, 'second') }, 1);
    listener({ kind: 'grade-ended', report: report(false, 'third') }, 2);
    expect(folded).toHaveLength(0);
    listener({ kind: 'grade-ended', report: report(true, 'first') }, 0);
    expect(folded).toHaveLength(1);
    expect(folded[0]?.target).toBe('first');
    expect(folded[0]?.repetition?.runs).toBe(3);
    expect(folded[0]?.repetition?.flaky.map((f) => f.test)).toEqual(['a']);
  });

  test('one grade is shown as it is, with no repetition', () => {
    const folded: GradeReport[] = [];
    foldRepeats(1, (r) => folded.push(r))({ kind: 'grade-ended', report: report(true, 'only') }, 0);
    expect(folded[0]?.repetition).toBeUndefined();
  });

  test('a face that fails to show keeps the error for after the grade', () => {
    const face = new Shown<number>(() => {
      throw new Error('cannot write results/x.json');
    });
    face.take(1);
    expect(() => face.result()).toThrow('cannot write results/x.json');
    expect(() => new Shown<number>(() => undefined).result()).toThrow('without a report');
  });
});
