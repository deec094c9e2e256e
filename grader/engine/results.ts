import { STAGES, type Stage } from './stages';
import type { TestTrace } from '../trace/types';

/** JSON report version; bump it on any change to the shape (grader/schema/ has each version). */
export const SCHEMA_VERSION = 5;

export const TEST_STATUSES = ['passed', 'failed', 'error', 'timeout', 'not-run'] as const;
/**
 * - passed / failed: the test ran; the code did or did not do what was expected.
 * - error: the code could not be run: it does not compile, lacks an export, throws
 *   while loading, ends the process, or throws outside any call the test made.
 * - timeout: it hung, and the grader stopped it.
 * - not-run: it never started, because an earlier test in its file hung.
 */
export type TestStatus = (typeof TEST_STATUSES)[number];

export interface TestResult {
  readonly id: string;
  readonly name: string;
  readonly stage: Stage;
  readonly status: TestStatus;
  readonly points: number;
  readonly maxPoints: number;
  /** Why it did not pass, in plain words. Absent when it passed. */
  readonly message?: string;
  /** What the learner's code printed during the test, capped. */
  readonly output?: string;
  /** What the harness saw on the wire, for tests that did not pass. */
  readonly trace?: TestTrace;
}

export type ExerciseStatus = 'passed' | 'failed' | 'error';

export interface TypeErrorReport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ExerciseResult {
  readonly id: string;
  readonly title: string;
  readonly lesson: string;
  readonly score: number;
  readonly maxScore: number;
  readonly status: ExerciseStatus;
  readonly tests: readonly TestResult[];
  /** What TypeScript says about the learner's files. Shown, not scored. */
  readonly typeErrors: readonly TypeErrorReport[];
}

export interface Integrity {
  /** Files under grader/ that differ from the shipped checksums (grader/integrity.json). */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly added: readonly string[];
  /** Files that changed while this grade ran, or differed from their checksum when a test loaded them: written by the code under test? */
  readonly changedDuringGrade: readonly string[];
  /** Lines in the run's progress log that the grader did not sign: something tried to forge results (they were ignored). */
  readonly forgedProgressLines: number;
  /** Imports in the submission that reach outside its own exercise folder (the reference solution, the tests, another exercise). */
  readonly outsideImports: readonly string[];
  /** Submitted files that were refused (symbolic links), with the reason. */
  readonly refusedFiles: readonly string[];
}

/** How the learner's code was kept apart from the grader: its own user and PID namespace (bwrap), or a plain child process. */
export type Isolation = 'bwrap' | 'process';

export interface Repetition {
  readonly runs: number;
  /** Tests whose outcome was not the same in every run. */
  readonly flaky: ReadonlyArray<{ readonly exercise: string; readonly test: string; readonly statuses: readonly TestStatus[] }>;
}

export interface StageTotal {
  readonly stage: Stage;
  readonly score: number;
  readonly maxScore: number;
  readonly passed: number;
  readonly total: number;
}

export interface GradeReport {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly course: string;
  /** False when the grader's own files differ from what was shipped: see `integrity`. */
  readonly official: boolean;
  readonly integrity: Integrity;
  /** How the code under test ran: in a bubblewrap sandbox, or as a plain child process (see grader/harness/sandbox.ts). */
  readonly isolation: Isolation;
  /** The folder graded, relative to the repository root when inside it. */
  readonly target: string;
  /** Only the tests of this stage were selected, or null for all. */
  readonly stage: Stage | null;
  readonly score: number;
  readonly maxScore: number;
  readonly durationMs: number;
  readonly exercises: readonly ExerciseResult[];
  readonly stages: readonly StageTotal[];
  /** Present with --repeat. */
  readonly repetition?: Repetition;
}

export function exerciseStatus(tests: readonly TestResult[]): ExerciseStatus {
  if (tests.every((t) => t.status === 'passed')) return 'passed';
  if (tests.some((t) => t.status === 'error' || t.status === 'timeout')) return 'error';
  return 'failed';
}

export function scored(tests: readonly TestResult[]): { score: number; maxScore: number } {
  return {
    score: tests.reduce((sum, t) => sum + t.points, 0),
    maxScore: tests.reduce((sum, t) => sum + t.maxPoints, 0),
  };
}

/** Totals per stage, in lifecycle order, over every test given; stages with no tests are left out. */
export function stageTotals(tests: readonly TestResult[]): StageTotal[] {
  return STAGES.flatMap((stage) => {
    const inStage = tests.filter((t) => t.stage === stage);
    if (inStage.length === 0) return [];
    return [{ stage, ...scored(inStage), passed: inStage.filter((t) => t.status === 'passed').length, total: inStage.length }];
  });
}

export function allPassed(report: GradeReport): boolean {
  return report.exercises.every((e) => e.status === 'passed') && (report.repetition?.flaky.length ?? 0) === 0;
}

/** Tests whose status differed between repeated grades of the same code. */
export function flakyTests(reports: readonly GradeReport[]): Repetition['flaky'] {
  const statuses = new Map<string, TestStatus[]>();
  for (const report of reports) {
    for (const exercise of report.exercises) {
      for (const test of exercise.tests) {
        const key = `${exercise.id}\n${test.id}`;
        statuses.set(key, [...(statuses.get(key) ?? []), test.status]);
      }
    }
  }
  return [...statuses]
    .filter(([, list]) => new Set(list).size > 1)
    .map(([key, list]) => {
      const [exercise = '', test = ''] = key.split('\n');
      return { exercise, test, statuses: list };
    });
}
