/** Starters and snapshots tell one story: checks over the exercise and solution folders. */
import type { CourseFiles, SnapshotPlan } from '../../grader/authoring/snapshots';

/** The first line where two texts differ (1-based), or null when they are the same. */
export function firstDifference(expected: string, actual: string): { line: number; expected: string; actual: string } | null {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, expected: a[i] ?? '(end of file)', actual: b[i] ?? '(end of file)' };
  }
  return null;
}

export interface DriftProblem {
  /** Repository-relative. */
  readonly path: string;
  readonly problem: string;
}

/**
 * Where the course's files differ from what `npm run starters` generates
 * (grader/authoring/snapshots.ts): a generated file edited by hand, one missing,
 * or a file no snapshot has. Each problem says which file to edit instead, or
 * which command puts things right.
 */
export function generatedDrift(plan: SnapshotPlan, files: CourseFiles): DriftProblem[] {
  const problems: DriftProblem[] = [];
  for (const { path, source, from } of plan.files) {
    let actual: string | null;
    try {
      actual = files.read(path);
    } catch {
      actual = null;
    }
    if (actual === null) {
      problems.push({ path, problem: `is missing: run npm run starters, which writes it from ${from}` });
      continue;
    }
    const diff = firstDifference(source, actual);
    if (!diff) continue;
    const instead = from === path ? '' : ` it is generated from ${from}: edit that file, then`;
    problems.push({ path, problem: `was edited by hand (line ${diff.line} is ${JSON.stringify(diff.actual)});${instead} run npm run starters` });
  }
  for (const path of plan.stale) {
    problems.push({
      path,
      problem: path.startsWith('solutions/')
        ? 'is a carried copy that no stage carries any more: run npm run starters, which deletes it'
        : 'is in no snapshot: npm run starters does not write it (add it to the solution, or delete it)',
    });
  }
  return problems;
}
