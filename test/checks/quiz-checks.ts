/**
 * A quiz tests understanding only if its key cannot be guessed from its shape:
 * the right option must not be the longest every time, nor the same letter.
 * Pure, so it is tested on made-up quizzes in test/unit/quiz-checks.test.ts.
 */
import type { QuizOption, QuizQuestion } from '../../grader/manifest';

export interface AnsweredQuiz {
  readonly name: string;
  readonly questions: readonly QuizQuestion[];
  readonly answers: Readonly<Record<string, QuizOption>>;
}

const LETTERS: readonly QuizOption[] = ['A', 'B', 'C', 'D'];

/** Whether the right option of `q` is longer than each of the others. */
export function rightIsLongest(q: QuizQuestion, answer: QuizOption): boolean {
  return LETTERS.every((l) => l === answer || q.options[l].length < q.options[answer].length);
}

/** What gives a quiz's key away; empty when nothing does. */
export function quizShapeProblems(quiz: AnsweredQuiz): string[] {
  const problems: string[] = [];
  const letters = quiz.questions.map((q) => quiz.answers[q.id]);
  if (quiz.questions.length > 1 && new Set(letters).size === 1) problems.push(`${quiz.name}: every answer is ${letters[0]}`);
  const longest = quiz.questions.filter((q) => rightIsLongest(q, quiz.answers[q.id] as QuizOption)).map((q) => q.id);
  if (quiz.questions.length > 1 && longest.length === quiz.questions.length) problems.push(`${quiz.name}: the right option is always the longest`);
  return problems;
}

/**
 * Across the course: every letter is the key of at least a fifth of the questions, and the right
 * option is the longest in at most a third of them (by chance it would be a quarter).
 */
export function courseQuizProblems(quizzes: readonly AnsweredQuiz[]): string[] {
  const all = quizzes.flatMap((quiz) => quiz.questions.map((q) => ({ q, answer: quiz.answers[q.id] as QuizOption, name: `${quiz.name} ${q.id}` })));
  const problems = quizzes.flatMap(quizShapeProblems);
  for (const letter of LETTERS) {
    const count = all.filter((a) => a.answer === letter).length;
    if (count * 5 < all.length) problems.push(`${letter} is the answer of only ${count} of ${all.length} questions`);
  }
  const longest = all.filter((a) => rightIsLongest(a.q, a.answer));
  if (longest.length * 3 > all.length) problems.push(`the right option is the longest in ${longest.length} of ${all.length} questions: ${longest.map((a) => a.name).join(', ')}`);
  return problems;
}
