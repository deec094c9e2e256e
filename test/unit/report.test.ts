import { describe, expect, test } from 'vitest';
import { gradeQuiz, quizKeyOf } from '../../grader/engine/quiz';
import { allPassed, exerciseStatus, reasonOf, flakyTests, stageTotals, type GradeReport, type TestResult } from '../../grader/engine/results';
import { findExercise } from '../../grader/manifest';
import { chooseStyle, colored, plain } from '../../grader/reporters/style';
import { renderReport } from '../../grader/reporters/terminal';

const result = (id: string, stage: TestResult['stage'], status: TestResult['status'], maxPoints = 2): TestResult =>
  status === 'passed'
    ? { id, title: `it does ${id}`, stage, status, points: maxPoints, maxPoints }
    : { id, title: `it does ${id}`, stage, status, points: 0, maxPoints, message: `${id} went wrong` };

describe('quiz grading', () => {
  const exercise = findExercise('01');
  if (!exercise) throw new Error('exercise 01 is missing from the manifest');
  const [q1, q2] = exercise.quiz;
  if (!q1 || !q2) throw new Error('exercise 01 needs two quiz questions');
  // A key made here, so the test does not depend on which letters the course's quiz uses.
  const key = { [q1.id]: quizKeyOf(exercise, q1.id, 'C'), [q2.id]: quizKeyOf(exercise, q2.id, 'A') };

  test('the right letters score, in lower case too; the key holds no letter', () => {
    expect(gradeQuiz(exercise, { [q1.id]: 'c', [q2.id]: ' A ' }, key).slice(0, 2).map((r) => r.status)).toEqual(['passed', 'passed']);
    expect(Object.values(key).join(' ')).not.toMatch(/\b[A-D]\b/);
    expect(quizKeyOf(exercise, q1.id, 'C')).not.toBe(quizKeyOf({ slug: 'another-exercise' }, q1.id, 'C'));
  });

  test("a wrong answer is told why that option is wrong and where the lesson answers it, never the right letter", () => {
    const [graded] = gradeQuiz(exercise, { [q1.id]: 'B' }, key);
    expect(graded).toMatchObject({ status: 'failed', points: 0, stage: q1.stage });
    expect(graded && reasonOf(graded)).toBe(`answered B, which is not right. ${q1.why.B} The lesson answers this in ${q1.answeredIn}.`);
    expect(reasonOf(gradeQuiz(exercise, { [q1.id]: 'E' }, key)[0] as TestResult)).toContain('which is not one of A, B, C and D');
    expect(reasonOf(gradeQuiz(exercise, {}, key)[1] as TestResult)).toContain('npm run grade -- quiz 01');
  });

  test('without a key, nothing passes', () => {
    expect(gradeQuiz(exercise, { [q1.id]: 'C' }, {})[0]?.status).toBe('failed');
  });
});

describe('results', () => {
  test('exercise status: passed only when all pass; error when any errored or timed out', () => {
    expect(exerciseStatus([result('a', 'open', 'passed')])).toBe('passed');
    expect(exerciseStatus([result('a', 'open', 'passed'), result('b', 'open', 'failed')])).toBe('failed');
    expect(exerciseStatus([result('a', 'open', 'timeout'), result('b', 'open', 'failed')])).toBe('error');
  });

  test('flaky tests are those whose status differs between runs; a flaky grade does not pass', () => {
    const run = (status: TestResult['status']): GradeReport => ({
      schemaVersion: 6,
      course: 'c',
      official: true,
      integrity: { changed: [], missing: [], added: [], changedDuringGrade: [], forgedProgressLines: 0, outsideImports: [], refusedFiles: [] },
      isolation: 'process',
      target: 't',
      stage: null,
      score: 0,
      maxScore: 0,
      durationMs: 0,
      stages: [],
      exercises: [{ id: '01', title: 't', lesson: 'l', score: 0, maxScore: 2, status: 'passed', typeErrors: [], tests: [result('a', 'open', 'passed'), result('b', 'open', status)] }],
    });
    expect(flakyTests([run('passed'), run('passed')])).toEqual([]);
    expect(flakyTests([run('passed'), run('timeout')])).toEqual([{ exercise: '01', test: 'b', statuses: ['passed', 'timeout'] }]);
    expect(allPassed({ ...run('passed'), repetition: { runs: 2, flaky: [{ exercise: '01', test: 'b', statuses: ['passed', 'failed'] }] } })).toBe(false);
  });

  test('stage totals follow the lifecycle order and skip empty stages', () => {
    const totals = stageTotals([result('a', 'close', 'passed'), result('b', 'connect', 'failed'), result('c', 'close', 'failed', 3)]);
    expect(totals).toEqual([
      { stage: 'connect', score: 0, maxScore: 2, passed: 0, total: 1 },
      { stage: 'close', score: 2, maxScore: 5, passed: 1, total: 2 },
    ]);
  });
});

