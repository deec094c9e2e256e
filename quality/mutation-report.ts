/**
 * npm run mutation, second half: reads StrykerJS's JSON report and the reviewed
 * equivalent mutants (each exercise's grader/exercises/NN-slug/equivalent-mutants.json), prints the score per
 * exercise and every mutant that survived (quality/mutation-score.ts), and
 * exits 1 below the goals or when a review no longer matches a survivor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifest } from '../grader/manifest';
import { GRADER_EXERCISES_DIR } from '../grader/engine/paths';
import { renderMutationScore, scoreMutation, type Equivalent, type MutationReport } from './mutation-score';

const ROOT = join(import.meta.dirname, '..');
const report = JSON.parse(readFileSync(join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as MutationReport;
const reviewed = manifest.exercises.flatMap(({ slug }) => {
  const file = join(GRADER_EXERCISES_DIR, slug, 'equivalent-mutants.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { mutants: Equivalent[] }).mutants : [];
});

const score = scoreMutation(report, reviewed);
console.log(`\n${renderMutationScore(score)}`);
if (score.belowGoals.length > 0 || score.staleReviews.length > 0) process.exitCode = 1;
