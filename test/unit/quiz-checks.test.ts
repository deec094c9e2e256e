import { describe, expect, test } from 'vitest';
import type { QuizOption, QuizQuestion } from '../../grader/manifest';
import { courseQuizProblems, quizShapeProblems, type AnsweredQuiz } from '../checks/quiz-checks';

const question = (id: string, lengths: readonly [number, number, number, number]): QuizQuestion => ({
  id,
  stage: 'open',
  points: 1,
  question: `question ${id}?`,
  options: { A: 'a'.repeat(lengths[0]), B: 'b'.repeat(lengths[1]), C: 'c'.repeat(lengths[2]), D: 'd'.repeat(lengths[3]) },
  why: { A: 'a', B: 'b', C: 'c', D: 'd' },
  answeredIn: 'Key Moment 1',
});
const quiz = (name: string, answers: readonly QuizOption[], lengths: readonly [number, number, number, number][]): AnsweredQuiz => ({
  name,
  questions: lengths.map((l, i) => question(`q${i + 1}`, l)),
  answers: Object.fromEntries(answers.map((a, i) => [`q${i + 1}`, a])),
});
const even: [number, number, number, number] = [10, 10, 10, 10];

describe('quiz shape', () => {
  test('a quiz whose key is always the same letter, or always the longest option, is flagged', () => {
    expect(quizShapeProblems(quiz('01', ['B', 'B', 'B'], [even, even, even]))).toEqual(['01: every answer is B']);
    expect(quizShapeProblems(quiz('02', ['A', 'B', 'C'], [[30, 10, 10, 10], [10, 30, 10, 10], [10, 10, 30, 10]]))).toEqual(['02: the right option is always the longest']);
    expect(quizShapeProblems(quiz('03', ['A', 'B', 'C'], [[30, 10, 10, 10], [10, 30, 10, 10], [10, 10, 10, 30]]))).toEqual([]);
  });

  test('across the course, a letter that is rarely the key and a longest-option habit are flagged', () => {
    const fair = [quiz('01', ['A', 'B', 'C'], [even, even, even]), quiz('02', ['D', 'A', 'B'], [even, even, even]), quiz('03', ['C', 'D', 'A'], [even, even, even])];
    expect(courseQuizProblems(fair)).toEqual([]);
    const noD = [quiz('01', ['A', 'B', 'C'], [even, even, even]), quiz('02', ['A', 'B', 'C'], [even, even, even])];
    expect(courseQuizProblems(noD)).toEqual(['D is the answer of only 0 of 6 questions']);
    const long = (letter: QuizOption): [number, number, number, number] => [letter === 'A' ? 30 : 10, letter === 'B' ? 30 : 10, letter === 'C' ? 30 : 10, letter === 'D' ? 30 : 10];
    const longish = [
      quiz('01', ['A', 'B', 'C'], [long('A'), long('B'), even]),
      quiz('02', ['D', 'A', 'B'], [long('D'), even, even]),
      quiz('03', ['C', 'D', 'A'], [even, long('D'), even]),
    ];
    expect(courseQuizProblems(longish)).toEqual(['the right option is the longest in 4 of 9 questions: 01 q1, 01 q2, 02 q1, 03 q2']);
  });
});
