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

/** ALTERNATIVES=06 (or 05,06) grades only those exercises' alternatives: for an author at work on a lesson, never in CI. */
const only = process.env.ALTERNATIVES?.split(',').map((id) => id.trim()).filter(Boolean);
if (only && process.env.CI === 'true') throw new Error('ALTERNATIVES is for an author at work: CI grades every exercise\'s alternatives');

const all: ExerciseAlternatives[] = [];
for (const exercise of manifest.exercises) {
  if (only && !only.includes(exercise.id)) continue;
  const list = join(GRADER_EXERCISES_DIR, exercise.slug, 'alternatives', 'index.ts');
  if (!existsSync(list)) continue;
  const { default: alternatives } = (await import(list)) as { default: Alternatives };
  all.push({ exercise, list: alternatives });
}
// All of them in one run of the grader.
gradeAllAlternatives(all);
