/**
 * The trace of the current graded test. Wire taps add steps as they see
 * bytes; each step is also written to the progress file at once, so a test
 * whose worker is killed in a hang still has the trace up to the hang.
 *
 * A socket that sends in a loop makes thousands of steps, and a signed line
 * written for each would keep this (trusted) process so busy that the code
 * under test could look blocked. So the first RECORDED steps are written as
 * they happen, later ones are only counted, and the last TAIL of them are
 * written when the trace ends: the report shows the start and the end, and
 * the step numbers say how many were left out.
 */
import type { Stage } from '../engine/stages';
import type { ExpectedStep, TraceStep } from '../trace/types';
import { recordProgress } from './progress';

const RECORDED = 500;
const TAIL = 40;

interface Current {
  readonly file: string;
  readonly test: string;
  readonly started: number;
  /** Steps so far. */
  count: number;
  /** The latest steps past RECORDED, not yet written. */
  readonly tail: TraceStep[];
  connections: number;
  frozen: boolean;
}

let current: Current | null = null;

export function beginTrace(file: string, test: string): void {
  current = { file, test, started: Date.now(), count: 0, tail: [], connections: 0, frozen: false };
}

/** Stops recording: what happens during clean-up is not part of the learner's run. */
export function endTrace(): void {
  if (!current || current.frozen) return;
  current.frozen = true;
  for (const step of current.tail.splice(0)) write(current, step);
}

function write(trace: Current, step: TraceStep): void {
  recordProgress({ kind: 'trace-step', pid: process.pid, file: trace.file, test: trace.test, step });
}

export function newConnectionNumber(): number {
  if (!current) return 0;
  current.connections += 1;
  return current.connections;
}

export type StepInput = Omit<TraceStep, 'step' | 'atMs' | 'stage'> & { readonly stage: Stage };

export function addStep(input: StepInput): void {
  if (!current || current.frozen) return;
  current.count += 1;
  const step: TraceStep = { ...input, step: current.count, atMs: Date.now() - current.started };
  if (current.count <= RECORDED) return write(current, step);
  current.tail.push(step);
  if (current.tail.length > TAIL) current.tail.shift();
}

/** Declares the steps this test expects, so a failure can show where the run left them. */
export function expectSteps(steps: readonly ExpectedStep[]): void {
  if (!current) return;
  recordProgress({ kind: 'trace-expect', pid: process.pid, file: current.file, test: current.test, expected: steps });
}

