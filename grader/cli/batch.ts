/**
 * `npm run grade -- batch <folder>`: an instructor's class, graded in one run
 * (engine gradeMany): each sub-folder of <folder> is one submission, graded
 * apart, with a report of its own.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gradeMany, resolveTarget, UsageError, type ManyGradeOptions } from '../engine/grade';
import { allPassed, type GradeReport } from '../engine/results';
import { onReport } from './faces';
import { gradebookCsv, renderBatch, reportFileName, type Submission } from '../reporters/batch';
import { writeReportFile, writeWhole } from '../reporters/json';
import type { Io } from './commands';

export interface BatchCommand {
  readonly folder: string;
  readonly exercises: readonly string[];
  readonly json: boolean;
  readonly out: string | null;
}

/** The submissions of a batch folder: its sub-folders, in name order. Links and dot-folders are not submissions. */
export function submissionsIn(folder: string): { readonly names: string[]; readonly skipped: string[] } {
  const entries = readdirSync(resolveTarget(folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  const skipped = entries.filter((e) => e.isSymbolicLink()).map((e) => e.name);
  return { names, skipped };
}

export async function batchCommand(
  command: BatchCommand,
  options: Pick<ManyGradeOptions, 'stage' | 'timeLimitMs' | 'deadlineMs'>,
  io: Io & { readonly err: (text: string) => void; /** Where --json's lines go: stdout, which nothing else writes to meanwhile. */ readonly data: (text: string) => void },
): Promise<number> {
  const { names, skipped } = submissionsIn(command.folder);
  for (const name of skipped) io.err(`Skipped ${JSON.stringify(name)}: a symbolic link is not a submission.`);
  if (names.length === 0) throw new UsageError(`${command.folder} has no sub-folders: a batch grades one sub-folder per submission.`);
  io.err(`Grading ${names.length} submission${names.length === 1 ? '' : 's'} in one run…`);
  // A subscriber, like every face: each submission's report as its grade ends.
  const reports = new Map<number, GradeReport>();
  await gradeMany({
    ...options,
    exercises: command.exercises,
    targets: names.map((n) => join(command.folder, n)),
    onEvent: onReport((report, index) => reports.set(index, report)),
  });
  const submissions: Submission[] = names.map((name, index) => {
    const report = reports.get(index);
    if (!report) throw new Error(`the grade of ${JSON.stringify(name)} ended without a report`);
    return { name, report };
  });

  if (command.out !== null) {
    mkdirSync(command.out, { recursive: true });
    const taken = new Set<string>(['gradebook.csv']);
    for (const { name, report } of submissions) {
      const file = reportFileName(name, taken);
      taken.add(file.toLowerCase());
      writeReportFile(join(command.out, file), report);
    }
    writeWhole(join(command.out, 'gradebook.csv'), gradebookCsv(submissions));
  }
  if (command.json) io.data(submissions.map((s) => `${JSON.stringify(s.report)}\n`).join(''));
  else io.out(renderBatch(submissions, io.style));
  return submissions.every((s) => allPassed(s.report)) ? 0 : 1;
}
