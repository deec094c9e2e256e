/** The report a student reads in the terminal. Pure: report in, text out. */
import { outputOf, reasonOf, traceOfResult, type ExerciseResult, type GradeReport, type StageTotal, type TestResult, type TestStatus } from '../engine/results';
import { STAGES } from '../engine/stages';
import type { Style } from './style';
import { renderTrace } from '../trace/render';

export interface HintPreview {
  readonly text: string;
  /** 1-based number of this hint. */
  readonly number: number;
  readonly total: number;
}

export interface TerminalOptions {
  readonly style: Style;
  /** The next hint the learner has not asked for yet, or null when there is none. */
  readonly nextHint: (exerciseId: string) => HintPreview | null;
}

const MARK: Record<TestStatus, string> = { passed: '✓', failed: '✗', error: '!', timeout: '⧗', 'not-run': '-' };
/** Each status as the reports say it. */
export const LABEL: Record<TestStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  error: 'error',
  timeout: 'timed out',
  'not-run': 'not run',
};

function markOf(status: TestStatus, style: Style): string {
  const mark = MARK[status];
  return status === 'passed' ? style.green(mark) : status === 'not-run' ? style.dim(mark) : style.red(mark);
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - s.length));

function indentBlock(text: string, indent: string, maxLines = 8): string {
  const lines = text.trimEnd().split('\n');
  const shown = lines.slice(0, maxLines).map((l) => indent + l);
  if (lines.length > maxLines) shown.push(`${indent}… ${lines.length - maxLines} more lines`);
  return shown.join('\n');
}

function testLines(test: TestResult, style: Style): string[] {
  const lines = [`      ${markOf(test.status, style)} ${test.title} ${style.dim(`(${test.id}, ${LABEL[test.status]}, ${test.points}/${test.maxPoints})`)}`];
  const [reason, output, trace] = [reasonOf(test), outputOf(test), traceOfResult(test)];
  if (reason) lines.push(`        ${style.yellow('→')} ${reason}`);
  if (output) lines.push(style.dim('        your code printed:'), style.dim(indentBlock(output, '          ')));
  if (trace) lines.push('', ...renderTrace(trace, style), '');
  return lines;
}

export function renderExercise(exercise: ExerciseResult, options: TerminalOptions): string {
  const { style } = options;
  const passed = exercise.status === 'passed';
  const head = `${passed ? style.green('✓') : style.red('✗')} ${style.bold(`${exercise.id} ${exercise.title}`)}  ${exercise.score}/${exercise.maxScore} points`;
  const typeLines = exercise.typeErrors.length === 0 ? [] : [
    `  ${style.yellow('TypeScript')} ${exercise.typeErrors.length} type error${exercise.typeErrors.length === 1 ? '' : 's'} (shown, not scored):`,
    ...exercise.typeErrors.slice(0, 10).map((e) => `    ${e.file}:${e.line}:${e.column} ${e.message}`),
    ...(exercise.typeErrors.length > 10 ? [`    … and ${exercise.typeErrors.length - 10} more`] : []),
  ];
  if (passed && !exercise.tests.some((t) => traceOfResult(t))) return [head, ...typeLines].join('\n');

  const lines = [head, ...typeLines];
  for (const stage of stagesOf(exercise.tests)) {
    const tests = exercise.tests.filter((t) => t.stage === stage.stage);
    const ok = stage.passed === stage.total;
    lines.push(`  ${ok ? style.green('✓') : style.red('✗')} ${pad(stage.stage, 15)} ${stage.score}/${stage.maxScore}`);
    for (const test of tests) if (test.status !== 'passed' || traceOfResult(test)) lines.push(...testLines(test, style));
  }
  const hint = passed ? null : options.nextHint(exercise.id);
  if (hint) {
    lines.push('', `  ${style.cyan(`Hint ${hint.number} of ${hint.total}:`)} ${hint.text}`);
    if (hint.number < hint.total) lines.push(style.dim(`  More hints: npm run grade -- hint ${exercise.id}`));
  }
  lines.push(style.dim(`  Lesson: ${exercise.lesson}`));
  return lines.join('\n');
}

