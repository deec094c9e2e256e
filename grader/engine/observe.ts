/** Folds a run's progress log into what the outcomes are computed from. Pure. */
import type { ErrorInfo, ProgressEvent } from '../harness/progress';

export type ObservedError = ErrorInfo;

export interface ObservedTest {
  readonly file: string;
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  readonly error?: ObservedError;
}

export interface ObservedFile {
  readonly file: string;
  readonly errors: readonly ObservedError[];
}

export interface UnhandledError extends ObservedError {
  readonly file?: string;
  readonly test?: string;
}

export interface RunObservation {
  readonly tests: readonly ObservedTest[];
  readonly files: readonly ObservedFile[];
  /** Files the watchdog stopped because a test hung. */
  readonly stopped: ReadonlyMap<string, { readonly limitMs: number }>;
  /** Files whose process died under them, and why, in plain words. */
  readonly deaths: ReadonlyMap<string, string>;
  /** Files still running when the grade's overall deadline passed, and that deadline: stopped, not run again. */
  readonly overDeadline?: { readonly files: ReadonlySet<string>; readonly deadlineMs: number };
  /**
   * Files whose code ended the runner itself. Their workers may run on, orphaned,
   * for a moment: only what the runner reported before it died counts for them.
   */
  readonly runnerDeaths: ReadonlySet<string>;
  /** The workers' own events: test starts and ends, trace steps. */
  readonly progress: readonly ProgressEvent[];
  readonly unhandled: readonly UnhandledError[];
  /** Console output per test, keyed by `${file}\n${test}`, capped. */
  readonly output: ReadonlyMap<string, string>;
}

export const outputKey = (file: string, test: string): string => `${file}\n${test}`;

export const HEAP_LIMIT_MB = 256;
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/;

export function observe(
  events: readonly ProgressEvent[],
  extra: {
    stopped: ReadonlyMap<string, { limitMs: number }>;
    runnerDeaths: ReadonlyMap<string, string>;
    /** Files whose worker process died while Vitest carried on. */
    workerDeaths: ReadonlySet<string>;
    stderr: string;
  },
): RunObservation {
  const tests: ObservedTest[] = [];
  const files: ObservedFile[] = [];
  const unhandled: UnhandledError[] = [];
  const output = new Map<string, string>();
  const deaths = new Map(extra.runnerDeaths);
  const workerDied = (): string =>
    OUT_OF_MEMORY.test(extra.stderr)
      ? `the code ran out of memory (each test process may use ${HEAP_LIMIT_MB} MB) and its process was ended`
      : 'the test process ended unexpectedly: the code under test killed it or crashed it';
  for (const file of extra.workerDeaths) deaths.set(file, workerDied());

  for (const event of events) {
    switch (event.kind) {
      case 'test-result':
        tests.push({ file: event.file, name: event.test, state: event.state, ...(event.error ? { error: event.error } : {}) });
        break;
      case 'module-end':
        files.push({ file: event.file, errors: event.errors });
        if (event.errors.some((e) => /Worker exited unexpectedly/.test(e.message))) deaths.set(event.file, workerDied());
        break;
      case 'output': {
        const key = outputKey(event.file, event.test);
        output.set(key, (output.get(key) ?? '') + event.text);
        break;
      }
      case 'unhandled':
        unhandled.push({ ...event.error, ...(event.file ? { file: event.file } : {}), ...(event.test ? { test: event.test } : {}) });
        break;
      default:
        break;
    }
  }
  const progress = events.filter((e) => e.kind === 'worker' || e.kind === 'test-start' || e.kind === 'test-end' || e.kind === 'trace-step' || e.kind === 'trace-expect');
  return { tests, files, stopped: extra.stopped, deaths, runnerDeaths: new Set(extra.runnerDeaths.keys()), progress, unhandled, output };
}
