import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExerciseSpec, QuizOption } from '../manifest';
import type { TestResult } from './results';

/** Saved inside the exercise folder, so the answers travel with a submission. */
export const QUIZ_FILE = 'quiz-answers.json';

export type QuizAnswers = Readonly<Record<string, string>>;

export const quizTestId = (questionId: string): string => `quiz-${questionId}`;

export function gradeQuiz(exercise: ExerciseSpec, answers: QuizAnswers): TestResult[] {
  return exercise.quiz.map((q) => {
    const given = answers[q.id]?.trim().toUpperCase();
    const base = { id: quizTestId(q.id), title: `Quiz ${q.id}: ${q.question}`, stage: q.stage, maxPoints: q.points };
    if (given === q.answer) return { ...base, status: 'passed', points: q.points };
    const message =
      given === undefined || given === ''
        ? `not answered yet: run npm run grade -- quiz ${exercise.id}`
        : `answered ${given}, which is not right: re-read the lesson's Execution Table and try again`;
    return { ...base, status: 'failed', points: 0, message };
  });
}

export async function readQuizAnswers(exerciseDir: string): Promise<QuizAnswers> {
  let text: string;
  try {
    text = await readFile(join(exerciseDir, QUIZ_FILE), 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {}; // a hand-edited file that is not JSON counts as unanswered
  }
}

export async function writeQuizAnswers(exerciseDir: string, answers: Record<string, QuizOption>): Promise<void> {
  await mkdir(exerciseDir, { recursive: true });
  await writeFile(join(exerciseDir, QUIZ_FILE), `${JSON.stringify(answers, null, 2)}\n`);
}
