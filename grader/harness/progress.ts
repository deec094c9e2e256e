/**
 * The run's event log. Test workers and the runner append one JSON line per
 * event, synchronously, so whatever dies (a worker stuck in a loop, a runner
 * killed by the code under test) has already told the engine what it saw.
 * The engine builds every result from this log alone.
 */
import { appendFileSync } from 'node:fs';
import { PROGRESS_ENV } from '../engine/paths';
import type { ExpectedStep, TraceStep } from '../trace/types';

export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
}

export type ProgressEvent =
  // From test workers (grader/harness):
  | { readonly kind: 'worker'; readonly pid: number; readonly file: string | null }
  /** Twice a second while the worker's event loop turns: silence means it is blocked. */
  | { readonly kind: 'alive'; readonly pid: number; readonly file: string | null }
  | { readonly kind: 'test-start'; readonly pid: number; readonly file: string; readonly test: string }
  | {
      readonly kind: 'test-end';
      readonly pid: number;
      readonly file: string;
      readonly test: string;
      readonly ok: boolean;
      readonly error?: ErrorInfo;
    }
  | { readonly kind: 'trace-step'; readonly pid: number; readonly file: string; readonly test: string; readonly step: TraceStep }
  | {
      readonly kind: 'trace-expect';
      readonly pid: number;
      readonly file: string;
      readonly test: string;
      readonly expected: readonly ExpectedStep[];
    }
  // From the runner's reporter (grader/engine/collector.ts):
  | { readonly kind: 'module-start'; readonly file: string }
  | { readonly kind: 'module-end'; readonly file: string; readonly errors: readonly ErrorInfo[] }
  | {
      readonly kind: 'test-result';
      readonly file: string;
      readonly test: string;
      readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
      readonly error?: ErrorInfo;
    }
  | { readonly kind: 'output'; readonly file: string; readonly test: string; readonly text: string }
  | { readonly kind: 'unhandled'; readonly file?: string; readonly test?: string; readonly error: ErrorInfo }
  | { readonly kind: 'run-end' };

export function appendProgress(file: string, event: ProgressEvent): void {
  appendFileSync(file, `${JSON.stringify(event)}\n`);
}

export function recordProgress(event: ProgressEvent): void {
  const file = process.env[PROGRESS_ENV];
  if (!file) return; // a plain `vitest run` has nobody listening
  appendProgress(file, event);
}
