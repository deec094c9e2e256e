/**
 * The grader's one entry point. The CLI, watch mode, batch mode and the tests
 * all call grade(); nothing else runs graded tests.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { manifest, type ExerciseSpec } from '../manifest';
import { LIMITS, learnerText } from './bounded';
import { onAbort } from './on-abort';
import { outcomeFor } from './outcomes';
import { REPO_ROOT, testsDir } from './paths';
import { gradeQuiz, readQuizAnswers } from './quiz';
import {
  exerciseStatus,
  scored,
  SCHEMA_VERSION,
  stageTotals,
  type ExerciseResult,
  type GradeReport,
  type TestResult,
} from './results';
import type { Stage } from './stages';
import { runGradedTests, runnerFit } from './vitest-run';
import { checkIntegrity, currentChecksums, differences } from './integrity';
import { typeCheck, type TypeChecker } from './typecheck';
import { WarmRunner } from './warm-runner';
import { stageTarget, type StagedTarget } from './staging';
import { splitRunFile, targetLabel } from './run-file';
import type { RunObservation } from './observe';
import { gradeIsolation } from '../harness/sandbox';
import type { ProgressEvent } from '../harness/progress';
import { emitter, type GradeEvent, type GradeListener } from './events';

/** How long a test's process may stay blocked (no heartbeat) before the grader stops it. */
export const DEFAULT_TIME_LIMIT_MS = 5_000;
/** A whole grade's wall-clock budget, unless told otherwise: every exercise's starter, on a busy machine, takes about a third of it. */
export const DEFAULT_DEADLINE_MS = 30 * 60 * 1000;

export interface GradeOptions {
  /** Exercise ids ("01") or slugs; all when empty or absent. */
  readonly exercises?: readonly string[];
  readonly stage?: Stage | null;
  /** A folder laid out like exercises/. */
  readonly target: string;
  /** Overrides every exercise's wall-clock limit per test. */
  readonly timeLimitMs?: number;
  /** The whole grade's wall-clock budget: what is still running when it is spent is stopped and reported. */
  readonly deadlineMs?: number;
  /** Keep the wire trace of passing tests too (failing ones always keep theirs). */
  readonly traceAll?: boolean;
  /** Told what happens as it happens (./events.ts): the faces subscribe here. */
  readonly onEvent?: GradeListener;
  /** A type checker kept warm between grades (watch mode); by default each grade starts its own. */
  readonly typeChecker?: TypeChecker;
  /** A test runner kept warm between grades (watch mode, engine/warm-runner.ts); by default each grade starts its own and stops it at the end. */
  readonly runner?: WarmRunner;
}

