/**
 * The runner's Vitest reporter: it writes what Vitest reports into the run's
 * progress log as it happens, and nothing else.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { appendProgress, type ErrorInfo } from '../harness/progress';
import { LIMITS } from './bounded';
import { runFile } from './run-file';

/** Per test, what the code printed is kept up to this many characters. */
const OUTPUT_CAP = LIMITS.output;

const toError = (e: { name?: string; message?: string } | undefined): ErrorInfo => ({
  name: e?.name ?? 'Error',
  message: (e?.message ?? 'unknown error').slice(0, 4000),
});

/** A test module's file as the run names it: with its project, which is its target (engine/run-file.ts). */
const fileOf = (module: TestModule): string => runFile(module.project.name, module.moduleId);

/** `progressFile`: the log of the job being run (a kept runner runs many, engine/warm-runner.ts). */
export function progressReporter(progressFile: () => string): Reporter {
  const taskNames = new Map<string, { file: string; test: string }>();
  const printed = new Map<string, number>();
  return {
    onTestModuleStart: (module: TestModule) => appendProgress(progressFile(), { kind: 'module-start', file: fileOf(module) }),
    onTestModuleEnd: (module: TestModule) =>
      appendProgress(progressFile(), { kind: 'module-end', file: fileOf(module), errors: module.errors().map(toError) }),
    onTestCaseReady: (test: TestCase) => {
      taskNames.set(test.id, { file: fileOf(test.module), test: test.name });
    },
    onTestCaseResult: (test: TestCase) => {
      const result = test.result();
      appendProgress(progressFile(), {
        kind: 'test-result',
        file: fileOf(test.module),
        test: test.name,
        state: result.state,
        ...(result.errors?.[0] ? { error: toError(result.errors[0]) } : {}),
      });
    },
    onUserConsoleLog: (log) => {
      const owner = log.taskId ? taskNames.get(log.taskId) : undefined;
      if (!owner) return;
      const key = `${owner.file}\n${owner.test}`;
      const used = printed.get(key) ?? 0;
      if (used >= OUTPUT_CAP) return;
      const text = log.content.slice(0, OUTPUT_CAP - used);
      printed.set(key, used + text.length);
      appendProgress(progressFile(), { kind: 'output', ...owner, text });
    },
    // Vitest names the file of an unhandled error by its path alone, not its project: the engine attributes it.
    onTestRunEnd: (_modules, errors) => {
      for (const error of errors) {
        const e = error as { name?: string; message?: string; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string };
        appendProgress(progressFile(), {
          kind: 'unhandled',
          ...(e.VITEST_TEST_PATH ? { file: e.VITEST_TEST_PATH } : {}),
          ...(e.VITEST_TEST_NAME ? { test: e.VITEST_TEST_NAME } : {}),
          error: toError(e),
        });
      }
    },
  };
}
