/** What a submission says reaches a report escaped and bounded: no terminal control, no 48 MB report. */
import { describe, expect, test } from 'vitest';
import { LIMITS, boundTrace, capText, escapeControls, learnerText } from '../../grader/engine/bounded';
import { outcomeFor } from '../../grader/engine/outcomes';
import type { RunObservation } from '../../grader/engine/observe';
import { outputOf, reasonOf } from '../../grader/engine/results';
import { plain } from '../../grader/reporters/style';
import { renderExecutionTable } from '../../grader/trace/render';
import type { TestTrace, TraceStep } from '../../grader/trace/types';

describe('escapeControls', () => {
  test('escape sequences, carriage returns, NUL, C1 controls and bidi overrides are written out; newlines and tabs stay', () => {
    expect(escapeControls('\u001b[2J\u001b[HScore 32/32')).toBe('\\x1b[2J\\x1b[HScore 32/32');
    expect(escapeControls('50%\rScore 32/32')).toBe('50%\\x0dScore 32/32');
    expect(escapeControls('a\u0000b\u009bc\u202ed\u2066e\u007f')).toBe('a\\x00b\\x9bc\\u202ed\\u2066e\\x7f');
    expect(escapeControls('line 1\r\nline 2\n\tindented')).toBe('line 1\nline 2\n\tindented');
    expect(escapeControls('one\ntwo\tthree', false)).toBe('one\\ntwo\\tthree');
  });

  test('ordinary text, accents and emoji pass unchanged', () => {
    const text = 'Ünïcödé — “quotes” 👋 Server -> Client: {"type":"chat"}';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('capText', () => {
  test('short text is unchanged; long text keeps its start and end, says how much is left out, and stays within the cap', () => {
    expect(capText('short', 10)).toBe('short');
    const long = `BEGIN${'x'.repeat(4_000_000)}END`;
    const capped = capText(long, 200);
    expect(capped.length).toBeLessThanOrEqual(200);
    expect(capped.startsWith('BEGIN')).toBe(true);
    expect(capped.endsWith('END')).toBe(true);
    expect(capped).toMatch(/… \d+ characters omitted …/);
    const omitted = Number(/… (\d+) characters omitted/.exec(capped)?.[1]);
    expect(capped.length - capped.match(/ … \d+ characters omitted … /)![0].length + omitted).toBe(long.length);
  });

  test('learnerText escapes before it caps, so an escape is never cut in half into a raw control', () => {
    const text = learnerText('\u001b'.repeat(10_000), 100);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text.length).toBeLessThanOrEqual(100);
  });
});

const step = (n: number, overrides: Partial<TraceStep> = {}): TraceStep => ({
  step: n,
  atMs: n,
  connection: 1,
  stage: 'server-send',
  kind: 'receive',
  actor: 'client',
  action: `Client receives message ${n}`,
  client: 'Open',
  server: 'Open',
  message: `Server -> Client: 'spam ${n}'`,
  text: `spam ${n}`,
  result: 'received',
  ...overrides,
});

describe('boundTrace', () => {
  test('a trace of 10,000 steps keeps the first, the last and those around the divergence, with their numbers', () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => step(i + 1));
    const trace: TestTrace = { steps, expected: null, divergence: { index: 5000, expected: "Server closes with 1000", observed: "Client receives 'spam 5001'" } };
    const bounded = boundTrace(trace);
    const max = LIMITS.traceHead + LIMITS.traceTail + 2 * LIMITS.traceAround + 1;
    expect(bounded.steps.length).toBeLessThanOrEqual(max);
    expect(bounded.omittedSteps).toBe(10_000 - bounded.steps.length);
    expect(bounded.steps[0]?.step).toBe(1);
    expect(bounded.steps.at(-1)?.step).toBe(10_000);
    // The divergence still points at the very step it pointed at.
    expect(bounded.steps[bounded.divergence?.index ?? -1]?.step).toBe(5001);
    const table = renderExecutionTable(bounded, plain).join('\n');
    expect(table).toMatch(/… \d+ steps omitted …/);
    expect(table).toContain('spam 5001');
    expect(table).toContain('expected here: Server closes with 1000');
  });

  test('a missing step at the end stays at the end; a short trace loses nothing', () => {
    const steps = Array.from({ length: 500 }, (_, i) => step(i + 1));
    const missing = boundTrace({ steps, expected: null, divergence: { index: 500, expected: 'Server closes', observed: null } });
    expect(missing.divergence?.index).toBe(missing.steps.length);
    const short = boundTrace({ steps: steps.slice(0, 5), expected: null, divergence: null });
    expect(short.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(short.omittedSteps).toBeUndefined();
  });

  test('steps the recorder already left out (a jump in the numbers) are counted too', () => {
    const steps = [...Array.from({ length: 500 }, (_, i) => step(i + 1)), ...Array.from({ length: 40 }, (_, i) => step(9961 + i))];
    const bounded = boundTrace({ steps, expected: null, divergence: null });
    expect(bounded.steps.at(-1)?.step).toBe(10_000);
    expect(bounded.omittedSteps).toBe(10_000 - bounded.steps.length);
    const few = boundTrace({ steps: [step(1), step(2), step(50)], expected: null, divergence: null });
    expect(few.omittedSteps).toBe(47);
    expect(renderExecutionTable(few, plain).join('\n')).toContain('… 47 steps omitted …');
  });

  test('every text of a step is escaped and capped', () => {
    const evil = step(1, { message: `Server -> Client: '\u001b[2J${'A'.repeat(1_000_000)}'`, action: 'Client\u001b[31m receives' });
    const [kept] = boundTrace({ steps: [evil], expected: null, divergence: null }).steps;
    expect(kept?.message?.length).toBeLessThanOrEqual(LIMITS.field);
    expect(kept?.message).toContain('\\x1b[2J');
    expect(kept?.action).toBe('Client\\x1b[31m receives');
  });
});

describe('a test result', () => {
  test("carries the code's error and output escaped and capped", () => {
    const file = '/tests/01/server.test.ts';
    const run: RunObservation = {
      tests: [{ file, name: 'a', state: 'failed', error: { name: 'GradeFailure', message: `startServer() rejected with Error: \u001b[2J\u001b[HScore 32/32${'!'.repeat(4_000_000)}` } }],
      files: [{ file, errors: [] }],
      stopped: new Map(),
      deaths: new Map(),
      runnerDeaths: new Set(),
      progress: [],
      unhandled: [],
      output: new Map([[`${file}\na`, '\u001b]0;owned\u0007printed\n']]),
    };
    const result = outcomeFor({ id: 'a', stage: 'open', points: 1, title: 'opens', file: 'server.test.ts' }, file, run);
    expect(reasonOf(result)).toContain('\\x1b[2J\\x1b[HScore 32/32');
    expect(reasonOf(result)?.length).toBeLessThanOrEqual(LIMITS.message);
    expect(outputOf(result)).toBe('\\x1b]0;owned\\x07printed\n');
    expect(JSON.stringify(result)).not.toMatch(/\\u001b|\\u0007/);
  });
});
