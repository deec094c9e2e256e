/**
 * Submissions that forge instead of earning (test/fixtures/forging.ts): graded
 * as an instructor would (--target), each scores no more than the honest
 * starter it is built on, no test passes that the starter fails, and the
 * report says the grade cannot be trusted wherever the attack reached
 * something of the grader's. Graded in each isolation this machine has: the
 * portable one (a plain child process) always, bubblewrap where installed
 * (required under CI=true).
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { reasonOf, type GradeReport } from '../../grader/engine/results';
import type { Isolation } from '../../grader/harness/sandbox';
import { gradeJson } from '../helpers/cli';
import { repoCopy } from '../helpers/repo-copy';
import { isolationModes } from '../helpers/isolation-modes';
import { FORGING_CASES, forgingTarget } from '../fixtures/forging';
import { DEFAULT_TARGET } from '../../grader/engine/paths';

const { modes: MODES, env } = isolationModes('forging');

const honest = new Map<Isolation, GradeReport>();
beforeAll(async () => {
  for (const mode of MODES) {
    const { report } = await gradeJson(['01', '--target', DEFAULT_TARGET, '--time-limit', '3000'], env(mode));
    honest.set(mode, report);
  }
});

const passedIds = (report: GradeReport): string[] => (report.exercises[0]?.tests ?? []).filter((t) => t.status === 'passed').map((t) => t.id);

describe.each(MODES.map((m) => [m] as const))('isolation %s', (mode) => {
  const cases = FORGING_CASES.filter((c) => !c.onlyIn || c.onlyIn === mode);
  test.each(cases.map((c) => [c.name, c] as const))('a submission %s gains nothing', async (_name, kind) => {
    const target = forgingTarget(kind);
    const repo = kind.needsRepoCopy ? repoCopy() : undefined;
    try {
      const { report } = await gradeJson(['01', '--target', target, '--time-limit', '3000'], env(mode), repo);
      const baseline = honest.get(mode) as GradeReport;
      expect(report.isolation).toBe(mode);
      // An attack that does not even compile proves nothing.
      expect(report.exercises[0]?.tests.filter((t) => /does not compile/.test(reasonOf(t) ?? '')).map((t) => t.id)).toEqual([]);
      expect(report.exercises.map((e) => e.id)).toEqual(['01']);
      // The report is the grader's own: its score is the sum of its tests.
      expect(report.score).toBe(report.exercises[0]?.tests.reduce((sum, t) => sum + t.points, 0));
      expect(report.score).toBeLessThanOrEqual(baseline.score);
      expect(passedIds(report).filter((id) => !passedIds(baseline).includes(id))).toEqual([]);
      const flagged = kind.flagged === 'always' || (kind.flagged === 'without-sandbox' && mode === 'process');
      const { changedDuringGrade, forgedProgressLines, outsideImports, refusedFiles } = report.integrity;
      const evidence = { changedDuringGrade, forgedProgressLines, outsideImports, refusedFiles };
      const found = changedDuringGrade.length + forgedProgressLines + outsideImports.length + refusedFiles.length > 0;
      if (kind.flagged !== 'where-seen' || mode === 'bwrap') expect({ flagged: found, evidence }).toMatchObject({ flagged });
      // Flagged means unofficial; otherwise as official as the honest grade (a course being edited is unofficial for both).
      expect(report.official).toBe(found ? false : baseline.official);
    } finally {
      rmSync(target, { recursive: true, force: true });
      if (repo) rmSync(repo, { recursive: true, force: true });
    }
  });
});
