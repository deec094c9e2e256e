/** Starters and snapshots tell one story: checks over the exercise and solution folders. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The first line where two texts differ (1-based), or null when they are the same. */
export function firstDifference(expected: string, actual: string): { line: number; expected: string; actual: string } | null {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, expected: a[i] ?? '(end of file)', actual: b[i] ?? '(end of file)' };
  }
  return null;
}

/** Every file under `dir`, relative to it, skipping build output and quiz answers. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      if (name === 'build' || name === 'node_modules' || name === '.cache') return [];
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(dir, path)];
    });
  return walk(dir).filter((f) => f !== 'quiz-answers.json').sort();
}

export interface SnapshotProblem {
  readonly file: string;
  readonly problem: string;
}

/**
 * Files the learner does not edit (`learnerFiles` aside) are the same in the
 * exercise and the solution; a given file the stage takes over from the previous
 * stage's solution is identical to it, unless the stage says it changes it
 * (`givenChanges`, the manifest's).
 */
export function snapshotProblems(
  exerciseDir: string,
  solutionDir: string,
  learnerFiles: readonly string[],
  previousSolutionDir: string | null,
  previousLearnerFiles: readonly string[] = [],
  givenChanges: readonly string[] = [],
): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  const exercise = filesUnder(exerciseDir);
  const solution = filesUnder(solutionDir);
  for (const file of solution.filter((f) => !exercise.includes(f))) problems.push({ file, problem: 'is in the solution but not in the exercise' });
  for (const file of exercise.filter((f) => !solution.includes(f))) problems.push({ file, problem: 'is in the exercise but not in the solution' });
  for (const file of exercise.filter((f) => solution.includes(f) && !learnerFiles.includes(f))) {
    const diff = firstDifference(readFileSync(join(solutionDir, file), 'utf8'), readFileSync(join(exerciseDir, file), 'utf8'));
    if (diff) problems.push({ file, problem: `differs between exercise and solution at line ${diff.line}, outside the learner's files` });
  }
  if (previousSolutionDir) {
    const previous = filesUnder(previousSolutionDir);
    const carried = (f: string): boolean => previous.includes(f) && !learnerFiles.includes(f) && !previousLearnerFiles.includes(f) && !givenChanges.includes(f);
    for (const file of solution.filter(carried)) {
      const diff = firstDifference(readFileSync(join(previousSolutionDir, file), 'utf8'), readFileSync(join(solutionDir, file), 'utf8'));
      if (diff) problems.push({ file, problem: `is given code, but differs from the previous stage's solution at line ${diff.line}` });
    }
  }
  return problems;
}
