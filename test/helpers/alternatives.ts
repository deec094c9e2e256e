/**
 * Grades other implementations of each exercise in place of the reference
 * solution, each in a copy of the solution snapshot, and compares each report
 * with what the alternative declares (grader/manifest/alternatives.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GRADER_EXERCISES_DIR, REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { alternativeName, type Alternative, type Alternatives } from '../../grader/manifest/alternatives';
import { cleanEnv } from './cli';
import { gradeManyInChild } from './grade-many';
import type { GradeReport } from '../../grader/engine/results';
import { processesMentioning } from './leftovers';

/**
 * A target laid out like exercises/, inside a stand-in for the course checkout:
 * the snapshot imports ../../shared, and its packages and config come from the
 * checkout, so they are linked in beside it.
 */
function targetWith(slug: string, alternative: Alternative): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), `alternative-${slug.slice(0, 2)}-`));
  for (const name of ['shared', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(REPO_ROOT, name), join(root, name));
  const target = join(root, 'exercises');
  const snapshot = join(target, slug);
  const solution = join(SOLUTIONS_DIR, slug);
  // A build/ left by `npm run app -- NN --production` is not part of the snapshot.
  cpSync(solution, snapshot, { recursive: true, filter: (path) => relative(solution, path).split(sep)[0] !== 'build' });
  const { source } = alternative;
  const code =
    'file' in source
      ? readFileSync(join(GRADER_EXERCISES_DIR, slug, 'alternatives', source.file), 'utf8')
      : source.edit(readFileSync(join(solution, alternative.replaces), 'utf8'));
  writeFileSync(join(snapshot, alternative.replaces), code);
  return { root, target };
}

export interface ExerciseAlternatives {
  readonly exercise: { readonly id: string; readonly slug: string };
  readonly list: Alternatives;
}

/**
 * Grades every alternative of every exercise in one run (engine gradeMany), each target on its
 * own exercise, then one Vitest test per alternative compares its report with what it declares.
 */
export function gradeAllAlternatives(all: readonly ExerciseAlternatives[]): void {
  const cases = all.flatMap(({ exercise, list }) => list.alternatives.map((alternative) => ({ exercise, alternative })));
  const made: { root: string; target: string }[] = [];
  let reports: readonly GradeReport[] = [];
  // The run takes about what its alternatives' one-by-one grades would take together, or less.
  const budgetMs = all.reduce((sum, { list }) => sum + list.gradeMs * list.alternatives.length, 0);
  beforeAll(async () => {
    for (const { exercise, alternative } of cases) made.push(targetWith(exercise.slug, alternative));
    const targets = cases.map(({ exercise }, index) => ({ dir: (made[index] as { target: string }).target, exercises: [exercise.id] }));
    // Stopped a little before this hook's own timeout, so that nothing it started outlives it.
    reports = await gradeManyInChild({ targets }, cleanEnv(), Math.max(60_000, budgetMs - 15_000));
  }, budgetMs);
  afterAll(() => {
    for (const { root } of made) rmSync(root, { recursive: true, force: true });
  });

  for (const { exercise } of all) {
    const mine = cases.flatMap((c, index) => (c.exercise === exercise ? [[alternativeName(c.alternative), c.alternative, index] as const] : []));
    describe.each(mine)(`exercise ${exercise.id} graded with %s`, (_name, alternative, index) => {
      const expectedFailures = Object.keys(alternative.fails);
      const cascades = alternative.mayFail ? ' (and maybe tests it cascades into)' : '';
      const title =
        expectedFailures.length === 0 ? 'scores 100%' : `fails ${cascades ? '' : 'only '}${expectedFailures.join(', ')}${cascades}, in ${alternative.stage}`;

      test(title, () => {
        const report = reports[index] as GradeReport;
        expect(report, 'the run graded this alternative').toBeDefined();
        const graded = report.exercises.find((e) => e.id === exercise.id);
        expect(report.exercises.map((e) => e.id), `only exercise ${exercise.id} is in the report`).toEqual([exercise.id]);
        const notPassing = (graded?.tests ?? []).filter((t) => t.status !== 'passed').map((t) => ({ id: t.id, status: t.status, message: t.message ?? '' }));

        const allowed = alternative.mayFail ?? [];
        const required = notPassing.filter((t) => !allowed.includes(t.id));
        expect(required.map((t) => t.id).sort(), JSON.stringify(notPassing, null, 2)).toEqual([...expectedFailures].sort());
        for (const failure of notPassing) {
          expect(failure.status, failure.id).toBe('failed');
          if (!allowed.includes(failure.id)) expect(failure.message, failure.id).toMatch(alternative.fails[failure.id] as RegExp);
        }
        if (alternative.stage) {
          const stage = report.stages.find((s) => s.stage === alternative.stage);
          expect(stage?.score, `points in ${alternative.stage}`).toBeLessThan(stage?.maxScore ?? 0);
        } else {
          expect(graded?.score).toBe(graded?.maxScore);
        }
        expect(processesMentioning((made[index] as { target: string }).target)).toEqual([]);
      });
    });
  }
}
