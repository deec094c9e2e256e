/**
 * npm test grades the solutions and the starters once, and every test file
 * that needs one of those reports shares it. The first worker to ask makes the
 * grade and leaves the result in the run's folder (the global setup's, see
 * notices-setup.ts); a worker that asks meanwhile waits for it. Outside npm test
 * (one file run alone) each asker grades for itself.
 */
import { openSync, closeSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeJson, type CliRun } from './cli';
import { NOTICE_DIR_ENV } from './notices';
import type { GradeReport } from '../../grader/engine/results';

/** The solutions three times in one run (.ci/run grades them twenty times after npm test), and the starters once. */
export const SOLUTIONS_REPEATS = 3;
const GRADES = {
  solutions: ['--solutions', '--repeat', String(SOLUTIONS_REPEATS)],
  starters: [],
} as const satisfies Record<string, readonly string[]>;

export type SharedGrade = keyof typeof GRADES;
type Outcome = { readonly run: CliRun; readonly report: GradeReport } | { readonly error: string };

const WAIT_MS = 1_500_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function sharedGrade(name: SharedGrade): Promise<{ run: CliRun; report: GradeReport }> {
  const dir = process.env[NOTICE_DIR_ENV];
  if (!dir) return gradeJson(GRADES[name]);
  const result = join(dir, `grade-${name}.json`);
  let owner = false;
  try {
    closeSync(openSync(join(dir, `grade-${name}.lock`), 'wx'));
    owner = true;
  } catch {
    // another worker is making this grade: wait for its result below
  }
  if (owner) {
    let outcome: Outcome;
    try {
      outcome = await gradeJson(GRADES[name]);
    } catch (error) {
      outcome = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    // Written whole, then renamed: a waiter never reads half a file.
    writeFileSync(`${result}.part`, JSON.stringify(outcome));
    renameSync(`${result}.part`, result);
  }
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(result)) {
    if (Date.now() > deadline) throw new Error(`the shared grade of the ${name} did not finish within ${WAIT_MS} ms`);
    await sleep(500);
  }
  const outcome = JSON.parse(readFileSync(result, 'utf8')) as Outcome;
  if ('error' in outcome) throw new Error(`the shared grade of the ${name} failed: ${outcome.error}`);
  return outcome;
}
