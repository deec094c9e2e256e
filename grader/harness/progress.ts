/**
 * The run's event log. Test workers and the runner append one JSON line per
 * event, synchronously, so whatever dies (a worker stuck in a loop, a runner
 * killed by the code under test) has already told the engine what it saw.
 * The engine builds every result from this log alone.
 *
 * Every line is signed with a key the engine makes for each run and hands to
 * the runner through a pipe and to the workers through Vitest's own channel
 * (never a file or the environment), so a line that any other process wrote
 * is recognised and thrown away, however well it imitates one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
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
  /** A process this worker started for the code under test (its own process group): stopped with the worker, and at the end of the run. */
  | { readonly kind: 'subject'; readonly pid: number; readonly subject: number }
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
  | { readonly kind: 'run-end' }
  /** A course file a worker loaded differed from its checksum at the start of the grade (engine/load-check.ts). */
  | { readonly kind: 'tampered'; readonly file: string };

/** Vitest `provide` key under which the runner gives workers the run's signing key. */
export const PROGRESS_KEY = 'graderProgressKey';
/** Vitest `provide` key for each test file's time limit (--time-limit, or the manifest's). */
export const TIME_LIMITS_KEY = 'graderTimeLimits';

let signingKey: string | null = null;

export function setProgressKey(key: string): void {
  signingKey = key;
}

const sign = (key: string, line: string): string => createHmac('sha256', key).update(line).digest('hex');

export function appendProgress(file: string, event: ProgressEvent): void {
  if (signingKey === null) return; // not part of a grade: nobody can read it anyway
  const line = JSON.stringify(event);
  appendFileSync(file, `${sign(signingKey, line)} ${line}\n`);
}

/** The events of a log's text whose signature holds, and how many lines did not. */
export function verifiedEvents(text: string, key: string): { events: ProgressEvent[]; rejected: number } {
  const events: ProgressEvent[] = [];
  let rejected = 0;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const space = raw.indexOf(' ');
    const mac = raw.slice(0, space);
    const line = raw.slice(space + 1);
    const expected = sign(key, line);
    if (space !== 64 || !timingSafeEqual(Buffer.from(mac.padEnd(64, '0').slice(0, 64)), Buffer.from(expected))) {
      // The last line may be cut short by a kill; anything else unsigned was forged.
      if (index < lines.length - 1) rejected += 1;
      continue;
    }
    try {
      events.push(JSON.parse(line) as ProgressEvent);
    } catch {
      rejected += 1;
    }
  }
  return { events, rejected };
}

export function recordProgress(event: ProgressEvent): void {
  const file = process.env[PROGRESS_ENV];
  if (!file) return; // a plain `vitest run` has nobody listening
  appendProgress(file, event);
}
