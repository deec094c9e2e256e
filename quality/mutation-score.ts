/**
 * The mutation score per exercise, from StrykerJS's JSON report (mutation
 * testing elements schema) and the reviewed list of equivalent mutants. Pure:
 * quality/mutation-report.ts reads the files and prints what this returns.
 */

export const GOALS = { overall: 85, each: 75 } as const;

interface Position {
  readonly line: number;
  readonly column: number;
}
export interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  /** Columns are 1-based. */
  readonly location: { readonly start: Position; readonly end: Position };
}
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly Mutant[] }>>;
}

/** A mutant no correct test can kill, reviewed by a person. */
export interface Equivalent {
  /** The end of the file's path: 'solutions/01-websocket-lifecycle/client.ts'. */
  readonly file: string;
  /** The line the mutant starts on, trimmed. */
  readonly original: string;
  /** The source the mutator replaced, whitespace collapsed, cut to SPAN_LIMIT characters: one line may hold several mutants of one kind. */
  readonly span: string;
  readonly mutator: string;
  readonly replacement: string;
  readonly reason: string;
}

export interface Score {
  readonly detected: number;
  /** Killed, timed out, survived or not covered; reviewed equivalents are left out. */
  readonly counted: number;
  readonly equivalent: number;
}

export interface MutationScore {
  readonly exercises: ReadonlyArray<Score & { readonly exercise: string }>;
  readonly total: Score;
  /** One line each: where, the mutator, what it replaced and with what, then the line. */
  readonly survivors: readonly string[];
  /** Reviews of files in this report that matched no surviving mutant: a test kills it now, or the code moved. */
  readonly staleReviews: readonly Equivalent[];
  /** Empty when the goals are met; else what missed them. */
  readonly belowGoals: readonly string[];
}

const SPAN_LIMIT = 80;
const DETECTED = new Set(['Killed', 'Timeout']);
// Stryker's other statuses (CompileError, RuntimeError, Ignored, Pending) say nothing about the tests.
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

/** The mutated source text, as `span` in a review holds it. */
export function spanOf(lines: readonly string[], { start, end }: Mutant['location']): string {
  const text =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join(' ');
  return text.replace(/\s+/g, ' ').trim().slice(0, SPAN_LIMIT);
}

export const percent = ({ detected, counted }: Score): number => (counted === 0 ? 100 : (100 * detected) / counted);

export function scoreMutation(report: MutationReport, reviewed: readonly Equivalent[]): MutationScore {
  const rows = new Map<string, { detected: number; counted: number; equivalent: number }>();
  const survivors: string[] = [];
  const used = new Set<Equivalent>();

  for (const [path, { source, mutants }] of Object.entries(report.files)) {
    const file = path.replace(/\\/g, '/');
    const exercise = /solutions\/(\d{2}-[^/]+)\//.exec(file)?.[1] ?? file;
    const lines = source.split('\n');
    const row = rows.get(exercise) ?? { detected: 0, counted: 0, equivalent: 0 };
    rows.set(exercise, row);
    for (const mutant of mutants) {
      if (!COUNTED.has(mutant.status)) continue;
      const original = lines[mutant.location.start.line - 1]?.trim() ?? '';
      const span = spanOf(lines, mutant.location);
      // A reviewed mutant that a test killed is a stale review. One that only timed out is not: a correct
      // test cannot kill an equivalent mutant, so its timeout is a busy machine, and it stays reviewed.
      const review = mutant.status === 'Killed'
        ? undefined
        : reviewed.find(
            (r) => file.endsWith(r.file) && r.original === original && r.span === span && r.mutator === mutant.mutatorName && r.replacement === mutant.replacement,
          );
      if (review) {
        row.equivalent += 1;
        used.add(review);
        continue;
      }
      row.counted += 1;
      if (DETECTED.has(mutant.status)) row.detected += 1;
      else {
        const { line, column } = mutant.location.start;
        survivors.push(`${file}:${line}:${column} ${mutant.mutatorName}: ${span} → ${mutant.replacement ?? ''}${mutant.status === 'NoCoverage' ? ' (no test ran it)' : ''}\n    ${original}`);
      }
    }
  }

  const exercises = [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([exercise, row]) => ({ exercise, ...row }));
  const total = exercises.reduce((a, r) => ({ detected: a.detected + r.detected, counted: a.counted + r.counted, equivalent: a.equivalent + r.equivalent }), {
    detected: 0,
    counted: 0,
    equivalent: 0,
  });
  const files = Object.keys(report.files).map((f) => f.replace(/\\/g, '/'));
  const staleReviews = reviewed.filter((r) => !used.has(r) && files.some((f) => f.endsWith(r.file)));
  const belowGoals = [
    ...exercises.filter((r) => percent(r) < GOALS.each).map((r) => `${r.exercise} ${percent(r).toFixed(1)}% (goal ${GOALS.each}%)`),
    ...(percent(total) < GOALS.overall ? [`overall ${percent(total).toFixed(1)}% (goal ${GOALS.overall}%)`] : []),
  ];
  return { exercises, total, survivors, staleReviews, belowGoals };
}

/** The score as a Markdown table, then the survivors and stale reviews. */
export function renderMutationScore(score: MutationScore): string {
  const row = (name: string, s: Score, goal: number): string => `| ${name} | ${s.detected} | ${s.counted} | ${s.equivalent} | ${percent(s).toFixed(1)}% | ${goal}% |`;
  const out = [
    '| exercise | detected | counted | reviewed equivalent | score | goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...score.exercises.map((r) => row(r.exercise, r, GOALS.each)),
    row('all', score.total, GOALS.overall),
    '',
    score.survivors.length === 0 ? 'No unreviewed mutant survived.' : `Surviving mutants (${score.survivors.length}):\n${score.survivors.map((s) => `  ${s}`).join('\n')}`,
  ];
  if (score.staleReviews.length > 0) {
    out.push('', `Reviewed equivalents that matched no surviving mutant (remove them):\n${score.staleReviews.map((r) => `  ${r.file}: ${r.span} (${r.mutator})`).join('\n')}`);
  }
  if (score.belowGoals.length > 0) out.push('', `Below the goals: ${score.belowGoals.join('; ')}.`);
  return out.join('\n');
}
