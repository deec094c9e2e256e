/**
 * The trace of the current graded test. Wire taps add steps as they see
 * bytes; each step is also written to the progress file at once, so a test
 * whose worker is killed in a hang still has the trace up to the hang.
 */
import type { Stage } from '../engine/stages';
import type { ExpectedStep, TraceStep } from '../trace/types';
import { recordProgress } from './progress';

interface Current {
  readonly file: string;
  readonly test: string;
  readonly started: number;
  readonly steps: TraceStep[];
  connections: number;
  frozen: boolean;
}

let current: Current | null = null;

export function beginTrace(file: string, test: string): void {
  current = { file, test, started: Date.now(), steps: [], connections: 0, frozen: false };
}

/** Stops recording: what happens during clean-up is not part of the learner's run. */
export function endTrace(): void {
  if (current) current.frozen = true;
}

export function newConnectionNumber(): number {
  if (!current) return 0;
  current.connections += 1;
  return current.connections;
}

export type StepInput = Omit<TraceStep, 'step' | 'atMs' | 'stage'> & { readonly stage: Stage };

export function addStep(input: StepInput): void {
  if (!current || current.frozen) return;
  const step: TraceStep = { ...input, step: current.steps.length + 1, atMs: Date.now() - current.started };
  current.steps.push(step);
  recordProgress({ kind: 'trace-step', pid: process.pid, file: current.file, test: current.test, step });
}

/** Declares the steps this test expects, so a failure can show where the run left them. */
export function expectSteps(steps: readonly ExpectedStep[]): void {
  if (!current) return;
  recordProgress({ kind: 'trace-expect', pid: process.pid, file: current.file, test: current.test, expected: steps });
}

