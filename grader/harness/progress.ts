/**
 * Test workers append one JSON line per event to the progress file, synchronously,
 * so that a worker killed in the middle of a hang has already told the engine
 * which tests finished and which one was running.
 */
import { appendFileSync } from 'node:fs';
import { PROGRESS_ENV } from '../engine/paths';
import type { ExpectedStep, TraceStep } from '../trace/types';

export type ProgressEvent =
  | { readonly kind: 'worker'; readonly pid: number; readonly file: string | null }
  | { readonly kind: 'test-start'; readonly pid: number; readonly file: string; readonly test: string }
  | {
      readonly kind: 'test-end';
      readonly pid: number;
      readonly file: string;
      readonly test: string;
      readonly ok: boolean;
      readonly message?: string;
    }
  | { readonly kind: 'trace-step'; readonly pid: number; readonly file: string; readonly test: string; readonly step: TraceStep }
  | {
      readonly kind: 'trace-expect';
      readonly pid: number;
      readonly file: string;
      readonly test: string;
      readonly expected: readonly ExpectedStep[];
    };

export function recordProgress(event: ProgressEvent): void {
  const file = process.env[PROGRESS_ENV];
  if (!file) return; // a plain `vitest run` has nobody listening
  appendFileSync(file, `${JSON.stringify(event)}\n`);
}