export interface ManyGradeOptions extends Omit<GradeOptions, 'target' | 'onEvent' | 'deadlineMs'> {
  /**
   * Folders laid out like exercises/, each graded apart; the reports come back in this order.
   * A target given with its own exercises is graded on those; `exercises` is for the others.
   */
  readonly targets: ReadonlyArray<string | { readonly dir: string; readonly exercises?: readonly string[] }>;
  /** The whole run's wall-clock budget; by default the one-target default for each target. */
  readonly deadlineMs?: number;
  /** Told what happens in each target's grade as it happens, with the target's place in `targets`. */
  readonly onEvent?: (event: GradeEvent, target: number) => void;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function selectExercises(ids: readonly string[] | undefined): ExerciseSpec[] {
  if (!ids || ids.length === 0) return [...manifest.exercises];
  return ids.map((id) => {
    const normalized = /^\d$/.test(id) ? `0${id}` : id;
    const found = manifest.exercises.find((e) => e.id === normalized || e.slug === normalized);
    if (!found) {
      const known = manifest.exercises.map((e) => e.id).join(', ');
      throw new UsageError(`There is no exercise "${id}". Exercises: ${known}.`);
    }
    return found;
  });
}

export function resolveTarget(dir: string): string {
  const target = isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
  if (!existsSync(target)) throw new UsageError(`The target folder ${dir} does not exist.`);
  return target;
}

export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** Grades one target: a run of many targets with one in it. */
export async function grade(options: GradeOptions): Promise<GradeReport> {
  const { target, onEvent, ...rest } = options;
  const [report] = await gradeMany({ ...rest, targets: [target], ...(onEvent ? { onEvent: (event: GradeEvent) => onEvent(event) } : {}) });
  return report as GradeReport;
}

/**
 * Grades many targets (a class's submissions, the course's alternatives) in one Vitest run:
 * each target is staged, type-checked and run apart (its own project, workers and subjects),
 * and gets a report of its own, built from its own events alone. What the run cannot pin on
 * one target (an unsigned line in the progress log, a course file changed, an error Vitest
 * names by file alone) would otherwise mark every report: then each target is graded again
 * on its own, so a hostile target changes no other target's report.
 */
export async function gradeMany(options: ManyGradeOptions): Promise<GradeReport[]> {
  const started = Date.now();
  const stage = options.stage ?? null;
  const targets = options.targets.map((t) => (typeof t === 'string' ? { dir: t, exercises: options.exercises } : t));
  if (targets.length === 0) return [];
  const dirs = targets.map((t) => resolveTarget(t.dir));
  const emits = targets.map((_, index) => emitter(options.onEvent ? (event) => options.onEvent?.(event, index) : undefined));
  const labels = new Map(targets.map((_, index) => [targetLabel(index), index]));

  // Each target's exercises, and the tests of each that this grade runs.
  const selections = targets.map((t) =>
    selectExercises(t.exercises).map((exercise) => ({ exercise, tests: exercise.tests.filter((test) => stage === null || test.stage === stage) })),
  );
  const testFile = (exercise: ExerciseSpec, file: string): string => join(testsDir(exercise.slug), file);
  const limits = new Map<string, number>();
  // Which exercise a worker's test belongs to, for the events: by its file and its id.
  const exerciseOf = new Map<string, string>();
  for (const { exercise, tests } of selections.flat()) {
    for (const t of tests) {
      limits.set(testFile(exercise, t.file), options.timeLimitMs ?? exercise.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
      exerciseOf.set(`${testFile(exercise, t.file)}\n${t.id}`, exercise.id);
    }
  }
  const onProgress = (event: ProgressEvent): void => {
    if (event.kind !== 'test-start' && event.kind !== 'test-end') return;
    const split = splitRunFile(event.file);
    const index = split ? labels.get(split.label) : undefined;
    const exercise = split ? exerciseOf.get(`${split.path}\n${event.test}`) : undefined;
    if (index === undefined || exercise === undefined) return;
    emits[index]?.(
      event.kind === 'test-start'
        ? { kind: 'test-started', exercise, test: event.test }
        : { kind: 'test-ended', exercise, test: event.test, passed: event.ok },
    );
  };
  selections.forEach((selected, index) =>
    emits[index]?.({
      kind: 'grade-started',
      target: displayPath(dirs[index] as string),
      exercises: selected.map((s) => s.exercise.id),
      tests: selected.reduce((n, s) => n + s.tests.length, 0),
    }),
  );
  const isolation = gradeIsolation();
  const before = checkIntegrity();
  // What the workers may load: the course as it is now, before any learner code ran (a course author's own
  // edits make the grade unofficial through `before`; a change from now on is the code under test's doing).
  const checksums = currentChecksums();
  const staged: StagedTarget[] = [];
  const undoStaging = onAbort(() => staged.forEach((s) => s.dispose()));
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS * targets.length;
  // The runner starts now (or is the one watch mode kept), so that Node's and Vitest's start overlaps the staging.
  const runners = options.runner ?? new WarmRunner();
  runners.take(isolation, runnerFit(checksums, targets.map((_, index) => targetLabel(index))));
  let run;
  let types;
  try {
    for (const [index, dir] of dirs.entries()) staged.push(stageTarget(dir, (selections[index] ?? []).map((s) => s.exercise)));
    const typeTargets = staged.map((s, index) => ({ dir: s.dir, exercises: (selections[index] ?? []).map((x) => x.exercise) }));
    types = options.typeChecker ? options.typeChecker.check(typeTargets, started + deadlineMs) : typeCheck(typeTargets, started + deadlineMs);
    run = await runGradedTests({
      ...(stage !== null ? { testNames: [...new Set(selections.flat().flatMap((s) => s.tests.map((t) => t.id)))] } : {}),
      targets: staged.map((s, index) => ({
        label: targetLabel(index),
        dir: s.dir,
        files: [...new Set((selections[index] ?? []).flatMap(({ exercise, tests }) => tests.map((t) => testFile(exercise, t.file))))],
      })),
      limitFor: (file) => limits.get(file) ?? DEFAULT_TIME_LIMIT_MS,
      checksums,
      deadline: { at: started + deadlineMs, ms: deadlineMs },
      isolation,
      onProgress,
      runners,
    });
    await types;
  } finally {
    if (!options.runner) runners.discard();
    staged.forEach((s) => s.dispose());
    undoStaging();
  }
  const after = checkIntegrity();
  const changedDuringGrade = [
    ...new Set([...differences(after).filter((f) => !differences(before).includes(f)), ...run.tamperedAtLoad]),
  ].sort();
  if (targets.length > 1 && (run.forgedProgressLines > 0 || changedDuringGrade.length > 0 || run.unattributed.length > 0)) {
    // Whose doing it was is unknown: each target is graded on its own, and its report says what its own grade saw.
    const reports: GradeReport[] = [];
    for (const [index, target] of targets.entries()) {
      const { targets: _all, onEvent, exercises: _exercises, deadlineMs: _deadline, ...rest } = options;
      reports.push(
        await grade({
          ...rest,
          // Each target's share of the run's budget, as a one-target grade of it would have had.
          ...(options.deadlineMs !== undefined ? { deadlineMs: Math.ceil(options.deadlineMs / targets.length) } : {}),
          target: target.dir,
          ...(target.exercises ? { exercises: target.exercises } : {}),
          ...(onEvent ? { onEvent: (event: GradeEvent) => onEvent(event, index) } : {}),
        }),
      );
    }
    return reports;
  }

  const typeErrors = await types;
  const reports: GradeReport[] = [];
  for (const [index, target] of dirs.entries()) {
    const selected = selections[index] ?? [];
    const observed = run.targets.get(targetLabel(index)) as RunObservation;
    const emit = emits[index] as GradeListener;
    const results: ExerciseResult[] = [];
    for (const { exercise, tests } of selected) {
      const codeResults = tests.map((t) => outcomeFor(t, testFile(exercise, t.file), observed, options.traceAll ?? false));
      const quiz = gradeQuiz(exercise, await readQuizAnswers(join(target, exercise.slug))).filter(
        (q) => stage === null || q.stage === stage,
      );
      const all: TestResult[] = [...codeResults, ...quiz];
      const result: ExerciseResult = {
        id: exercise.id,
        title: exercise.title,
        lesson: exercise.lesson,
        ...scored(all),
        status: exerciseStatus(all),
        tests: all,
        typeErrors: (typeErrors[index]?.get(exercise.id) ?? []).map((e) => ({ ...e, file: learnerText(e.file, LIMITS.name, true), message: learnerText(e.message) })),
      };
      results.push(result);
      emit({ kind: 'exercise-graded', result });
    }
    const stagedTarget = staged[index] as StagedTarget;
    const everyTest = results.flatMap((r) => r.tests);
    // File names and import specifiers a submission chose: one line each, escaped.
    const name = (text: string): string => learnerText(text, LIMITS.name, true);
    const report: GradeReport = {
      schemaVersion: SCHEMA_VERSION,
      course: manifest.title,
      official:
        before.official &&
        after.official &&
        changedDuringGrade.length === 0 &&
        run.forgedProgressLines === 0 &&
        stagedTarget.outsideImports.length === 0 &&
        stagedTarget.refused.length === 0,
      integrity: {
        changed: after.changed.map(name),
        missing: after.missing.map(name),
        added: after.added.map(name),
        changedDuringGrade: changedDuringGrade.map(name),
        forgedProgressLines: run.forgedProgressLines,
        outsideImports: stagedTarget.outsideImports.map(name),
        refusedFiles: stagedTarget.refused.map(name),
      },
      isolation,
      target: name(displayPath(target)),
      stage,
      ...scored(everyTest),
      durationMs: Date.now() - started,
      exercises: results,
      stages: stageTotals(everyTest),
    };
    emit({ kind: 'grade-ended', report });
    reports.push(report);
  }
  return reports;
}
