import { STAGES } from './stages';
import type { TestTrace } from '../trace/types';

import type { z } from 'zod';
import type {
  ExerciseResultSchema,
  GradeReportSchema,
  IntegritySchema,
  IsolationSchema,
  RepetitionSchema,
  StageTotalSchema,
  TestResultSchema,
  TypeErrorSchema,
} from '../schema/report';

// The report's shape is defined once, as schemas in grader/schema/report.ts; these are their types.
export { SCHEMA_VERSION, TEST_STATUSES } from '../schema/report';

/** See TestResultSchema for what each status means. */
export type TestStatus = TestResult['status'];
export type TestResult = z.infer<typeof TestResultSchema>;
export type ExerciseResult = z.infer<typeof ExerciseResultSchema>;
export type ExerciseStatus = ExerciseResult['status'];
export type TypeErrorReport = z.infer<typeof TypeErrorSchema>;
export type Integrity = z.infer<typeof IntegritySchema>;
export type Isolation = z.infer<typeof IsolationSchema>;
export type Repetition = z.infer<typeof RepetitionSchema>;
export type StageTotal = z.infer<typeof StageTotalSchema>;
export type GradeReport = z.infer<typeof GradeReportSchema>;

/** Why a test did not pass, or did not run; undefined for one that passed. */
export const reasonOf = (test: TestResult): string | undefined => (test.status === 'passed' ? undefined : test.message);
/** What the code printed during a test that ran and did not pass. */
export const outputOf = (test: TestResult): string | undefined => ('output' in test ? test.output : undefined);
/** The wire trace of a test that ran: any that did not pass, and passing ones with --trace. */
export const traceOfResult = (test: TestResult): TestTrace | undefined => ('trace' in test ? test.trace : undefined);

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
