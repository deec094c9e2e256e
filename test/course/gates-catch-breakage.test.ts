// @vitest-environment jsdom
/**
 * The course's gates are not vacuous: break a real lesson's code block, link or
 * diagram, or a real starter outside its TODO regions, and the same checks
 * lessons.test.ts, mermaid.test.ts, starter.test.ts and continuity.test.ts run
 * report it. Nothing in the repository is changed: each break is made in memory
 * or in a temporary copy.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { shippedStarter } from '../../grader/engine/starter-files';
import { manifest } from '../../grader/manifest';
import { filesUnder, firstDifference, snapshotProblems } from '../checks/continuity';
import { brokenPaths, codeBlocks, compileProblems, excerptProblem, type CodeBlock } from '../checks/lesson-checks';

const made: string[] = [];
const tempDir = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const scratch = tempDir('broken-blocks');
const tsBlocks = (text: string): CodeBlock[] => codeBlocks(text).filter((b) => b.lang === 'ts' || b.lang === 'tsx');
/** The block as the lesson would hold it with `code` in place of its own. */
const withCode = (block: CodeBlock, code: string): CodeBlock => ({ ...block, code });

describe.each(manifest.exercises.map((e) => [e.lesson, e] as const))('%s', (lesson, exercise) => {
  const path = join(REPO_ROOT, lesson);
  const text = readFileSync(path, 'utf8');

  test('every TypeScript block, broken, is caught: an excerpt with a line changed, a standalone block with a type error', async () => {
    const blocks = tsBlocks(text);
    expect(blocks.length, 'the lesson has TypeScript blocks').toBeGreaterThan(0);
    for (const block of blocks) {
      if (block.excerptOf) {
        expect(excerptProblem(block, REPO_ROOT), `the excerpt at line ${block.line} passes as it is`).toBeNull();
        const lines = block.code.split('\n');
        const target = lines.findIndex((l) => l.trim().length > 3);
        lines[target] = `${lines[target]} // changed`;
        expect(excerptProblem(withCode(block, lines.join('\n')), REPO_ROOT)).toMatch(/is not in|in this order/);
      } else {
        const broken = `${block.code}\nconst brokenOnPurpose: number = 'not a number';\n`;
        expect(await compileProblems(withCode(block, broken), REPO_ROOT, scratch)).toEqual([expect.stringContaining("Type 'string' is not assignable to type 'number'")]);
      }
    }
  });

  test('a link or a repository path to a file that is not there is reported', () => {
    expect(brokenPaths(text, path, REPO_ROOT)).toEqual([]);
    const links = [...text.matchAll(/\]\(((?:\.\.\/|\.\/)[^)#\s]+)/g)].map((m) => m[1] as string);
    const paths = [...text.matchAll(/`((?:exercises|solutions)\/[\w./-]+\.tsx?)`/g)].map((m) => m[1] as string);
    expect(links.length + paths.length, 'the lesson names at least one file of the repository').toBeGreaterThan(0);
    for (const link of links) expect(brokenPaths(text.replace(`](${link}`, `](${link}.missing`), path, REPO_ROOT)).toEqual([`${link}.missing`]);
    const [first] = paths;
    if (first) expect(brokenPaths(text.replace(`\`${first}\``, `\`${first}x\``), path, REPO_ROOT)).toEqual([`${first}x`]);
  });

  test('a diagram with a broken line no longer parses', async () => {
    const mermaid = (await import('mermaid')).default;
    const [diagram] = codeBlocks(text).filter((b) => b.lang === 'mermaid');
    if (!diagram) throw new Error(`${lesson} has no Mermaid diagram`);
    await expect(mermaid.parse(diagram.code)).resolves.toBeTruthy();
    await expect(mermaid.parse(`${diagram.code}\n    -->> --> :`)).rejects.toThrow();
  });

  test('a starter edited outside its TODO regions no longer matches the starter its solution generates', async () => {
    let edited = 0;
    for (const [file, generated] of await shippedStarter(exercise)) {
      const lines = generated.split('\n');
      const firstTodo = lines.findIndex((l) => l.includes('TODO('));
      const target = lines.findIndex((l, i) => (firstTodo < 0 || i < firstTodo) && l.startsWith('export '));
      if (target < 0) continue; // nothing exported before the first TODO: another file shows it
      edited += 1;
      lines[target] = lines[target]?.replace('export ', 'export /* edited */ ') ?? '';
      expect(firstDifference(generated, lines.join('\n')), `${exercise.slug}/${file}`).toMatchObject({ line: target + 1 });
    }
    expect(edited, 'a learner file with an export before its first TODO').toBeGreaterThan(0);
  });
});

const withGivenFiles = manifest.exercises.flatMap((exercise, index) => {
  const given = filesUnder(join(DEFAULT_TARGET, exercise.slug)).filter((f) => !exercise.files.includes(f));
  return given.length > 0 ? [[exercise.slug, exercise, given, manifest.exercises[index - 1] ?? null] as const] : [];
});

describe.each(withGivenFiles)('%s, given code', (slug, exercise, given, previous) => {
  const check = (exerciseDir: string, solutionDir: string) =>
    snapshotProblems(exerciseDir, solutionDir, exercise.files, previous ? join(SOLUTIONS_DIR, previous.slug) : null, previous?.files ?? [], exercise.givenChanges ?? []);
  const edit = (dir: string, file: string): void => writeFileSync(join(dir, file), `${readFileSync(join(dir, file), 'utf8')}// edited\n`);

  test('a given file edited in the exercise is reported', () => {
    const copy = tempDir('broken-exercise');
    cpSync(join(DEFAULT_TARGET, slug), copy, { recursive: true });
    const file = given[0] as string;
    edit(copy, file);
    expect(check(copy, join(SOLUTIONS_DIR, slug))).toContainEqual({ file, problem: expect.stringContaining('differs between exercise and solution') });
  });
});

// Files a stage takes over unchanged from the previous stage's solution (given in both stages).
const withCarriedFiles = manifest.exercises.flatMap((exercise, index) => {
  const previous = manifest.exercises[index - 1];
  if (!previous) return [];
  const before = filesUnder(join(SOLUTIONS_DIR, previous.slug));
  const carried = filesUnder(join(SOLUTIONS_DIR, exercise.slug)).filter(
    (f) => before.includes(f) && !exercise.files.includes(f) && !previous.files.includes(f) && !(exercise.givenChanges ?? []).includes(f),
  );
  return carried.length > 0 ? [[exercise.slug, exercise, carried[0] as string, previous] as const] : [];
});

test('some stage carries files over from the previous one', () => {
  expect(withCarriedFiles.length).toBeGreaterThan(0);
});

describe.each(withCarriedFiles)('%s, carried-over code', (slug, exercise, file, previous) => {
  test("a carried-over file changed in this stage's solution is reported", () => {
    const solutionCopy = tempDir('broken-solution');
    cpSync(join(SOLUTIONS_DIR, slug), solutionCopy, { recursive: true });
    writeFileSync(join(solutionCopy, file), `${readFileSync(join(solutionCopy, file), 'utf8')}// edited\n`);
    const problems = snapshotProblems(join(DEFAULT_TARGET, slug), solutionCopy, exercise.files, join(SOLUTIONS_DIR, previous.slug), previous.files, exercise.givenChanges ?? []);
    expect(problems).toContainEqual({ file, problem: expect.stringContaining("differs from the previous stage's solution") });
  });

});
