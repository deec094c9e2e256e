import { describe, expect, test } from 'vitest';
import type { ExerciseResult, TestResult } from '../../grader/engine/results';
import { firstToFix, renderCompact, stageLine } from '../../grader/reporters/compact';
import { plain } from '../../grader/reporters/style';

const passed = (id: string, stage: TestResult['stage']): TestResult => ({ id, title: `it does ${id}`, stage, status: 'passed', points: 2, maxPoints: 2 });
const failed = (id: string, stage: TestResult['stage'], status: 'failed' | 'error' | 'timeout' | 'not-run' = 'failed'): TestResult => ({
  id,
  title: `it does ${id}`,
  stage,
  status,
  points: 0,
  maxPoints: 2,
  message: `${id} went wrong`,
});
const exercise = (tests: TestResult[]): ExerciseResult => ({
  id: '01',
  title: 'The WebSocket lifecycle',
  lesson: 'lessons/01-websocket-lifecycle.md',
  score: tests.reduce((s, t) => s + t.points, 0),
  maxScore: tests.reduce((s, t) => s + t.maxPoints, 0),
  status: tests.every((t) => t.status === 'passed') ? 'passed' : 'failed',
  tests,
  typeErrors: [],
});

const starter = exercise([
  failed('quiz-q1', 'connect'),
  passed('server-listens', 'connect'),
  failed('server-accepts', 'open'),
  failed('server-replies', 'server-send', 'not-run'),
  failed('client-closes', 'close', 'timeout'),
  passed('client-opens', 'open'),
]);
const options = { style: plain, hint: { text: 'Call wss.on("connection").', number: 1, total: 3 }, everyTest: 'press d to see every test' };

describe('the compact watch screen', () => {
  test('the first test to fix is the first code test that did not pass; quiz questions come after code', () => {
    expect(firstToFix(starter)?.id).toBe('server-accepts');
    expect(firstToFix(exercise([passed('a', 'open'), failed('quiz-q1', 'open')]))?.id).toBe('quiz-q1');
    expect(firstToFix(exercise([passed('a', 'open')]))).toBeUndefined();
  });

  test('stages in lifecycle order, each told apart: all passed, some, none', () => {
    expect(stageLine(starter, plain)).toBe('con 1/2  opn 1/2  s-s ✗  cls ✗');
  });

  test('shows one test with its reason and the hint, and counts the rest without listing them', () => {
    const text = renderCompact(starter, options);
    expect(text).toContain('First to fix: it does server-accepts (server-accepts, open, failed)');
    expect(text).toContain('→ server-accepts went wrong');
    expect(text).toContain('Hint 1 of 3: Call wss.on("connection").');
    expect(text).toContain('Also: 2 more tests to pass (1 not run, 1 timed out) and 1 quiz question · press d to see every test');
    for (const other of ['server-replies went wrong', 'client-closes went wrong', 'quiz-q1 went wrong']) expect(text).not.toContain(other);
    expect(text.split('\n').length).toBeLessThan(12);
  });

  test('an exercise that passes has nothing to fix', () => {
    const text = renderCompact(exercise([passed('a', 'open')]), options);
    expect(text).not.toContain('First to fix');
    expect(text).not.toContain('Hint');
  });
});