function stagesOf(tests: readonly TestResult[]): StageTotal[] {
  const order: string[] = [];
  for (const t of tests) if (!order.includes(t.stage)) order.push(t.stage);
  const totals = order.map((stage) => {
    const inStage = tests.filter((t) => t.stage === stage);
    return {
      stage: stage as StageTotal['stage'],
      score: inStage.reduce((s, t) => s + t.points, 0),
      maxScore: inStage.reduce((s, t) => s + t.maxPoints, 0),
      passed: inStage.filter((t) => t.status === 'passed').length,
      total: inStage.length,
    };
  });
  return sortByLifecycle(totals);
}

function sortByLifecycle(totals: StageTotal[]): StageTotal[] {
  return [...totals].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
}

export function bar(score: number, max: number, width = 10): string {
  const filled = max === 0 ? 0 : Math.round((score / max) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function renderStages(stages: readonly StageTotal[], style: Style): string {
  return stages
    .map((s) => {
      const line = `  ${pad(s.stage, 15)} ${bar(s.score, s.maxScore)} ${s.score}/${s.maxScore}`;
      return s.passed === s.total ? style.green(line) : line;
    })
    .join('\n');
}

/** Said at the top and the bottom of a report whose grader was changed. */
export function renderIntegrity(report: GradeReport, style: Style): string[] {
  if (report.official) return [];
  const { changed, missing, added, changedDuringGrade, forgedProgressLines, outsideImports, refusedFiles } = report.integrity;
  const list = (label: string, files: readonly string[]) => (files.length === 0 ? [] : [`  ${label}: ${files.join(', ')}`]);
  const courseChanged = changed.length + missing.length + added.length + changedDuringGrade.length > 0;
  return [
    style.red(style.bold('UNOFFICIAL RESULT: this grade cannot be trusted.')),
    ...(courseChanged ? ["  The course's own files differ from the ones it shipped:"] : []),
    ...list('changed', changed),
    ...list('missing', missing),
    ...list('added', added),
    ...list('changed while this grade ran (by the code under test?)', changedDuringGrade),
    ...(forgedProgressLines > 0 ? [`  ${forgedProgressLines} line(s) in the grader's progress log were not written by the grader: a forgery attempt, ignored`] : []),
    ...list('the submission imports from outside its exercise folder', outsideImports),
    ...list('refused', refusedFiles),
    ...(courseChanged ? [style.red('  Restore them (git checkout -- grader/ shared/ solutions/) before trusting a score; instructors should grade with their own copy.')] : []),
    '',
  ];
}

export function renderRepetition(report: GradeReport, style: Style): string[] {
  const repetition = report.repetition;
  if (!repetition) return [];
  if (repetition.flaky.length === 0) return [style.green(`Graded ${repetition.runs} times: every test had the same outcome each time.`)];
  return [
    style.red(`Graded ${repetition.runs} times: ${repetition.flaky.length} test${repetition.flaky.length === 1 ? '' : 's'} changed outcome:`),
    ...repetition.flaky.map((f) => `  ${f.exercise} ${f.test}: ${f.statuses.join(', ')}`),
  ];
}

/**
 * A submission graded without the sandbox ran as the grader's own user: the
 * grade holds against everything the tests check, but not against code that
 * reaches the grader through the operating system. Said for other folders
 * than the course's own, whose code is the learner's own anyway.
 */
export function renderIsolation(report: GradeReport, style: Style): string[] {
  if (report.isolation === 'bwrap' || report.target === 'exercises' || report.target === 'solutions') return [];
  return [style.dim('Graded without a sandbox (no bubblewrap here): for untrusted submissions, grade on Linux with bubblewrap installed.')];
}

export function renderReport(report: GradeReport, options: TerminalOptions): string {
  const { style } = options;
  const passing = report.exercises.filter((e) => e.status === 'passed').length;
  const scope = report.stage ? ` · stage ${report.stage} only` : '';
  const parts = [
    ...renderIntegrity(report, style),
    style.bold(`${report.course} · grading ${report.target}/${scope}`),
    ...renderIsolation(report, style),
    '',
    ...report.exercises.map((e) => renderExercise(e, options)),
    '',
    style.bold('By stage'),
    renderStages(report.stages, style),
    '',
    ...renderRepetition(report, style),
    `${report.official ? '' : style.red('UNOFFICIAL ')}${style.bold(`Score ${report.score}/${report.maxScore}`)} · ${passing} of ${report.exercises.length} exercise${report.exercises.length === 1 ? '' : 's'} passing · ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  return parts.join('\n');
}
