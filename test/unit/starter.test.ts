import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { starterFromSolution, StarterMarkupError } from '../../grader/authoring/starter';
import { shippedStarter } from '../../grader/authoring/course-files';
import { DEFAULT_TARGET } from '../../grader/engine/paths';
import { manifest } from '../../grader/manifest';

const solution = [
  'export function f(): number {',
  '  // #region TODO(server-send): send the reply.',
  '  // Only to this socket.',
  '  // starter: return 0;',
  '  const x = 1;',
  '  // a comment inside the solution code stays out',
  '  return x;',
  '  // #endregion',
  '}',
].join('\n');

describe('starterFromSolution', () => {
  test('keeps the TODO text and starter lines, drops the solution code', () => {
    const { source, regions } = starterFromSolution(solution);
    expect(source).toBe(
      ['export function f(): number {', '  // TODO(server-send): send the reply.', '  // Only to this socket.', '  return 0;', '}'].join('\n'),
    );
    expect(regions).toEqual([{ stage: 'server-send', text: 'send the reply.', line: 2, endLine: 8 }]);
  });

  test('leaves a file without regions unchanged', () => {
    expect(starterFromSolution('const a = 1;\n').source).toBe('const a = 1;\n');
  });

  test('rejects unknown stages, nesting and unclosed regions with the line', () => {
    expect(() => starterFromSolution('// #region TODO(sending): x\n// #endregion', 'f.ts')).toThrow(/f.ts:1: "sending" is not a lifecycle stage/);
    expect(() => starterFromSolution('// #region TODO(open): a\n// #region TODO(close): b\n// #endregion')).toThrow(StarterMarkupError);
    expect(() => starterFromSolution('// #region TODO(open): a\nconst x = 1;', 'f.ts')).toThrow(/f.ts:1: #region TODO is never closed/);
    expect(() => starterFromSolution('// #endregion', 'f.ts')).toThrow(/without #region/);
  });
});

describe('a starter edited outside its TODO regions', () => {
  test('no longer matches its generated starter, and the first differing line is named', async () => {
    const { firstDifference } = await import('../checks/continuity');
    const generated = starterFromSolution(solution).source;
    const edited = generated.replace('export function f(): number {', 'export function f(): string {');
    expect(firstDifference(generated, edited)).toEqual({ line: 1, expected: 'export function f(): number {', actual: 'export function f(): string {' });
    expect(firstDifference(generated, generated)).toBeNull();
  });
});

describe('shipped starters', () => {
  test.each(manifest.exercises.map((e) => [e.slug, e] as const))('exercises/%s is exactly its generated starter', async (_slug, exercise) => {
    for (const [file, expected] of await shippedStarter(exercise)) {
      const actual = readFileSync(join(DEFAULT_TARGET, exercise.slug, file), 'utf8');
      expect(actual, `exercises/${exercise.slug}/${file} differs from the starter generated from its solution; run npm run starters`).toBe(expected);
    }
  });

});