describe('terminal report', () => {
  const tests = [result('a', 'connect', 'passed'), result('b', 'close', 'failed')];
  const report: GradeReport = {
    schemaVersion: 6,
    course: 'Real-time Remix',
    official: true,
    integrity: { changed: [], missing: [], added: [], changedDuringGrade: [], forgedProgressLines: 0, outsideImports: [], refusedFiles: [] },
      isolation: 'process',
    target: 'exercises',
    stage: null,
    score: 2,
    maxScore: 4,
    durationMs: 1234,
    exercises: [{ id: '01', title: 'The WebSocket lifecycle', lesson: 'lessons/01.md', score: 2, maxScore: 4, status: 'failed', tests, typeErrors: [] }],
    stages: stageTotals(tests),
  };
  const hint = () => ({ text: 'Try closing with 1000.', number: 1, total: 2 });

  test('shows per-stage marks, the failing expectation, its reason and the next hint', () => {
    const text = renderReport(report, { style: plain, nextHint: hint });
    expect(text).toContain('✓ connect');
    expect(text).toContain('✗ close');
    expect(text).toContain('it does b');
    expect(text).toContain('→ b went wrong');
    expect(text).toContain('Hint 1 of 2: Try closing with 1000.');
    expect(text).toContain('Score 2/4');
    expect(text).not.toContain('\u001b[');
  });

  test('type errors are listed under their exercise, marked as not scored', () => {
    const withTypes: GradeReport = {
      ...report,
      exercises: report.exercises.map((e) => ({ ...e, typeErrors: [{ file: '01-x/server.ts', line: 3, column: 7, message: "Type 'string' is not assignable to type 'number'. (TS2322)" }] })),
    };
    const text = renderReport(withTypes, { style: plain, nextHint: hint });
    expect(text).toContain('TypeScript 1 type error (shown, not scored):');
    expect(text).toContain("01-x/server.ts:3:7 Type 'string' is not assignable to type 'number'. (TS2322)");
  });

  test('an unofficial grade says so at the top and at the score, naming the files', () => {
    const tampered: GradeReport = {
      ...report,
      official: false,
      integrity: { changed: ['grader/manifest/index.ts'], missing: [], added: [], changedDuringGrade: ['grader/manifest/index.ts'], forgedProgressLines: 0, outsideImports: [], refusedFiles: [] },
    };
    const text = renderReport(tampered, { style: plain, nextHint: hint });
    expect(text.split('\n')[0]).toContain('UNOFFICIAL RESULT');
    expect(text).toContain('changed: grader/manifest/index.ts');
    expect(text).toContain('changed while this grade ran');
    expect(text).toContain('UNOFFICIAL Score 2/4');
  });

  test('repeated grades name every test whose outcome changed', () => {
    const rerun: GradeReport = { ...report, repetition: { runs: 3, flaky: [{ exercise: '01', test: 'b', statuses: ['failed', 'passed', 'failed'] }] } };
    expect(renderReport(rerun, { style: plain, nextHint: hint })).toContain('01 b: failed, passed, failed');
  });

  test('colour only when asked for or on a terminal, and never with NO_COLOR', () => {
    expect(renderReport(report, { style: colored, nextHint: hint })).toContain('\u001b[32m');
    expect(chooseStyle(null, { isTTY: true }, { NO_COLOR: '1' })).toBe(plain);
    expect(chooseStyle(null, { isTTY: true }, {})).toBe(colored);
    expect(chooseStyle(null, { isTTY: false }, {})).toBe(plain);
    expect(chooseStyle(null, { isTTY: false }, { FORCE_COLOR: '1' })).toBe(colored);
    expect(chooseStyle(false, { isTTY: true }, { FORCE_COLOR: '1' })).toBe(plain);
  });
});
