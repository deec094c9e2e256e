/**
 * The quiz's answers are written once, in the reference solution's
 * quiz-answers.json (the solution answers the quiz as it solves the code);
 * `npm run starters` turns them into the salted keys the grader checks, in the
 * exercise's grader folder, so the manifest never prints a right letter.
 */
import { QUIZ_FILE, QUIZ_KEY_FILE, QUIZ_OPTIONS, quizKeyOf } from '../engine/quiz';
import type { ExerciseSpec, QuizOption } from '../manifest';
import { AuthoringError, type CourseFiles, type GeneratedFile } from './snapshots';

/** The reference solution's answers, checked against the quiz: one of A–D for every question, and nothing else. */
export function solutionAnswers(exercise: ExerciseSpec, disk: CourseFiles): Record<string, QuizOption> {
  const path = `solutions/${exercise.slug}/${QUIZ_FILE}`;
  let answers: Record<string, unknown>;
  try {
    answers = JSON.parse(disk.read(path)) as Record<string, unknown>;
  } catch (error) {
    throw new AuthoringError(`${path} cannot be read as JSON (${(error as Error).message}): it holds the right option of each quiz question`);
  }
  const ids = exercise.quiz.map((q) => q.id);
  const out: Record<string, QuizOption> = {};
  for (const id of ids) {
    const letter = answers[id];
    if (typeof letter !== 'string' || !(QUIZ_OPTIONS as readonly string[]).includes(letter)) {
      throw new AuthoringError(`${path} gives ${JSON.stringify(letter)} for question ${id}: expected one of A, B, C and D`);
    }
    out[id] = letter as QuizOption;
  }
  const extra = Object.keys(answers).filter((id) => !ids.includes(id));
  if (extra.length > 0) throw new AuthoringError(`${path} answers questions exercise ${exercise.id}'s quiz does not have: ${extra.join(', ')}`);
  return out;
}

export function planQuizKeys(exercises: readonly ExerciseSpec[], disk: CourseFiles): GeneratedFile[] {
  return exercises.map((exercise) => {
    const answers = solutionAnswers(exercise, disk);
    const key = Object.fromEntries(Object.entries(answers).map(([id, letter]) => [id, quizKeyOf(exercise, id, letter)]));
    return {
      path: `grader/exercises/${exercise.slug}/${QUIZ_KEY_FILE}`,
      source: `${JSON.stringify(key, null, 2)}\n`,
      from: `solutions/${exercise.slug}/${QUIZ_FILE}`,
    };
  });
}
