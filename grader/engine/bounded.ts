/**
 * Learner-derived text made safe to show and small enough to read. A report
 * carries what a submission said (error messages, console output, frames on
 * the wire): raw, an escape sequence in it would clear the instructor's screen
 * or print a fake score, and a 4 MB error name would make a 48 MB report.
 * Pure: text in, text out.
 */
import type { TestTrace, TraceStep } from '../trace/types';

export const LIMITS = {
  /** A failure message: the grader's words around what the code threw. */
  message: 2000,
  /** What the code printed during one test (the collector keeps this much of it, before escaping). */
  output: 2000,
  /** One cell of a trace step (an action, a frame's text). */
  field: 300,
  /** A file name or other one-line value. */
  name: 300,
  /** Trace steps kept: the first, the last, and those around where the run left the expected path. */
  traceHead: 40,
  traceTail: 40,
  traceAround: 10,
} as const;

/**
 * C0 controls but tab and newline, DEL, C1 controls (ECMA-48: ESC and CSI
 * start the sequences a terminal obeys), and the bidirectional overrides that
 * make text read differently from what it is (CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Control characters written out as `\x1b`; a line ending (\r\n) becomes \n, since it means one. */
export function escapeControls(text: string, keepNewlines = true): string {
  const lines = text.replace(/\r\n/g, '\n');
  const escaped = lines.replace(CONTROL, escapeOne);
  return keepNewlines ? escaped : escaped.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** At most `max` characters: the start and the end kept, what is between counted. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (n: number): string => ` … ${n} characters omitted … `;
  const room = Math.max(0, max - marker(text.length).length);
  const head = Math.ceil(room / 2);
  const tail = room - head;
  return `${text.slice(0, head)}${marker(text.length - head - tail)}${tail > 0 ? text.slice(-tail) : ''}`;
}

/** Learner-derived text, escaped then capped; `oneLine` also writes out newlines and tabs. */
export function learnerText(text: string, max: number = LIMITS.message, oneLine = false): string {
  return capText(escapeControls(text, !oneLine), max);
}

const field = (text: string): string => learnerText(text, LIMITS.field, true);

function boundStep(step: TraceStep): TraceStep {
  return {
    ...step,
    action: field(step.action),
    client: field(step.client),
    server: field(step.server),
    message: step.message === null ? null : field(step.message),
    result: field(step.result),
    ...(step.text !== undefined ? { text: field(step.text) } : {}),
  };
}

/**
 * A trace a person can read: every text escaped and capped, and at most
 * head + tail + the steps around the divergence kept (a socket that sends in a
 * loop makes thousands). Kept steps keep their step numbers, so a gap shows
 * where steps were left out; `omittedSteps` counts them.
 */
export function boundTrace(trace: TestTrace): TestTrace {
  const { steps, divergence } = trace;
  const expected = trace.expected?.map((e) => ({ ...e, action: field(e.action), ...(e.text !== undefined ? { text: field(e.text) } : {}) })) ?? null;
  const boundDivergence = divergence ? { ...divergence, expected: field(divergence.expected), observed: divergence.observed === null ? null : field(divergence.observed) } : null;
  const { traceHead, traceTail, traceAround } = LIMITS;
  // The recorder may already have left steps out (grader/harness/recorder.ts): the numbers tell.
  const numbered = Math.max(steps.length, steps.at(-1)?.step ?? 0);
  if (steps.length <= traceHead + traceTail + 2 * traceAround + 1) {
    const omitted = numbered - steps.length;
    return { steps: steps.map(boundStep), expected, divergence: boundDivergence, ...(omitted > 0 ? { omittedSteps: omitted } : {}) };
  }
  const keep = (i: number): boolean =>
    i < traceHead || i >= steps.length - traceTail || (divergence !== null && Math.abs(i - divergence.index) <= traceAround);
  const kept: TraceStep[] = [];
  let divergenceIndex = divergence ? steps.length : -1;
  for (const [i, step] of steps.entries()) {
    if (!keep(i)) continue;
    if (divergence && i === divergence.index) divergenceIndex = kept.length;
    kept.push(boundStep(step));
  }
  if (divergence && divergence.index >= steps.length) divergenceIndex = kept.length;
  return {
    steps: kept,
    expected,
    divergence: boundDivergence ? { ...boundDivergence, index: divergenceIndex } : null,
    omittedSteps: numbered - kept.length,
  };
}
