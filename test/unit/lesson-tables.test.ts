import { describe, expect, test } from 'vitest';
import { TABLE_END, TABLE_START, testTable, withTestTable } from '../../grader/authoring/lesson-tables';
import { planQuizKeys, solutionAnswers } from '../../grader/authoring/quiz-keys';
import { AuthoringError, type CourseFiles } from '../../grader/authoring/snapshots';
import { quizKeyOf } from '../../grader/engine/quiz';
import type { ExerciseSpec, QuizQuestion } from '../../grader/manifest';

const question = (id: string): QuizQuestion => ({
  id,
  stage: 'open',
  points: 1,
  question: `${id}?`,
  options: { A: 'a', B: 'b', C: 'c', D: 'd' },
  why: { A: 'a', B: 'b', C: 'c', D: 'd' },
  answeredIn: 'Key Moment 1',
});
const exercise: ExerciseSpec = {
  id: '07',
  slug: '07-x',
  title: 'x',
  lesson: 'lessons/07-x.md',
  files: ['server.ts'],
  weightedStages: ['open'],
  tests: [
    { id: 'a', file: 'server.test.ts', stage: 'open', points: 2, title: 'connects to ws://<the host>/ws | and nothing else' },
    { id: 'b', file: 'client.test.ts', stage: 'close', points: 1, title: 'closes with 1000' },
  ],
  hints: [],
  quiz: [question('q1'), question('q2')],
};
const disk = (files: Record<string, string>): CourseFiles => ({
  list: () => [],
  read: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  },
});

describe("a lesson's table of graded tests", () => {
  test("is one row per test in the manifest's order, with its file, and markdown-safe titles", () => {
    expect(testTable(exercise).split('\n')).toEqual([
      '| Stage | Test | File | Points |',
      '| --- | --- | --- | --- |',
      '| open | connects to ws://&lt;the host&gt;/ws \\| and nothing else | server | 2 |',
      '| close | closes with 1000 | client | 1 |',
    ]);
  });

  test('replaces what is between its markers and nothing else, the same however often it runs', () => {
    const lesson = `# 07\n\nBefore.\n\n${TABLE_START}\n| old | table |\n${TABLE_END}\n\nAfter.\n`;
    const once = withTestTable(lesson, exercise);
    expect(once).toBe(`# 07\n\nBefore.\n\n${TABLE_START}\n\n${testTable(exercise)}\n\n${TABLE_END}\n\nAfter.\n`);
    expect(withTestTable(once, exercise)).toBe(once);
  });

  test('a lesson without the markers is an error that says where they go', () => {
    expect(() => withTestTable('# 07\n', exercise)).toThrow(AuthoringError);
    expect(() => withTestTable('# 07\n', exercise)).toThrow(/lessons\/07-x.md has no table of graded tests: put <!-- graded-tests/);
  });
});

describe('quiz keys', () => {
  test("are the salted hashes of the solution's answers, with no letter in them", () => {
    const [file] = planQuizKeys([exercise], disk({ 'solutions/07-x/quiz-answers.json': '{ "q1": "C", "q2": "A" }' }));
    expect(file?.path).toBe('grader/exercises/07-x/quiz-key.json');
    expect(JSON.parse(file?.source ?? '')).toEqual({ q1: quizKeyOf(exercise, 'q1', 'C'), q2: quizKeyOf(exercise, 'q2', 'A') });
    expect(file?.source).not.toMatch(/"[A-D]"/);
  });

  test('answers that are missing, not a letter, or for questions the quiz lacks are errors naming the file', () => {
    const answers = (json: string) => () => solutionAnswers(exercise, disk({ 'solutions/07-x/quiz-answers.json': json }));
    expect(answers('{ "q1": "C" }')).toThrow(/solutions\/07-x\/quiz-answers.json gives undefined for question q2/);
    expect(answers('{ "q1": "C", "q2": "E" }')).toThrow(/gives "E" for question q2: expected one of A, B, C and D/);
    expect(answers('{ "q1": "C", "q2": "A", "q9": "B" }')).toThrow(/answers questions exercise 07's quiz does not have: q9/);
    expect(answers('not json')).toThrow(AuthoringError);
  });
});
