import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GradeReport } from '../engine/results';

/** The --json document: the report as is; grader/schema/grade-report.schema.json describes it. */
export function toJson(report: GradeReport): string {
  return JSON.stringify(report, null, 2);
}

/**
 * Writes the report to `file` whole or not at all: into a new file beside it,
 * then renamed over it (a rename within one folder is atomic on every
 * platform Node runs on), so a reader never sees half a report and a grade
 * stopped before this point leaves `file` as it was.
 */
export function writeReportFile(file: string, report: GradeReport): void {
  writeWhole(file, `${toJson(report)}\n`);
}

/** Writes `text` to `file` whole or not at all (see writeReportFile). */
export function writeWhole(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
