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
import { z } from 'zod';
import { ExpectedStepSchema, TraceStepSchema } from '../schema/report';

const ErrorInfoSchema = z.strictObject({ name: z.string(), message: z.string() });
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

const pid = z.number().int();
const inFile = { file: z.string(), test: z.string() };

/**
 * Every event of the log, defined once: the type the writers are held to and the schema each
 * line is checked against where it is read (a signed line of another shape is refused too).
 */
const ProgressEventSchema = z.discriminatedUnion('kind', [
  // From test workers (grader/harness):
  z.strictObject({ kind: z.literal('worker'), pid, file: z.string().nullable() }),
  /** A process this worker started for the code under test (its own process group): stopped with the worker, and at the end of the run. */
  z.strictObject({ kind: z.literal('subject'), pid, subject: pid }),
  /** Twice a second while the worker's event loop turns: silence means it is blocked. */
  z.strictObject({ kind: z.literal('alive'), pid, file: z.string().nullable() }),
  z.strictObject({ kind: z.literal('test-start'), pid, ...inFile }),
  z.strictObject({ kind: z.literal('test-end'), pid, ...inFile, ok: z.boolean(), error: ErrorInfoSchema.optional() }),
  z.strictObject({ kind: z.literal('trace-step'), pid, ...inFile, step: TraceStepSchema }),
  z.strictObject({ kind: z.literal('trace-expect'), pid, ...inFile, expected: z.array(ExpectedStepSchema).readonly() }),
  // From the runner's reporter (grader/engine/collector.ts):
  z.strictObject({ kind: z.literal('module-start'), file: z.string() }),
  z.strictObject({ kind: z.literal('module-end'), file: z.string(), errors: z.array(ErrorInfoSchema).readonly() }),
  z.strictObject({ kind: z.literal('test-result'), ...inFile, state: z.enum(['passed', 'failed', 'skipped', 'pending']), error: ErrorInfoSchema.optional() }),
  z.strictObject({ kind: z.literal('output'), ...inFile, text: z.string() }),
  z.strictObject({ kind: z.literal('unhandled'), file: z.string().optional(), test: z.string().optional(), error: ErrorInfoSchema }),
  z.strictObject({ kind: z.literal('run-end') }),
  /** A course file a worker loaded differed from its checksum at the start of the grade (engine/load-check.ts). */
  z.strictObject({ kind: z.literal('tampered'), file: z.string() }),
]);

export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** Vitest `provide` key under which the runner gives workers the run's signing key. */
export const PROGRESS_KEY = 'graderProgressKey';
/** Vitest `provide` key for each test file's time limit (--time-limit, or the manifest's). */
export const TIME_LIMITS_KEY = 'graderTimeLimits';
/** Vitest `provide` key, per project: the staged folder of the target its workers grade. */
export const TARGET_DIR_KEY = 'graderTargetDir';

declare module 'vitest' {
  export interface ProvidedContext {
    [PROGRESS_KEY]: string;
    [TIME_LIMITS_KEY]: Readonly<Record<string, number>>;
    [TARGET_DIR_KEY]: string;
  }
}

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

/**
 * The events of a log's text whose signature holds, and how many lines did not. A kept runner
 * (engine/warm-runner.ts) writes every grade of a watch session into one log, each grade with
 * its own key: lines signed with an earlier grade's key (`earlier`) are that grade's, neither
 * read nor counted as forged.
 */
export function verifiedEvents(text: string, key: string, earlier: readonly string[] = []): { events: ProgressEvent[]; rejected: number } {
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
      if (index < lines.length - 1 && !earlier.some((k) => space === 64 && timingSafeEqual(Buffer.from(mac), Buffer.from(sign(k, line))))) rejected += 1;
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      rejected += 1;
      continue;
    }
    const event = ProgressEventSchema.safeParse(parsed);
    if (event.success) events.push(event.data);
    else rejected += 1;
  }
  return { events, rejected };
}

export function recordProgress(event: ProgressEvent): void {
  const file = process.env[PROGRESS_ENV];
  if (!file) return; // a plain `vitest run` has nobody listening
  appendProgress(file, event);
}
