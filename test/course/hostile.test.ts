/**
 * Hostile and broken submissions (test/fixtures/hostile.ts): each grade ends
 * (the per-test limit stops what hangs, so the grade ends well inside this
 * test's own timeout), with the right status and a message per test;
 * everything it did not touch is graded normally, and nothing it started is
 * left running or listening. How long such a grade takes against its limit is
 * measured by `npm run bench`, not asserted here: a wall-clock bound in a test
 * fails on a busy machine for no fault of the grader.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findExercise } from '../../grader/manifest';
import type { GradeReport } from '../../grader/engine/results';
import { cleanEnv, gradeJson, runCli } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';
import { repoCopy } from '../helpers/repo-copy';
import { HOSTILE_KINDS, hostileTarget } from '../fixtures/hostile';

/** How long one test may run before the grader stops it. */
const LIMIT_MS = 3000;

let busy: Server;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => busy.close(resolve)));

describe.each(HOSTILE_KINDS.map((k) => [k.name, k] as const))('a submission with %s', (_name, kind) => {
  test('is graded in time, with the right status and reason per test, and leaves nothing behind', async () => {
    const target = hostileTarget(kind, { busyPort: (busy.address() as AddressInfo).port });
    const repo = kind.needsRepoCopy ? repoCopy() : null;
    try {
      const limit = kind.timeLimitMs ?? LIMIT_MS;
      const args = [kind.slug.slice(0, 2), '--target', target, '--time-limit', String(limit)];
      const { run, report } = await gradeJson(args, cleanEnv(), repo ?? undefined);
      const expected = report.isolation === 'process' && kind.withoutSandbox ? kind.withoutSandbox : kind.expect;
      expect(run.status, run.stderr.slice(-2000)).toBe(Object.keys(expected).length === 0 ? 0 : 1);
      checkStatuses(report, kind.slug, expected);
      if (kind.alsoSays) expect(JSON.stringify(report)).toMatch(kind.alsoSays);
      expect(JSON.stringify(report).length, 'the report stays readable').toBeLessThan(200_000);
      if (kind.inTerminalToo) {
        // Not a terminal, so the grader prints no colour: any control character would be the code's.
        const terminal = await runCli(args, { env: cleanEnv(), ...(repo ? { repo } : {}) });
        expect(terminal.stdout).toContain('\\x1b[2J');
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(terminal.stdout, 'no raw control character reaches the screen').not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
      expect(processesMentioning(target)).toEqual([]);
    } finally {
      rmSync(target, { recursive: true, force: true });
      if (repo) rmSync(repo, { recursive: true, force: true });
    }
  });
});

function checkStatuses(report: GradeReport, slug: string, expected: (typeof HOSTILE_KINDS)[number]['expect']): void {
  const exercise = report.exercises.find((e) => e.id === slug.slice(0, 2));
  const spec = findExercise(slug);
  expect(exercise?.tests.map((t) => t.id)).toEqual([...(spec?.tests.map((t) => t.id) ?? []), ...(spec?.quiz.map((q) => `quiz-${q.id}`) ?? [])]);
  for (const test of exercise?.tests ?? []) {
    const want = expected[test.id];
    if (want) {
      const statuses: readonly string[] = typeof want.status === 'string' ? [want.status] : want.status;
      expect(statuses, `${test.id} ended ${test.status}: ${test.message ?? ''}`).toContain(test.status);
      expect(test.message, test.id).toMatch(want.message);
      expect(test.points).toBe(0);
    } else {
      // Everything the broken code does not touch is graded normally.
      expect({ id: test.id, status: test.status, message: test.message }).toEqual({ id: test.id, status: 'passed', message: undefined });
    }
  }
}
