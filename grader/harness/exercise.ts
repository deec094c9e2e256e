/**
 * How a graded test file declares its tests and reaches the learner's code.
 * Tests never import exercise files directly: the engine chooses the target
 * folder (exercises/, solutions/ or any copy laid out like them).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { findExercise, type ExerciseSpec } from '../manifest';
import { DEFAULT_TARGET, TARGET_ENV } from '../engine/paths';
import { recordProgress } from './progress';
import { beginTrace, endTrace } from './recorder';
import { runCleanups } from './resources';
import { finishTaps } from './wire-tap';

/** The learner's module could not be used at all: it does not load, or lacks an export. */
export class ExerciseLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseLoadError';
  }
}

let loads = 0;

export function targetDir(): string {
  return process.env[TARGET_ENV] ?? DEFAULT_TARGET;
}

export interface GradedExercise {
  readonly spec: ExerciseSpec;
  /** Declares the manifest test `id`. Everything the test opened is closed after it. */
  test(id: string, body: () => Promise<void>): void;
  /**
   * Imports one of the learner's files from the target folder and checks that
   * it exports a function under each of `functions`.
   */
  load<Module>(file: string, functions: readonly string[]): Promise<Module>;
}

export function gradedExercise(exerciseId: string): GradedExercise {
  const spec = findExercise(exerciseId);
  if (!spec) throw new Error(`Exercise ${exerciseId} is not in grader/manifest`);

  return {
    spec,
    test(id, body) {
      if (!spec.tests.some((t) => t.id === id)) {
        throw new Error(`Test "${id}" is not listed for exercise ${spec.id} in grader/manifest`);
      }
      test(id, async () => {
        const file = expect.getState().testPath ?? '';
        recordProgress({ kind: 'test-start', pid: process.pid, file, test: id });
        beginTrace(file, id);
        try {
          try {
            await body();
          } finally {
            finishTaps();
            endTrace();
          }
          recordProgress({ kind: 'test-end', pid: process.pid, file, test: id, ok: true });
        } catch (error) {
          const info = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
          recordProgress({ kind: 'test-end', pid: process.pid, file, test: id, ok: false, error: info });
          throw error;
        } finally {
          await runCleanups();
        }
      });
    },
    async load<Module>(file: string, functions: readonly string[]): Promise<Module> {
      if (!spec.files.includes(file)) throw new Error(`${file} is not a file of exercise ${spec.id}`);
      const path = join(targetDir(), spec.slug, file);
      let module: Record<string, unknown>;
      try {
        // A fresh instance for every load: no state leaks from one test into the next, and
        // code that runs at import runs for each test (its own loop, exit or throw included).
        loads += 1;
        module = (await import(/* @vite-ignore */ `${pathToFileURL(path).href}?load=${loads}`)) as Record<string, unknown>;
      } catch (error) {
        throw new ExerciseLoadError(describeLoadFailure(`${spec.slug}/${file}`, error));
      }
      for (const name of functions) {
        if (typeof module[name] !== 'function') {
          const found = module[name] === undefined ? 'nothing by that name' : `a ${typeof module[name]}`;
          throw new ExerciseLoadError(`${spec.slug}/${file} should export a function named ${name}, but exports ${found}`);
        }
      }
      return module as Module;
    },
  };
}

function describeLoadFailure(file: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\?load=\d+/g, '');
  const exited = /process\.exit unexpectedly called with "([^"]*)"/.exec(message);
  if (exited) return `${file} called process.exit(${exited[1]}) while loading; code under test must never end the process`;
  if (/Transform failed|SyntaxError|Expected|Unexpected/.test(message)) {
    return `${file} does not compile: ${firstLines(message)}`;
  }
  if (/Cannot find module|Failed to load url|ENOENT/.test(message)) {
    return `${file} is missing or imports something that does not exist: ${firstLines(message)}`;
  }
  return `${file} threw while loading: ${error instanceof Error ? `${error.name}: ` : ''}${firstLines(message)}`;
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' ').trim();
}
