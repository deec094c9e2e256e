/**
 * grade() tells its faces what happens as it happens (grader/engine/events.ts):
 * each selected test starts and ends once, in that order, each exercise is
 * graded, and the grade ends with the very report grade() returns.
 */
import { describe, expect, test } from 'vitest';
import type { GradeEvent } from '../../grader/engine/events';
import { grade } from '../../grader/engine/grade';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { findExercise } from '../../grader/manifest';

async function gradeWithEvents(target: string): Promise<{ events: GradeEvent[]; report: Awaited<ReturnType<typeof grade>> }> {
  const events: GradeEvent[] = [];
  const report = await grade({ exercises: ['01'], target, onEvent: (event) => events.push(event) });
  return { events, report };
}

const codeTests = (findExercise('01')?.tests ?? []).map((t) => t.id);

describe.each([
  ['the solutions', SOLUTIONS_DIR],
  ['the starters', DEFAULT_TARGET],
])('grading %s of 01 with a listener', (_what, target) => {
  test('each test starts, then ends, once; the exercise is graded; the grade ends with the report it returns', async () => {
    const { events, report } = await gradeWithEvents(target);
    expect(events[0]).toEqual({ kind: 'grade-started', target: expect.any(String), exercises: ['01'], tests: codeTests.length });
    expect(events.at(-1)).toEqual({ kind: 'grade-ended', report });

    const graded = events.filter((e) => e.kind === 'exercise-graded');
    expect(graded).toEqual([{ kind: 'exercise-graded', result: report.exercises[0] }]);
    // Every test event comes before the verdicts.
    const lastTestEvent = events.findLastIndex((e) => e.kind === 'test-started' || e.kind === 'test-ended');
    expect(lastTestEvent).toBeLessThan(events.indexOf(graded[0] as GradeEvent));

    const results = new Map(report.exercises[0]?.tests.map((t) => [t.id, t.status]));
    for (const id of codeTests) {
      const own = events.flatMap((e, i) => ((e.kind === 'test-started' || e.kind === 'test-ended') && e.test === id ? [{ e, i }] : []));
      expect(own.map(({ e }) => e.kind), id).toEqual(['test-started', 'test-ended']);
      const ended = own[1]?.e;
      // What the worker saw agrees with the verdict for these submissions, which neither crash nor hang.
      if (ended?.kind === 'test-ended') expect(ended.passed, id).toBe(results.get(id) === 'passed');
    }
  });
});
