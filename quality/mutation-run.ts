/**
 * npm run mutation [-- 01 02]: mutates what learners write in the chosen
 * exercises' solutions (the TODO regions of the manifest's learner files; all
 * exercises by default), runs the graded tests against each mutant with
 * StrykerJS, then prints the report.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { starterFromSolution } from '../grader/authoring/starter';
import { manifest } from '../grader/manifest';

const ROOT = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const exercises = manifest.exercises.filter((e) => wanted.length === 0 || wanted.includes(e.id));
if (exercises.length === 0) {
  console.error(`No such exercise: ${wanted.join(' ')}`);
  process.exit(2);
}
// Only what learners write: the TODO regions of each learner file (given code is the course's, not theirs).
const mutate = exercises
  .flatMap((e) =>
    e.files.flatMap((f) => {
      const path = `solutions/${e.slug}/${f}`;
      const { regions } = starterFromSolution(readFileSync(join(ROOT, path), 'utf8'), path);
      // A learner file without TODO regions is one the stage changed for them, not one they write.
      return regions.map((r) => `${path}:${r.line}-${r.endLine}`);
    }),
  )
  .join(',');
const env = { ...process.env, MUTATE_EXERCISES: exercises.map((e) => e.id).join(',') };
const run = (command: string, args: string[]): number =>
  spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' }).status ?? 1;

const stryker = run(process.execPath, [join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'quality/stryker.config.mjs', '--mutate', mutate]);
if (stryker !== 0) process.exit(stryker);
process.exit(run(process.execPath, ['--import', 'tsx', join(ROOT, 'quality/mutation-report.ts')]));
