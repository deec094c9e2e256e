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
import { runGradedTests } from './vitest-run';
import { checkIntegrity, currentChecksums, differences } from './integrity';
import { typeCheck } from './typecheck';
import { stageTarget } from './staging';
import { gradeIsolation } from '../harness/sandbox';
import type { ProgressEvent } from '../harness/progress';
import { emitter, type GradeListener } from './events';

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

export async function grade(options: GradeOptions): Promise<GradeReport> {
  const started = Date.now();
  const emit = emitter(options.onEvent);
  const exercises = selectExercises(options.exercises);
  const stage = options.stage ?? null;
  const target = resolveTarget(options.target);

  const selected = exercises.map((exercise) => ({
    exercise,
    tests: exercise.tests.filter((t) => stage === null || t.stage === stage),
  }));
  const testFile = (exercise: ExerciseSpec, file: string): string => join(testsDir(exercise.slug), file);
  const limits = new Map<string, number>();
  for (const { exercise, tests } of selected) {
    for (const t of tests) limits.set(testFile(exercise, t.file), options.timeLimitMs ?? exercise.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  }

  const files = [...limits.keys()];
  // Which exercise a worker's test belongs to, for the events: by its file and its id.
  const exerciseOf = new Map(selected.flatMap(({ exercise, tests }) => tests.map((t) => [`${testFile(exercise, t.file)}\n${t.id}`, exercise.id] as const)));
  const onProgress = (event: ProgressEvent): void => {
    if (event.kind !== 'test-start' && event.kind !== 'test-end') return;
    const exercise = exerciseOf.get(`${event.file}\n${event.test}`);
    if (exercise === undefined) return;
    emit(
      event.kind === 'test-start'
        ? { kind: 'test-started', exercise, test: event.test }
        : { kind: 'test-ended', exercise, test: event.test, passed: event.ok },
    );
  };
  emit({ kind: 'grade-started', target: displayPath(target), exercises: exercises.map((e) => e.id), tests: exerciseOf.size });
  const isolation = gradeIsolation();
  const before = checkIntegrity();
  // What the workers may load: the course as it is now, before any learner code ran (a course author's own
  // edits make the grade unofficial through `before`; a change from now on is the code under test's doing).
  const checksums = currentChecksums();
  const staged = stageTarget(target, exercises);
  const undoStaging = onAbort(() => staged.dispose());
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const types = typeCheck(staged.dir, exercises, started + deadlineMs);
  let run;
  try {
    run = await runGradedTests({
      files,
      ...(stage !== null ? { testNames: selected.flatMap((s) => s.tests.map((t) => t.id)) } : {}),
      target: staged.dir,
      limitFor: (file) => limits.get(file) ?? DEFAULT_TIME_LIMIT_MS,
      checksums,
      deadline: { at: started + deadlineMs, ms: deadlineMs },
      isolation,
      onProgress,
    });
    await types;
  } finally {
    staged.dispose();
    undoStaging();
  }

  const results: ExerciseResult[] = [];
  for (const { exercise, tests } of selected) {
    const codeResults = tests.map((t) => outcomeFor(t, testFile(exercise, t.file), run, options.traceAll ?? false));
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
      typeErrors: ((await types).get(exercise.id) ?? []).map((e) => ({ ...e, file: learnerText(e.file, LIMITS.name, true), message: learnerText(e.message) })),
    };
    results.push(result);
    emit({ kind: 'exercise-graded', result });
  }
  const after = checkIntegrity();
  const changedDuringGrade = [
    ...new Set([...differences(after).filter((f) => !differences(before).includes(f)), ...(run.tamperedAtLoad ?? [])]),
  ].sort();
  const forgedProgressLines = run.forgedProgressLines ?? 0;

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
      forgedProgressLines === 0 &&
      staged.outsideImports.length === 0 &&
      staged.refused.length === 0,
    integrity: {
      changed: after.changed.map(name),
      missing: after.missing.map(name),
      added: after.added.map(name),
      changedDuringGrade: changedDuringGrade.map(name),
      forgedProgressLines,
      outsideImports: staged.outsideImports.map(name),
      refusedFiles: staged.refused.map(name),
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
  return report;
}
