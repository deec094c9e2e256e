/**
 * What an instructor reads after `npm run grade -- batch <folder>`: one row per
 * submission in the terminal, a gradebook in CSV. Pure: reports in, text out.
 * Submission names are folder names a student chose, so they are escaped
 * wherever they are shown.
 */
import type { GradeReport } from '../engine/results';
import { LIMITS, learnerText } from '../engine/bounded';
import type { Style } from './style';

export interface Submission {
  /** The submission's folder name. */
  readonly name: string;
  readonly report: GradeReport;
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - [...s].length));

/** One row per submission: its points, each exercise's points, and whether the grade can be trusted. */
export function renderBatch(submissions: readonly Submission[], style: Style): string {
  const first = submissions[0]?.report;
  if (!first) return 'No submissions: the folder has no sub-folders to grade.';
  const ids = first.exercises.map((e) => e.id);
  const names = submissions.map((s) => learnerText(s.name, LIMITS.name, true));
  const width = Math.max('submission'.length, ...names.map((n) => [...n].length));
  const cell = (text: string): string => pad(text, 7);
  const lines = [style.bold(`${pad('submission', width)}  ${cell('points')}  ${ids.map(cell).join('  ')}`.trimEnd())];
  submissions.forEach(({ report }, index) => {
    const total = `${report.score}/${report.maxScore}`;
    const perExercise = ids.map((id) => {
      const e = report.exercises.find((x) => x.id === id);
      const text = e ? `${e.score}/${e.maxScore}` : '-';
      return e?.status === 'passed' ? style.green(cell(text)) : cell(text);
    });
    const note = report.official ? '' : `  ${style.yellow('UNOFFICIAL')}`;
    lines.push(`${pad(names[index] as string, width)}  ${cell(total)}  ${perExercise.join('  ')}`.trimEnd() + note);
  });
  const unofficial = submissions.filter((s) => !s.report.official).length;
  lines.push('', `${submissions.length} submission${submissions.length === 1 ? '' : 's'} graded in one run${unofficial > 0 ? `; ${unofficial} UNOFFICIAL (see each one's report: --out writes them)` : ''}`);
  return lines.join('\n');
}

/** A CSV field as RFC 4180 writes it, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The gradebook: one line per submission, a column of points per exercise and per stage. */
export function gradebookCsv(submissions: readonly Submission[]): string {
  const first = submissions[0]?.report;
  const ids = first?.exercises.map((e) => e.id) ?? [];
  const stages = first?.stages.map((s) => s.stage) ?? [];
  const header = ['submission', 'score', 'max_score', ...ids.map((id) => `exercise_${id}`), ...stages.map((s) => `stage_${s}`), 'official'];
  const rows = submissions.map(({ name, report }) => [
    name,
    report.score,
    report.maxScore,
    ...ids.map((id) => report.exercises.find((e) => e.id === id)?.score ?? 0),
    ...stages.map((stage) => report.stages.find((s) => s.stage === stage)?.score ?? 0),
    report.official,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A file name for a submission's report that no folder name can turn into a path elsewhere. */
export function reportFileName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80) || '_';
  let file = `${base}.json`;
  for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${base}-${n}.json`;
  return file;
}
