/** Starters, solutions and consecutive stages differ only where the lessons say they do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
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
      exercise.givenChanges ?? [],
    );
    expect(problems).toEqual([]);
  });

  test('each given file it changes is one the lesson names', () => {
    const lesson = readFileSync(join(REPO_ROOT, exercise.lesson), 'utf8');
    for (const file of exercise.givenChanges ?? []) {
      expect(previous, `${slug} has no previous stage to change ${file} from`).not.toBeNull();
      expect(exercise.files, `${file} is the learner's, not given`).not.toContain(file);
      const name = (file.split('/').pop() ?? file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(lesson, `${exercise.lesson} should say what changed in ${file}`).toMatch(new RegExp(`\`[^\`]*${name}\``));
    }
  });
});
