/**
 * npm run mutation, second half: reads StrykerJS's JSON report, sets aside the
 * reviewed equivalent mutants (quality/equivalent-mutants.json), and prints the
 * score per exercise and every mutant that survived. Exits 1 below the goals:
 * 85% overall, 75% for every exercise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const GOAL_OVERALL = 85;
const GOAL_EACH = 75;

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: Position; readonly end: Position };
}
interface Position {
  readonly line: number;
  readonly column: number;
}
interface Report {
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly Mutant[] }>;
}
interface Equivalent {
  readonly file: string;
  /** The line the mutant starts on, trimmed. */
  readonly original: string;
  /** The source the mutator replaced, whitespace collapsed and cut to SPAN_LIMIT characters: one line may hold several mutants of one kind. */
  readonly span: string;
  readonly mutator: string;
  readonly replacement: string;
  readonly reason: string;
}

const report = JSON.parse(readFileSync(join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as Report;
const reviewed = (JSON.parse(readFileSync(join(ROOT, 'quality/equivalent-mutants.json'), 'utf8')) as { mutants: Equivalent[] }).mutants;

const SPAN_LIMIT = 80;
/** The mutated source text (columns are 1-based), as `span` in equivalent-mutants.json holds it. */
function spanOf(lines: readonly string[], { start, end }: Mutant['location']): string {
  const text =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join(' ');
  return text.replace(/\s+/g, ' ').trim().slice(0, SPAN_LIMIT);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const rows = new Map<string, { detected: number; counted: number; equivalent: number }>();
const survivors: string[] = [];
const usedReviews = new Set<Equivalent>();

for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const relativeFile = file.replace(/\\/g, '/');
  const exercise = /solutions\/(\d{2}-[^/]+)\//.exec(relativeFile)?.[1] ?? relativeFile;
  const lines = source.split('\n');
  const row = rows.get(exercise) ?? { detected: 0, counted: 0, equivalent: 0 };
  for (const mutant of mutants) {
    if (!COUNTED.has(mutant.status)) continue;
    const original = lines[mutant.location.start.line - 1]?.trim() ?? '';
    const span = spanOf(lines, mutant.location);
    const review = reviewed.find(
      (r) =>
        relativeFile.endsWith(r.file) && r.original === original && r.span === span && r.mutator === mutant.mutatorName && r.replacement === mutant.replacement,
    );
    if (review && !DETECTED.has(mutant.status)) {
      row.equivalent += 1;
      usedReviews.add(review);
      continue;
    }
    row.counted += 1;
    if (DETECTED.has(mutant.status)) row.detected += 1;
    else survivors.push(`${relativeFile}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName}: ${span} → ${mutant.replacement ?? ''}\n    ${original}`);
  }
  rows.set(exercise, row);
}

const pct = (detected: number, counted: number): number => (counted === 0 ? 100 : (100 * detected) / counted);
const total = [...rows.values()].reduce((a, r) => ({ detected: a.detected + r.detected, counted: a.counted + r.counted, equivalent: a.equivalent + r.equivalent }), { detected: 0, counted: 0, equivalent: 0 });

console.log('\n| exercise | detected | counted | reviewed equivalent | score | goal |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [exercise, r] of [...rows].sort()) {
  console.log(`| ${exercise} | ${r.detected} | ${r.counted} | ${r.equivalent} | ${pct(r.detected, r.counted).toFixed(1)}% | ${GOAL_EACH}% |`);
}
console.log(`| all | ${total.detected} | ${total.counted} | ${total.equivalent} | ${pct(total.detected, total.counted).toFixed(1)}% | ${GOAL_OVERALL}% |`);
console.log(survivors.length === 0 ? '\nNo unreviewed mutant survived.' : `\nSurviving mutants (${survivors.length}):\n${survivors.map((s) => `  ${s}`).join('\n')}`);
const reportedFiles = Object.keys(report.files).map((f) => f.replace(/\\/g, '/'));
const stale = reviewed.filter((r) => !usedReviews.has(r) && reportedFiles.some((f) => f.endsWith(r.file)));
if (stale.length > 0) console.log(`\nReviewed equivalents that no longer match a surviving mutant (remove them):\n${stale.map((r) => `  ${r.file}: ${r.original}`).join('\n')}`);

const failing = [...rows].filter(([, r]) => pct(r.detected, r.counted) < GOAL_EACH).map(([e]) => e);
if (pct(total.detected, total.counted) < GOAL_OVERALL || failing.length > 0) {
  console.log(`\nBelow the goals (${GOAL_OVERALL}% overall, ${GOAL_EACH}% each)${failing.length ? `: ${failing.join(', ')}` : ''}.`);
  process.exitCode = 1;
}
