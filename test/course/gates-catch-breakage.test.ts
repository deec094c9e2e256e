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
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, GRADER_EXERCISES_DIR, REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { courseFiles, coursePlan, shippedStarter } from '../../grader/authoring/course-files';
import { manifest } from '../../grader/manifest';
import { firstDifference, generatedDrift } from '../checks/continuity';
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

/** What npm run starters reads and writes (exercises/, solutions/, lessons/, grader/exercises/) in a temporary copy, where breaking a file changes nothing here. */
function courseCopy(): string {
  const root = tempDir('broken-course');
  for (const dir of [DEFAULT_TARGET, SOLUTIONS_DIR, join(REPO_ROOT, 'lessons'), GRADER_EXERCISES_DIR]) {
    cpSync(dir, join(root, relative(REPO_ROOT, dir)), { recursive: true, filter: (path) => !/[\\/](build|node_modules|\.cache)$/.test(path) });
  }
  return root;
}
const append = (root: string, path: string): void => writeFileSync(join(root, path), `${readFileSync(join(root, path), 'utf8')}// edited\n`);

describe('generated files, edited by hand', () => {
  const plan = coursePlan(manifest.exercises);
  const learner = new Set(manifest.exercises.flatMap((e) => e.files.map((f) => `exercises/${e.slug}/${f}`)));
  const given = plan.files.find((f) => f.path.startsWith('exercises/') && !learner.has(f.path));
  const carried = plan.files.find((f) => f.path.startsWith('solutions/'));

  test('a given file edited in an exercise is reported, naming the solution file to edit instead', () => {
    if (!given) throw new Error('no exercise has a given file');
    const root = courseCopy();
    append(root, given.path);
    expect(generatedDrift(coursePlan(manifest.exercises, root), courseFiles(root))).toEqual([
      { path: given.path, problem: expect.stringContaining(`generated from ${given.from}: edit that file, then run npm run starters`) },
    ]);
  });

  test("a file carried over into a later stage's solution, edited there, is reported with the file it comes from", () => {
    if (!carried) throw new Error('no stage carries a file over');
    const root = courseCopy();
    append(root, carried.path);
    expect(generatedDrift(coursePlan(manifest.exercises, root), courseFiles(root))).toEqual([
      { path: carried.path, problem: expect.stringContaining(`generated from ${carried.from}`) },
    ]);
  });
});
