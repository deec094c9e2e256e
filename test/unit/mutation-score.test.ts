/** The mutation score: what counts, what a review sets aside, and when the goals fail. */
import { describe, expect, test } from 'vitest';
import { renderMutationScore, scoreMutation, spanOf, type Equivalent, type Mutant, type MutationReport } from '../../quality/mutation-score';

const SOURCE = ["const scheme = https ? 'wss:' : 'ws:';", 'if (a > b) {', '  go();', '}'].join('\n');
const FILE = '/sandbox/solutions/03-connecting-from-a-route/app/hooks/useWebSocket.ts';

let nextId = 0;
function mutant(status: string, line: number, from: number, to: number, mutatorName = 'StringLiteral', replacement = '""', endLine = line): Mutant {
  nextId += 1;
  return { id: String(nextId), status, mutatorName, replacement, location: { start: { line, column: from }, end: { line: endLine, column: to } } };
}
const report = (file: string, ...mutants: Mutant[]): MutationReport => ({ files: { [file]: { source: SOURCE, mutants } } });
const review = (span: string, rest: Partial<Equivalent> = {}): Equivalent => ({
  file: 'solutions/03-connecting-from-a-route/app/hooks/useWebSocket.ts',
  original: "const scheme = https ? 'wss:' : 'ws:';",
  span,
  mutator: 'StringLiteral',
  replacement: '""',
  reason: 'test',
  ...rest,
});

describe('spanOf', () => {
  test('gives the mutated text, across lines with whitespace collapsed', () => {
    const lines = SOURCE.split('\n');
    expect(spanOf(lines, { start: { line: 1, column: 24 }, end: { line: 1, column: 30 } })).toBe("'wss:'");
    expect(spanOf(lines, { start: { line: 2, column: 12 }, end: { line: 4, column: 2 } })).toBe('{ go(); }');
  });
});

describe('scoreMutation', () => {
  const wss = (status: string): Mutant => mutant(status, 1, 24, 30);
  const ws = (status: string): Mutant => mutant(status, 1, 33, 38);

  test('killed and timed-out mutants are detected; survivors and uncovered ones are counted against; other statuses are left out', () => {
    const score = scoreMutation(report(FILE, wss('Killed'), ws('Timeout'), mutant('Survived', 2, 5, 10, 'EqualityOperator', 'a >= b'), mutant('NoCoverage', 3, 3, 7), mutant('CompileError', 2, 5, 10)), []);
    expect(score.exercises).toEqual([{ exercise: '03-connecting-from-a-route', detected: 2, counted: 4, equivalent: 0 }]);
    expect(score.survivors).toHaveLength(2);
    expect(score.survivors[0]).toContain(':2:5 EqualityOperator: a > b → a >= b');
    expect(score.survivors[1]).toContain('(no test ran it)');
  });

  test('a review sets aside only the surviving mutant whose span it names, not another of the same kind on the line', () => {
    const score = scoreMutation(report(FILE, wss('Survived'), ws('Survived')), [review("'wss:'")]);
    expect(score.exercises[0]).toMatchObject({ counted: 1, equivalent: 1, detected: 0 });
    expect(score.survivors).toHaveLength(1);
    expect(score.survivors[0]).toContain("'ws:' → \"\"");
    expect(score.staleReviews).toEqual([]);
  });

  test('a review whose mutant is now killed is stale, and the kill counts', () => {
    const stale = review("'wss:'");
    const score = scoreMutation(report(FILE, wss('Killed')), [stale]);
    expect(score.exercises[0]).toMatchObject({ detected: 1, counted: 1, equivalent: 0 });
    expect(score.staleReviews).toEqual([stale]);
    expect(renderMutationScore(score)).toContain('matched no surviving mutant (remove them)');
  });

  test('a reviewed mutant that only timed out stays reviewed: no correct test kills it, so the timeout is a busy machine', () => {
    const kept = review("'wss:'");
    const score = scoreMutation(report(FILE, wss('Timeout')), [kept]);
    expect(score.exercises[0]).toMatchObject({ detected: 0, counted: 0, equivalent: 1 });
    expect(score.staleReviews).toEqual([]);
  });

  test('a review of a file not in this run is not stale (a run of some exercises only)', () => {
    const other = review("'x'", { file: 'solutions/05-rooms-and-broadcast/app/lib/rooms.ts' });
    expect(scoreMutation(report(FILE, wss('Killed')), [other]).staleReviews).toEqual([]);
  });

  test('the goals: 75% for every exercise and 85% overall', () => {
    const killed = Array.from({ length: 17 }, () => mutant('Killed', 3, 3, 7));
    const survived = Array.from({ length: 3 }, () => mutant('Survived', 3, 3, 7));
    expect(scoreMutation(report(FILE, ...killed, ...survived), []).belowGoals).toEqual([]); // 85%
    const weak = scoreMutation(report(FILE, ...killed.slice(0, 14), ...survived, mutant('Survived', 3, 3, 7), mutant('Survived', 3, 3, 7)), []); // 14/19
    expect(weak.belowGoals).toEqual(['03-connecting-from-a-route 73.7% (goal 75%)', 'overall 73.7% (goal 85%)']);
    expect(renderMutationScore(weak)).toContain('Below the goals: 03-connecting-from-a-route 73.7% (goal 75%); overall 73.7% (goal 85%).');
  });

  test('exercises are scored apart, and the table has one row each and a total', () => {
    const score = scoreMutation(
      {
        files: {
          [FILE]: { source: SOURCE, mutants: [wss('Killed')] },
          '/sandbox/solutions/05-rooms-and-broadcast/app/lib/rooms.ts': { source: SOURCE, mutants: [wss('Survived')] },
        },
      },
      [],
    );
    expect(score.exercises.map((e) => [e.exercise, e.detected, e.counted])).toEqual([
      ['03-connecting-from-a-route', 1, 1],
      ['05-rooms-and-broadcast', 0, 1],
    ]);
    const table = renderMutationScore(score);
    expect(table).toContain('| 03-connecting-from-a-route | 1 | 1 | 0 | 100.0% | 75% |');
    expect(table).toContain('| 05-rooms-and-broadcast | 0 | 1 | 0 | 0.0% | 75% |');
    expect(table).toContain('| all | 1 | 2 | 0 | 50.0% | 85% |');
  });
});
