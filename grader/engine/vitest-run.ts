/**
 * Runs graded test files through Vitest's Node API and returns what was
 * observed: one Vitest run for all files, with a watchdog per file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { startVitest } from 'vitest/node';
import type { ProgressEvent } from '../harness/progress';
import { GRADER_DIR, PROGRESS_ENV, TARGET_ENV } from './paths';
import { readProgress, Watchdog } from './watchdog';

export interface ObservedError {
  readonly name: string;
  readonly message: string;
}

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
  readonly stopped: ReadonlyMap<string, { readonly limitMs: number }>;
  readonly progress: readonly ProgressEvent[];
  readonly unhandled: readonly UnhandledError[];
  /** Console output per test, keyed by `${file}\n${test}`, capped. */
  readonly output: ReadonlyMap<string, string>;
}

export interface RunOptions {
  readonly files: readonly string[];
  readonly testNames?: readonly string[];
  readonly target: string;
  readonly limitFor: (file: string) => number;
}

const OUTPUT_CAP = 2000;

const toError = (e: { name?: string; message?: string } | undefined): ObservedError => ({
  name: e?.name ?? 'Error',
  message: e?.message ?? 'unknown error',
});

export const outputKey = (file: string, test: string): string => `${file}\n${test}`;

export async function runGradedTests(options: RunOptions): Promise<RunObservation> {
  const workDir = mkdtempSync(join(tmpdir(), 'grader-'));
  const progressFile = join(workDir, 'progress.jsonl');
  writeFileSync(progressFile, '');

  const tests: ObservedTest[] = [];
  const files: ObservedFile[] = [];
  const unhandled: UnhandledError[] = [];
  const output = new Map<string, string>();
  const taskNames = new Map<string, { file: string; name: string }>();
  const watchdog = new Watchdog(progressFile, options.limitFor);

  const collector: Reporter = {
    onTestModuleStart: (module: TestModule) => watchdog.fileStarted(module.moduleId),
    onTestModuleEnd: (module: TestModule) => {
      watchdog.fileEnded(module.moduleId);
      files.push({ file: module.moduleId, errors: module.errors().map(toError) });
    },
    onTestCaseReady: (test: TestCase) => {
      taskNames.set(test.id, { file: test.module.moduleId, name: test.name });
    },
    onTestCaseResult: (test: TestCase) => {
      const result = test.result();
      tests.push({
        file: test.module.moduleId,
        name: test.name,
        state: result.state,
        ...(result.errors?.[0] ? { error: toError(result.errors[0]) } : {}),
      });
    },
    onUserConsoleLog: (log) => {
      const owner = log.taskId ? taskNames.get(log.taskId) : undefined;
      if (!owner) return;
      const key = outputKey(owner.file, owner.name);
      const before = output.get(key) ?? '';
      if (before.length >= OUTPUT_CAP) return;
      const next = before + log.content;
      output.set(key, next.length > OUTPUT_CAP ? `${next.slice(0, OUTPUT_CAP)}\n… (output cut at ${OUTPUT_CAP} characters)` : next);
    },
    onTestRunEnd: (_modules, errors) => {
      for (const error of errors) {
        const e = error as { name?: string; message?: string; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string };
        unhandled.push({
          ...toError(e),
          ...(e.VITEST_TEST_PATH ? { file: e.VITEST_TEST_PATH } : {}),
          ...(e.VITEST_TEST_NAME ? { test: e.VITEST_TEST_NAME } : {}),
        });
      }
    },
  };

  const env = { [TARGET_ENV]: options.target, [PROGRESS_ENV]: progressFile };
  const previousEnv = { target: process.env[TARGET_ENV], progress: process.env[PROGRESS_ENV] };
  Object.assign(process.env, env); // forked workers inherit it

  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    const vitest = await startVitest(
      'test',
      [...options.files],
      {
        config: join(GRADER_DIR, 'vitest.config.ts'),
        watch: false,
        reporters: [collector],
        env,
        passWithNoTests: true,
        ...(options.testNames ? { testNamePattern: `^(${options.testNames.map(escape).join('|')})$` } : {}),
      },
      { server: { watch: null } },
    );
    await vitest.close();
  } finally {
    watchdog.dispose();
    restoreEnv(TARGET_ENV, previousEnv.target);
    restoreEnv(PROGRESS_ENV, previousEnv.progress);
  }

  const progress = readProgress(progressFile);
  rmSync(workDir, { recursive: true, force: true });
  return { tests, files, stopped: watchdog.stopped, progress, unhandled, output };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
