/** The CLI's commands other than grading. Each returns the process exit status. */
import { join } from 'node:path';
import type { Invocation } from './args';
import { displayPath, grade, selectExercises } from '../engine/grade';
import { gradeQuiz, readQuizAnswers, writeQuizAnswers } from '../engine/quiz';
import { writeStarter } from '../authoring/course-files';
import { STAGE_SHORT, STAGES } from '../engine/stages';
import type { QuizOption } from '../manifest';
import { bar, renderStages } from '../reporters/terminal';
import type { Style } from '../reporters/style';
import { takeHint } from './hints';
import { lineReader } from './prompt';

export interface Io {
  readonly out: (text: string) => void;
  readonly style: Style;
  readonly targetDir: string;
}

export function hintCommand(exerciseId: string, io: Io): number {
  const [exercise] = selectExercises([exerciseId]);
  if (!exercise) return 2;
  const hint = takeHint(exercise);
  if (!hint) {
    io.out(`Exercise ${exercise.id} has no hints.`);
    return 0;
  }
  io.out(`${io.style.cyan(`Hint ${hint.number} of ${hint.total} for ${exercise.id} ${exercise.title}:`)}\n${hint.text}`);
  if (hint.number === hint.total) io.out(io.style.dim(`That was the last hint. The lesson is ${exercise.lesson}.`));
  return 0;
}

export async function quizCommand(exerciseId: string, given: Readonly<Record<string, string>>, io: Io): Promise<number> {
  const [exercise] = selectExercises([exerciseId]);
  if (!exercise) return 2;
  const dir = join(io.targetDir, exercise.slug);
  const answers: Record<string, QuizOption> = {};
  for (const [id, letter] of Object.entries(await readQuizAnswers(dir))) {
    if (/^[A-D]$/.test(letter)) answers[id] = letter as QuizOption;
  }

  if (Object.keys(given).length > 0) {
    for (const [id, letter] of Object.entries(given)) {
      if (!exercise.quiz.some((q) => q.id === id)) {
        io.out(`Exercise ${exercise.id}'s quiz has no question ${id}. Questions: ${exercise.quiz.map((q) => q.id).join(', ')}.`);
        return 2;
      }
      answers[id] = letter as QuizOption;
    }
  } else {
    const reader = lineReader();
    try {
      io.out(io.style.bold(`Quiz for ${exercise.id} ${exercise.title} (${exercise.lesson})`));
      for (const q of exercise.quiz) {
        io.out(`\n${q.id}. ${q.question}`);
        for (const [letter, text] of Object.entries(q.options)) io.out(`   ${letter}) ${text}`);
        const previous = answers[q.id] ? ` [${answers[q.id]}]` : '';
        for (;;) {
          const line = await reader.ask(`Your answer (A–D${previous ? ', Enter keeps' + previous : ', Enter skips'}): `);
          if (line === null) break;
          const letter = line.trim().toUpperCase();
          if (letter === '') break;
          if (/^[A-D]$/.test(letter)) {
            answers[q.id] = letter as QuizOption;
            break;
          }
          io.out('Please type A, B, C or D.');
        }
      }
    } finally {
      reader.close();
    }
  }

  await writeQuizAnswers(dir, answers);
  io.out('');
  for (const result of gradeQuiz(exercise, answers)) {
    const id = result.id.replace('quiz-', '');
    const letter = answers[id];
    const why = letter ? exercise.quiz.find((q) => q.id === id)?.why[letter] : undefined;
    if (result.status === 'passed') io.out(`${io.style.green('✓')} ${id}: right. ${why ?? ''}`.trimEnd());
    else io.out(`${io.style.red('✗')} ${id}: ${result.message}`);
  }
  io.out(io.style.dim(`Saved in ${displayPath(join(dir, 'quiz-answers.json'))}; each answer is graded with the exercise.`));
  return 0;
}

export async function resetCommand(exerciseId: string, yes: boolean, io: Io): Promise<number> {
  const [exercise] = selectExercises([exerciseId]);
  if (!exercise) return 2;
  const where = displayPath(join(io.targetDir, exercise.slug));
  if (!yes) {
    if (!process.stdin.isTTY) {
      io.out(`This replaces ${exercise.files.join(', ')} in ${where} with the starter. Add --yes to confirm.`);
      return 2;
    }
    const reader = lineReader();
    const answer = await reader.ask(`Replace ${exercise.files.join(', ')} in ${where} with the starter? Your changes are lost. [y/N] `);
    reader.close();
    if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
      io.out('Nothing changed.');
      return 0;
    }
  }
  const written = await writeStarter(exercise, io.targetDir);
  io.out(`Restored the starter: ${written.join(', ')}. Your quiz answers were kept.`);
  return 0;
}

export async function listCommand(invocation: Invocation, io: Io): Promise<number> {
  const report = await grade({
    target: io.targetDir,
    stage: invocation.stage,
    ...(invocation.timeLimitMs ? { timeLimitMs: invocation.timeLimitMs } : {}),
    ...(invocation.deadlineMs ? { deadlineMs: invocation.deadlineMs } : {}),
  });
  const { style } = io;
  const header = `${'exercise'.padEnd(34)} ${'score'.padStart(7)}  ${STAGES.map((s) => STAGE_SHORT[s]).join(' ')}`;
  io.out(style.bold(`${report.course} · progress in ${report.target}/`));
  io.out('');
  io.out(style.dim(header));
  for (const exercise of report.exercises) {
    const cells = STAGES.map((stage) => {
      const tests = exercise.tests.filter((t) => t.stage === stage);
      if (tests.length === 0) return style.dim(' · ');
      return tests.every((t) => t.status === 'passed') ? style.green(' ✓ ') : style.red(' ✗ ');
    });
    const name = `${exercise.id} ${exercise.title}`.slice(0, 34).padEnd(34);
    io.out(`${name} ${`${exercise.score}/${exercise.maxScore}`.padStart(7)}  ${cells.join(' ')}`);
  }
  io.out(style.dim(STAGES.map((s) => `${STAGE_SHORT[s]} ${s}`).join(' · ')));
  io.out('');
  io.out(style.bold('By stage'));
  io.out(renderStages(report.stages, style));
  const passing = report.exercises.filter((e) => e.status === 'passed').length;
  io.out('');
  io.out(`${bar(passing, report.exercises.length, 20)} ${passing}/${report.exercises.length} exercises done`);
  return 0;
}

