/**
 * Type errors in learner code are shown, not scored: the tests judge what the
 * code does, and esbuild runs code with type errors. Learners expect to see
 * what `tsc` says, so each exercise's report lists them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExerciseSpec } from '../manifest';
import { GRADER_DIR, REPO_ROOT } from './paths';

export interface TypeError {
  /** Relative to the target folder: "01-websocket-lifecycle/server.ts". */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Starts checking at once; resolves with the errors per exercise id. Never
 * rejects. At `deadlineAt` (the grade's deadline) it gives up and resolves
 * with none: type errors are shown, not scored, so they never hold a grade.
 */
export function typeCheck(target: string, exercises: readonly ExerciseSpec[], deadlineAt = Infinity): Promise<Map<string, TypeError[]>> {
  const owner = new Map<string, string>();
  for (const e of exercises) {
    for (const f of e.files) {
      const path = join(target, e.slug, f);
      if (existsSync(path) && /\.tsx?$/.test(f)) owner.set(path, e.id);
    }
  }
  const result = new Map<string, TypeError[]>(exercises.map((e) => [e.id, []]));
  if (owner.size === 0) return Promise.resolve(result);
  return new Promise((resolve) => {
    const worker = new Worker(join(GRADER_DIR, 'engine', 'typecheck-worker.mjs'), {
      workerData: { files: [...owner.keys()], repoRoot: REPO_ROOT, relativeTo: target },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const giveUp = Number.isFinite(deadlineAt) ? setTimeout(() => void worker.terminate(), Math.max(0, deadlineAt - Date.now())) : undefined;
    const done = (): void => {
      clearTimeout(giveUp);
      resolve(result);
    };
    worker.once('message', (errors: TypeError[]) => {
      for (const error of errors) result.get(owner.get(join(target, error.file)) ?? '')?.push(error);
      done();
    });
    worker.once('error', done); // a checker that breaks must not break the grade
    worker.once('exit', done);
  });
}
