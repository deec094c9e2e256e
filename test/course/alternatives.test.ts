/**
 * Every exercise's graded tests are fair and strong: each alternative its folder
 * lists (grader/exercises/NN-slug/alternatives/index.ts) is graded in place of
 * the reference solution and scores as it declares. All are graded in one run,
 * each apart, as a batch grades a class.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GRADER_EXERCISES_DIR } from '../../grader/engine/paths';
import type { Alternatives } from '../../grader/manifest/alternatives';
import { manifest } from '../../grader/manifest';
import { gradeAllAlternatives, type ExerciseAlternatives } from '../helpers/alternatives';

const all: ExerciseAlternatives[] = [];
for (const exercise of manifest.exercises) {
  const list = join(GRADER_EXERCISES_DIR, exercise.slug, 'alternatives', 'index.ts');
  if (!existsSync(list)) continue;
  const { default: alternatives } = (await import(list)) as { default: Alternatives };
  all.push({ exercise, list: alternatives });
}
// All of them in one run of the grader.
gradeAllAlternatives(all);
