import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExerciseSpec, QuizOption } from '../manifest';
import { GRADER_EXERCISES_DIR } from './paths';
import type { TestResult } from './results';

/** Saved inside the exercise folder, so the answers travel with a submission. */
export const QUIZ_FILE = 'quiz-answers.json';
/** The keys of an exercise's quiz, in its grader folder: written by `npm run starters` from the reference solution's answers. */
export const QUIZ_KEY_FILE = 'quiz-key.json';
export const QUIZ_OPTIONS: readonly QuizOption[] = ['A', 'B', 'C', 'D'];

export type QuizAnswers = Readonly<Record<string, string>>;
/** Question id → the salted hash of its right option. */
export type QuizKey = Readonly<Record<string, string>>;

export const quizTestId = (questionId: string): string => `quiz-${questionId}`;

/**
 * The key of one option. Salted with the exercise and the question, so the same letter
 * hashes differently everywhere and a key file cannot be read as letters at a glance. With
 * four options it hides nothing from someone who hashes all four: it keeps the answers out of
 * sight, the way the reference solution keeps the code out of the exercise.
 */
export function quizKeyOf(exercise: Pick<ExerciseSpec, 'slug'>, questionId: string, option: QuizOption): string {
  return createHash('sha256').update(`real-time remix quiz\0${exercise.slug}\0${questionId}\0${option}`).digest('hex').slice(0, 32);
}

export function loadQuizKey(exercise: ExerciseSpec): QuizKey {
  try {
    return JSON.parse(readFileSync(join(GRADER_EXERCISES_DIR, exercise.slug, QUIZ_KEY_FILE), 'utf8')) as QuizKey;
  } catch {
    return {}; // no key: every answer is graded wrong, and npm test says the file is missing
  }
}

const isOption = (letter: string): letter is QuizOption => (QUIZ_OPTIONS as readonly string[]).includes(letter);

export function gradeQuiz(exercise: ExerciseSpec, answers: QuizAnswers, key: QuizKey = loadQuizKey(exercise)): TestResult[] {
  return exercise.quiz.map((q) => {
    const given = answers[q.id]?.trim().toUpperCase() ?? '';
    const base = { id: quizTestId(q.id), title: `Quiz ${q.id}: ${q.question}`, stage: q.stage, maxPoints: q.points };
    if (isOption(given) && key[q.id] === quizKeyOf(exercise, q.id, given)) return { ...base, status: 'passed', points: q.points };
    const message =
      given === ''
        ? `not answered yet: run npm run grade -- quiz ${exercise.id}`
        : isOption(given)
          ? `answered ${given}, which is not right. ${q.why[given]} The lesson answers this in ${q.answeredIn}.`
          : `answered ${JSON.stringify(given)}, which is not one of A, B, C and D: run npm run grade -- quiz ${exercise.id}`;
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
