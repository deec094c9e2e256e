import { describe, expect, test } from 'vitest';
import { gradeQuiz } from '../../grader/engine/quiz';
import { exerciseStatus, stageTotals, type GradeReport, type TestResult } from '../../grader/engine/results';
import { findExercise } from '../../grader/manifest';
import { chooseStyle, colored, plain } from '../../grader/reporters/style';
import { renderReport } from '../../grader/reporters/terminal';

const result = (id: string, stage: TestResult['stage'], status: TestResult['status'], maxPoints = 2): TestResult => ({
  id,
  name: `it does ${id}`,
  stage,
  status,
  points: status === 'passed' ? maxPoints : 0,
  maxPoints,
  ...(status === 'passed' ? {} : { message: `${id} went wrong` }),
});

describe('quiz grading', () => {
  const exercise = findExercise('01');
  if (!exercise) throw new Error('exercise 01 is missing from the manifest');
  const key = Object.fromEntries(exercise.quiz.map((q) => [q.id, q.answer]));

  test('the answer key scores full marks, in lower case too', () => {
    const lower = Object.fromEntries(Object.entries(key).map(([k, v]) => [k, v.toLowerCase()]));
    expect(gradeQuiz(exercise, lower).every((r) => r.status === 'passed')).toBe(true);
  });

  test('a wrong answer fails without giving the right one away; a missing one says how to answer', () => {
    const q = exercise.quiz[0];
    if (!q) throw new Error('no quiz question');
    const wrong = (['A', 'B', 'C', 'D'] as const).find((l) => l !== q.answer) as string;
    const [graded] = gradeQuiz(exercise, { [q.id]: wrong });
    expect(graded).toMatchObject({ status: 'failed', points: 0, stage: q.stage });
    expect(graded?.message).not.toContain(`answer is ${q.answer}`);
    expect(gradeQuiz(exercise, {})[1]?.message).toContain('npm run grade -- quiz 01');
  });
});

describe('results', () => {
  test('exercise status: passed only when all pass; error when any errored or timed out', () => {
    expect(exerciseStatus([result('a', 'open', 'passed')])).toBe('passed');
    expect(exerciseStatus([result('a', 'open', 'passed'), result('b', 'open', 'failed')])).toBe('failed');
    expect(exerciseStatus([result('a', 'open', 'timeout'), result('b', 'open', 'failed')])).toBe('error');
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
    schemaVersion: 2,
    course: 'Real-time Remix',
    target: 'exercises',
    stage: null,
    score: 2,
    maxScore: 4,
    durationMs: 1234,
    exercises: [{ id: '01', title: 'The WebSocket lifecycle', lesson: 'lessons/01.md', score: 2, maxScore: 4, status: 'failed', tests }],
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

  test('colour only when asked for or on a terminal, and never with NO_COLOR', () => {
    expect(renderReport(report, { style: colored, nextHint: hint })).toContain('\u001b[32m');
    expect(chooseStyle(null, { isTTY: true }, { NO_COLOR: '1' })).toBe(plain);
    expect(chooseStyle(null, { isTTY: true }, {})).toBe(colored);
    expect(chooseStyle(null, { isTTY: false }, {})).toBe(plain);
    expect(chooseStyle(null, { isTTY: false }, { FORCE_COLOR: '1' })).toBe(colored);
    expect(chooseStyle(false, { isTTY: true }, { FORCE_COLOR: '1' })).toBe(plain);
  });
});
