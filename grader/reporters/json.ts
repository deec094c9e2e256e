import type { GradeReport } from '../engine/results';

/** The --json document: the report as is; grader/schema/grade-report.schema.json describes it. */
export function toJson(report: GradeReport): string {
  return JSON.stringify(report, null, 2);
}
