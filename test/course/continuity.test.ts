/** Starters, solutions and consecutive stages differ only where the lessons say they do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/paths';
import { courseFiles, coursePlan } from '../../grader/authoring/course-files';
import { manifest } from '../../grader/manifest';
import { generatedDrift } from '../checks/continuity';

test('every generated file (starters, given files, code carried over from stage to stage) is what npm run starters writes', () => {
  expect(generatedDrift(coursePlan(manifest.exercises), courseFiles())).toEqual([]);
});

test('no file the learner does not edit carries authoring markup', () => {
  const learnerFiles = new Set(manifest.exercises.flatMap((e) => e.files.map((f) => `exercises/${e.slug}/${f}`)));
  const marked = coursePlan(manifest.exercises)
    .files.filter(({ path }) => path.startsWith('exercises/') && !learnerFiles.has(path))
    .filter(({ source }) => /\/\/ (#region TODO|#endregion|starter:)|TODO\(/.test(source))
    .map(({ path }) => path);
  expect(marked).toEqual([]);
});

describe.each(manifest.exercises.map((e) => [e.slug, e] as const))('%s', (_slug, exercise) => {
  test('each given file it changes is one the lesson names', () => {
    const lesson = readFileSync(join(REPO_ROOT, exercise.lesson), 'utf8');
    for (const file of exercise.givenChanges ?? []) {
      expect(exercise.continues, `${exercise.slug} continues no stage to change ${file} from`).toBeDefined();
      expect(exercise.files, `${file} is the learner's, not given`).not.toContain(file);
      const name = (file.split('/').pop() ?? file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(lesson, `${exercise.lesson} should say what changed in ${file}`).toMatch(new RegExp(`\`[^\`]*${name}\``));
    }
  });
});
