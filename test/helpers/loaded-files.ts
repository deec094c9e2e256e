/**
 * Which of an exercise's learner files its graded tests load: named in a test
 * file (or in support code a test file imports, from any exercise's folder),
 * or imported, directly or not, by a solution file so named. Static, from the
 * sources: it proves a listed file is reached, not how well it is tested.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GRADER_EXERCISES_DIR, SOLUTIONS_DIR, testsDir } from '../../grader/engine/paths';
import type { ExerciseSpec } from '../../grader/manifest';

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g;

/** Where a relative import of `from` lands, trying the extensions TypeScript would. */
function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/** `start` and every file it reaches through relative imports that stay under `root`. */
function closure(start: readonly string[], root: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolveImport(file, specifier as string);
      if (target && !relative(root, target).startsWith('..')) queue.push(target);
    }
  }
  return seen;
}

export function filesTestsLoad(exercise: ExerciseSpec): Set<string> {
  const testDir = testsDir(exercise.slug);
  const testFiles = readdirSync(testDir).filter((f) => /\.tsx?$/.test(f)).map((f) => join(testDir, f));
  const testSources = [...closure(testFiles, GRADER_EXERCISES_DIR)].map((f) => readFileSync(f, 'utf8'));
  const solutionDir = join(SOLUTIONS_DIR, exercise.slug);
  const named = exercise.files.filter((file) => testSources.some((source) => source.includes(`'${file}'`)));
  const reached = closure(named.map((file) => join(solutionDir, file)), solutionDir);
  return new Set([...reached].map((file) => relative(solutionDir, file).split('\\').join('/')));
}
