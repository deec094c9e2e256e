// Vitest setup file for graded tests: runs in each test worker before its test file.
import { inject } from 'vitest';
import { PROGRESS_KEY, recordProgress, setProgressKey, TARGET_DIR_KEY, TIME_LIMITS_KEY } from './progress';
import { TARGET_ENV } from '../engine/paths';
import { setBlockedLimit } from './subject';
import { thisWorkersRunFile } from '../engine/run-file';

// The run's signing key reaches this worker only through Vitest's own channel (see progress.ts).
const key: unknown = inject(PROGRESS_KEY);
if (typeof key === 'string') setProgressKey(key);

// The staged folder this worker's target was copied to for this grade (a plain `vitest run` names it in the environment).
const dir: unknown = inject(TARGET_DIR_KEY);
if (typeof dir === 'string') process.env[TARGET_ENV] = dir;

// Vitest does not expose the file a worker runs; its worker state does, and the
// engine needs pid → file to stop exactly the worker that hangs.
const workerState = (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__;

// How long this file's subject may stay silent before it counts as blocked: the grade's time limit.
const limits: Readonly<Record<string, number>> | undefined = inject(TIME_LIMITS_KEY);
const limit = workerState?.filepath ? limits?.[workerState.filepath] : undefined;
if (typeof limit === 'number') setBlockedLimit(limit);
// The file as the run names it, with the target this worker grades (engine/run-file.ts).
const runFile = workerState?.filepath ? thisWorkersRunFile(workerState.filepath) : null;
recordProgress({ kind: 'worker', pid: process.pid, file: runFile });

// A heartbeat: while it beats, the worker is waiting or working, and Vitest's own
// timeouts bound the wait. When it stops, the event loop is blocked by synchronous
// code (while (true) {}), which nothing inside the worker can interrupt: the
// engine's watchdog stops the worker.
setInterval(() => recordProgress({ kind: 'alive', pid: process.pid, file: runFile }), 500).unref();

// Code under test may print without end (50 MB of logs). Past this many characters
// per test file its output is dropped here, before it costs Vitest anything.
const OUTPUT_BUDGET = 64 * 1024;
let printed = 0;
let noted = false;
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (printed >= OUTPUT_BUDGET) {
      if (!noted) {
        noted = true;
        original(`… more output dropped: the grader keeps ${OUTPUT_BUDGET / 1024} KB per test file`);
      }
      return;
    }
    const text = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
    printed += text.length;
    original(...(text.length > OUTPUT_BUDGET ? [text.slice(0, OUTPUT_BUDGET)] : args));
  };
}
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const length = typeof chunk === 'string' ? chunk.length : (chunk as Uint8Array).length;
    if (printed >= OUTPUT_BUDGET) return true;
    printed += length;
    return original(chunk, ...rest);
  }) as typeof stream.write;
}
