/**
 * The current exercise as watch mode shows it first: one thing to do. Its
 * stages in one line, the first test to fix with its reason, trace and hint,
 * and the rest as counts (the full list is one key away, in terminal.ts's
 * renderExercise). Pure: result in, text out.
 */
import { reasonOf, traceOfResult, type ExerciseResult, type TestResult, type TestStatus } from '../engine/results';
import { STAGES, STAGE_SHORT } from '../engine/stages';
import { renderTrace } from '../trace/render';
import type { Style } from './style';
import { LABEL, type HintPreview } from './terminal';

export interface CompactOptions {
  readonly style: Style;
  /** The next hint the learner has not asked for yet. */
  readonly hint: HintPreview | null;
  /** How the learner sees every test: a key in watch mode, a command elsewhere. */
  readonly everyTest: string;
}

const isQuiz = (test: TestResult): boolean => test.id.startsWith('quiz-');

/** The test to fix first: the first code test in the manifest's order that did not pass, else the first unanswered quiz question. */
export function firstToFix(exercise: ExerciseResult): TestResult | undefined {
  const open = exercise.tests.filter((t) => t.status !== 'passed');
  return open.find((t) => !isQuiz(t)) ?? open[0];
}

/** One mark per stage the exercise tests, in lifecycle order: ✓ when all its tests pass. */
export function stageLine(exercise: ExerciseResult, style: Style): string {
  return STAGES.flatMap((stage) => {
    const tests = exercise.tests.filter((t) => t.stage === stage);
    if (tests.length === 0) return [];
    const passed = tests.filter((t) => t.status === 'passed').length;
    if (passed === tests.length) return [style.green(`${STAGE_SHORT[stage]} ✓`)];
    return [passed === 0 ? style.red(`${STAGE_SHORT[stage]} ✗`) : style.yellow(`${STAGE_SHORT[stage]} ${passed}/${tests.length}`)];
  }).join('  ');
}

/** "13 more to pass (11 failed, 2 not run) and 3 quiz questions". */
function restCounts(rest: readonly TestResult[]): string {
  const code = rest.filter((t) => !isQuiz(t));
  const quiz = rest.length - code.length;
  const byStatus = new Map<TestStatus, number>();
  for (const t of code) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  const parts = [...byStatus].map(([status, n]) => `${n} ${LABEL[status]}`).join(', ');
  const tests = code.length === 0 ? '' : `${code.length} more test${code.length === 1 ? '' : 's'} to pass (${parts})`;
  const questions = quiz === 0 ? '' : `${quiz} quiz question${quiz === 1 ? '' : 's'}`;
  return [tests, questions].filter(Boolean).join(' and ');
}

export function renderCompact(exercise: ExerciseResult, options: CompactOptions): string {
  const { style } = options;
  const passed = exercise.status === 'passed';
  const lines = [
    `${passed ? style.green('✓') : style.red('✗')} ${style.bold(`${exercise.id} ${exercise.title}`)}  ${exercise.score}/${exercise.maxScore} points`,
    `  ${stageLine(exercise, style)}`,
  ];
  const first = firstToFix(exercise);
  if (first) {
    lines.push('', `  ${style.bold('First to fix:')} ${first.title} ${style.dim(`(${first.id}, ${first.stage}, ${LABEL[first.status]})`)}`);
    const reason = reasonOf(first);
    if (reason) lines.push(`    ${style.yellow('→')} ${reason}`);
    const trace = traceOfResult(first);
    if (trace) lines.push('', ...renderTrace(trace, style));
    if (options.hint) lines.push('', `  ${style.cyan(`Hint ${options.hint.number} of ${options.hint.total}:`)} ${options.hint.text}`);
    const rest = exercise.tests.filter((t) => t !== first && t.status !== 'passed');
    if (rest.length > 0) lines.push('', style.dim(`  Also: ${restCounts(rest)} · ${options.everyTest}`));
  }
  if (exercise.typeErrors.length > 0) {
    const [e] = exercise.typeErrors;
    lines.push(style.dim(`  TypeScript: ${exercise.typeErrors.length} type error${exercise.typeErrors.length === 1 ? '' : 's'} (not scored), first ${e?.file}:${e?.line}:${e?.column}`));
  }
  lines.push(style.dim(`  Lesson: ${exercise.lesson}`));
  return lines.join('\n');
}
