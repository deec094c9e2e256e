/**
 * A learner's hang, crash or exit must not hang the grade or lose other results:
 * each hostile submission is graded within its limit plus a few seconds, with
 * the right status and reason per test, and leaves nothing running.
 */
import { rmSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findExercise } from '../../grader/manifest';
import { cleanEnv, gradeJson } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';
import { HOSTILE_KINDS, hostileTarget } from '../fixtures/hostile';

const LIMIT_MS = 3000;
/** Start-up of tsx and Vitest plus the tests that run after the stopped file. */
const MARGIN_MS = 8000;

describe.each(HOSTILE_KINDS.map((k) => [k.name, k] as const))('a submission with %s', (_name, kind) => {
  test('is graded in time, with the right status and reason, and leaves nothing behind', async () => {
    const target = hostileTarget(kind);
    try {
      const { run, report } = await gradeJson(['--target', target, '--time-limit', String(LIMIT_MS)], cleanEnv());
      expect(run.status, run.stderr).toBe(1);
      expect(run.ms).toBeLessThan(LIMIT_MS + MARGIN_MS);

      const exercise = report.exercises.find((e) => e.id === kind.slug.slice(0, 2));
      const spec = findExercise(kind.slug);
      expect(exercise && spec).toBeTruthy();
      expect(exercise?.tests.map((t) => t.id)).toEqual([...(spec?.tests.map((t) => t.id) ?? []), ...(spec?.quiz.map((q) => `quiz-${q.id}`) ?? [])]);

      for (const test of exercise?.tests ?? []) {
        const expected = kind.expect[test.id];
        if (expected) {
          expect({ id: test.id, status: test.status }).toEqual({ id: test.id, status: expected.status });
          expect(test.message, test.id).toMatch(expected.message);
          expect(test.points).toBe(0);
        } else {
          // Everything the broken code does not touch is graded normally.
          expect({ id: test.id, status: test.status, message: test.message }).toEqual({ id: test.id, status: 'passed', message: undefined });
        }
      }
      expect(processesMentioning(target)).toEqual([]);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
