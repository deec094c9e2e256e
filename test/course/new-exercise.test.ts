/**
 * Adding a lesson is a job in its own folders: the steps grader/README.md gives
 * ("Adding a lesson"), taken in a copy of the course for a small exercise that
 * continues the course's last one, give an exercise that grades: the solution scores 100%, the
 * starter fails its stage, and the given code before it is carried over, not copied.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TABLE_END, TABLE_START } from '../../grader/authoring/lesson-tables';
import { isCarriedCopy } from '../../grader/authoring/snapshots';
import { manifest } from '../../grader/manifest';
import { gradeJson, cleanEnv } from '../helpers/cli';
import { repoCopy } from '../helpers/repo-copy';

const previous = manifest.exercises[manifest.exercises.length - 1];
/** The new exercise's id: the one after the course's last. */
const ID = String(Number(previous?.id ?? 0) + 1).padStart(2, '0');
const SLUG = `${ID}-shouting`;
const LEARNER_FILE = 'app/lib/shout.ts';

/** Step 1: the solution holds only what the stage writes, the learner's part marked. */
const SOLUTION = `/** Shouts a chat line: the text in capitals, with one exclamation mark. */
export function shout(text: string): string {
  // #region TODO(server-process): give the text upper-cased with '!' added, once, even when it already ends with one
  // starter: return text;
  return \`\${text.toUpperCase().replace(/!+$/, '')}!\`;
  // #endregion
}
`;

/** Step 2: the manifest entry, in the exercise's own folder. */
const ENTRY = `import type { ExerciseSpec } from '../../manifest/types';

export const shouting: ExerciseSpec = {
  id: '${ID}',
  slug: '${SLUG}',
  title: 'Shouting',
  lesson: 'lessons/${SLUG}.md',
  continues: '${previous?.id}',
  files: ['${LEARNER_FILE}'],
  weightedStages: ['server-process'],
  tests: [
    { id: 'shout-upper', file: 'shout.test.ts', stage: 'server-process', points: 2,
      title: "shout('hi') gives 'HI!', and shout('hey!!') gives 'HEY!'" },
  ],
  hints: ['toUpperCase() gives the capitals.', 'Take off the exclamation marks it ends with first: /!+$/.'],
  quiz: [
    { id: 'q1', stage: 'server-process', points: 1, question: 'Why strip the marks first?',
      options: { A: 'For speed', B: 'So there is exactly one', C: 'For Unicode', D: 'For nothing' },
      why: { A: 'A regex costs more, not less.', B: 'Adding one to text that has some gives two.', C: 'toUpperCase handles Unicode.', D: 'Without it, hey!! gives HEY!!!.' },
      answeredIn: 'Key Moment 1' },
  ],
};
`;

/** Step 3: its graded test, written on the harness. */
const GRADED_TEST = `import { call, check, describeValue, gradedExercise } from '../../../harness';
import type * as Shout from '../../../../solutions/${SLUG}/${LEARNER_FILE.replace(/\.ts$/, '')}';

const ex = gradedExercise('${ID}');

ex.test('shout-upper', async () => {
  const { shout } = await ex.load<typeof Shout>('${LEARNER_FILE}', ['shout']);
  for (const [text, expected] of [['hi', 'HI!'], ['hey!!', 'HEY!']]) {
    const loud = await call(\`shout(\${describeValue(text)})\`, () => shout(text));
    check(loud === expected, \`shout(\${describeValue(text)}) gave \${describeValue(loud)}, expected \${describeValue(expected)}\`);
  }
});
`;

/** Step 5 asks for the lesson first: here only where its table of graded tests goes, which npm run starters fills in. */
const LESSON = `# ${ID} · Shouting\n\n## Your exercise\n\n${TABLE_START}\n${TABLE_END}\n`;

let course: string;
const put = (path: string, text: string): void => {
  mkdirSync(dirname(join(course, path)), { recursive: true });
  writeFileSync(join(course, path), text);
};
const courseTool = (command: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', 'grader/cli/dev.ts', command], { cwd: course, env: cleanEnv() as NodeJS.ProcessEnv, encoding: 'utf8' });

describe('a new exercise, added by the documented steps', () => {
  beforeAll(() => {
    if (!previous) throw new Error('the course has no exercise to continue');
    course = repoCopy();
    put(`solutions/${SLUG}/${LEARNER_FILE}`, SOLUTION);
    put(`solutions/${SLUG}/quiz-answers.json`, '{ "q1": "B" }\n');
    put(`grader/exercises/${SLUG}/exercise.ts`, ENTRY);
    const index = readFileSync(join(course, 'grader/manifest/index.ts'), 'utf8');
    const last = previous.slug;
    const lastImport = index.split('\n').find((line) => line.includes(`'../exercises/${last}/exercise'`)) ?? '';
    const lastName = /import \{ (\w+) \}/.exec(lastImport)?.[1] ?? '';
    put(
      'grader/manifest/index.ts',
      index
        .replace(lastImport, `${lastImport}\nimport { shouting } from '../exercises/${SLUG}/exercise';`)
        .replace(`${lastName}],`, `${lastName}, shouting],`),
    );
    put(`grader/exercises/${SLUG}/tests/shout.test.ts`, GRADED_TEST);
    put(`lessons/${SLUG}.md`, LESSON);
    courseTool('starters');
    courseTool('integrity');
  }, 120_000);
  afterAll(() => rmSync(course, { recursive: true, force: true }));

  test("npm run starters lays out the learner's folder: the starter, and the previous stage's given code carried over", () => {
    const starter = readFileSync(join(course, 'exercises', SLUG, LEARNER_FILE), 'utf8');
    expect(starter).toContain('// TODO(server-process): give the text upper-cased');
    expect(starter).toContain('  return text;');
    expect(starter).not.toContain('toUpperCase');
    const server = readFileSync(join(course, 'exercises', SLUG, 'server.ts'), 'utf8');
    expect(isCarriedCopy(server), 'server.ts is a carried copy').toBe(true);
    expect(readFileSync(join(course, 'solutions', SLUG, 'server.ts'), 'utf8')).toBe(server);
    expect(readFileSync(join(course, 'lessons', `${SLUG}.md`), 'utf8')).toContain(`| server-process | shout('hi') gives 'HI!', and shout('hey!!') gives 'HEY!' | shout | 2 |`);
  });

  test('the solution scores 100%, officially', async () => {
    const { report } = await gradeJson([ID, '--solutions'], undefined, course);
    expect(report.official, JSON.stringify(report.integrity)).toBe(true);
    const graded = report.exercises.find((e) => e.id === ID);
    expect(graded?.tests.map((t) => [t.id, t.status])).toEqual([
      ['shout-upper', 'passed'],
      ['quiz-q1', 'passed'],
    ]);
    expect(graded?.score).toBe(graded?.maxScore);
  }, 120_000);

  test('the starter fails the test of its weighted stage, as a plain failure that says what came back', async () => {
    const { report } = await gradeJson([ID], undefined, course);
    const test = report.exercises.find((e) => e.id === ID)?.tests.find((t) => t.id === 'shout-upper');
    expect(test?.status).toBe('failed');
    expect(test?.status === 'failed' ? test.message : '').toContain("shout('hi') gave 'hi', expected 'HI!'");
  }, 120_000);
});
