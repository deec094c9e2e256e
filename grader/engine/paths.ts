import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The repository root: grader/engine/ is two levels below it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GRADER_DIR = join(REPO_ROOT, 'grader');
/** One folder per exercise, grader/exercises/NN-slug/: its manifest entry, graded tests, alternatives and reviewed mutants. */
export const GRADER_EXERCISES_DIR = join(GRADER_DIR, 'exercises');
/** The graded tests of one exercise. */
export const testsDir = (slug: string): string => join(GRADER_EXERCISES_DIR, slug, 'tests');
export const DEFAULT_TARGET = join(REPO_ROOT, 'exercises');
export const SOLUTIONS_DIR = join(REPO_ROOT, 'solutions');
/** Never part of an exercise's snapshot: build output, installs, caches, and the learner's quiz answers. */
export const NOT_IN_A_SNAPSHOT: ReadonlySet<string> = new Set(['build', 'node_modules', '.cache', 'quiz-answers.json']);
/** Where per-checkout grader state lives (hints seen); git-ignored. GRADER_STATE_DIR moves it (tests do). */
export const STATE_DIR = process.env.GRADER_STATE_DIR ?? join(REPO_ROOT, '.grader');

/** Environment variable that tells graded tests which folder to import learner code from. */
export const TARGET_ENV = 'GRADER_TARGET';
/** Environment variable naming the file the test workers append their progress to. */
export const PROGRESS_ENV = 'GRADER_PROGRESS_FILE';

/**
 * The temporary folder the subjects of one grade share (TMPDIR: TypeScript's
 * compile cache stays warm across them), outside the course. In a grade it
 * lies in the round's own temporary folder (engine/vitest-run.ts), removed
 * with it; the staged copy's clean-up removes it too.
 */
export function gradeTmpDir(target: string): string {
  return join(tmpdir(), `grader-tmp-${createHash('sha256').update(resolve(target)).digest('hex').slice(0, 16)}`);
}
