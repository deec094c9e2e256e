/** Every lesson has the seed's shape, code that is real, and paths that resolve. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/paths';
import { manifest } from '../../grader/manifest';
import { brokenPaths, codeBlocks, compileProblems, excerptProblem, missingSections, transcriptProblems } from '../checks/lesson-checks';

const scratch = mkdtempSync(join(tmpdir(), 'lesson-blocks-'));

describe.each(manifest.exercises.map((e) => [e.lesson, e] as const))('%s', (lesson, exercise) => {
  const path = join(REPO_ROOT, lesson);
  const text = readFileSync(path, 'utf8');

  test('has a title and every section of the lesson shape, in order', () => {
    expect(text.startsWith(`# ${exercise.id} · `)).toBe(true);
    expect(missingSections(text)).toEqual([]);
  });

  test('ends with a Full Transcript in plain prose', () => {
    expect(transcriptProblems(text)).toEqual([]);
  });

  test('every TypeScript block is a faithful excerpt of a named file, or compiles on its own', async () => {
    const problems: string[] = [];
    for (const block of codeBlocks(text).filter((b) => b.lang === 'ts' || b.lang === 'tsx')) {
      const excerpt = excerptProblem(block, REPO_ROOT);
      if (excerpt) problems.push(excerpt);
      if (!block.excerptOf) problems.push(...(await compileProblems(block, REPO_ROOT, scratch)));
    }
    expect(problems).toEqual([]);
  });

  test('every link and repository path resolves', () => {
    expect(brokenPaths(text, path, REPO_ROOT)).toEqual([]);
  });

  test('says how many points its code and its quiz are worth (its table of graded tests is generated from the manifest)', () => {
    const codePoints = exercise.tests.reduce((n, t) => n + t.points, 0);
    const quizPoints = exercise.quiz.reduce((n, q) => n + q.points, 0);
    const stated = /The graded tests, (\d+) points of code and (\d+) of quiz/.exec(text);
    expect(stated?.slice(1), 'the lesson should say "The graded tests, N points of code and M of quiz"').toEqual([String(codePoints), String(quizPoints)]);
  });

  test('has a Concept Flow diagram, and the quiz without its answers', () => {
    expect(codeBlocks(text).some((b) => b.lang === 'mermaid')).toBe(true);
    for (const q of exercise.quiz) for (const option of Object.values(q.options)) expect(text).toContain(option);
  });
});
