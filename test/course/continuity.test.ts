/** Starters, solutions and consecutive stages differ only where the lessons say they do. */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { manifest } from '../../grader/manifest';
import { snapshotProblems } from '../checks/continuity';

describe.each(manifest.exercises.map((e, i) => [e.slug, e, manifest.exercises[i - 1] ?? null] as const))('%s', (slug, exercise, previous) => {
  test('given files match the solution, and files carried over match the previous stage', () => {
    const problems = snapshotProblems(
      join(DEFAULT_TARGET, slug),
      join(SOLUTIONS_DIR, slug),
      exercise.files,
      previous ? join(SOLUTIONS_DIR, previous.slug) : null,
      previous?.files ?? [],
    );
    expect(problems).toEqual([]);
  });
});
