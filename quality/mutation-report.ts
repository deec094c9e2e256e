/**
 * npm run mutation, second half: reads StrykerJS's JSON report and the reviewed
 * equivalent mutants (quality/equivalent-mutants.json), prints the score per
 * exercise and every mutant that survived (quality/mutation-score.ts), and
 * exits 1 below the goals or when a review no longer matches a survivor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMutationScore, scoreMutation, type Equivalent, type MutationReport } from './mutation-score';

const ROOT = join(import.meta.dirname, '..');
const report = JSON.parse(readFileSync(join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as MutationReport;
const reviewed = (JSON.parse(readFileSync(join(ROOT, 'quality/equivalent-mutants.json'), 'utf8')) as { mutants: Equivalent[] }).mutants;

const score = scoreMutation(report, reviewed);
console.log(`\n${renderMutationScore(score)}`);
if (score.belowGoals.length > 0 || score.staleReviews.length > 0) process.exitCode = 1;
