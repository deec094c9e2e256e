/**
 * Type errors in learner code are shown, not scored: the tests judge what the
 * code does, and esbuild runs code with type errors. Learners expect to see
 * what `tsc` says, so each exercise's report lists them.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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
 * Starts checking at once; resolves with the errors per exercise id, one map
 * per target. All targets are checked in one program, so the course's types
 * (React, ws, Node) are read once however many targets a run grades. Never
 * rejects. At `deadlineAt` (the grade's deadline) it gives up and resolves
 * with none: type errors are shown, not scored, so they never hold a grade.
 */
export function typeCheck(
  targets: ReadonlyArray<{ readonly dir: string; readonly exercises: readonly ExerciseSpec[] }>,
  deadlineAt = Infinity,
): Promise<Map<string, TypeError[]>[]> {
  const owner = new Map<string, { readonly target: number; readonly exercise: string }>();
  targets.forEach(({ dir: target, exercises }, index) => {
    for (const e of exercises) {
      for (const f of e.files) {
        const path = join(target, e.slug, f);
        if (existsSync(path) && /\.tsx?$/.test(f)) owner.set(resolve(path), { target: index, exercise: e.id });
      }
    }
  });
  const result = targets.map(({ exercises }) => new Map<string, TypeError[]>(exercises.map((e) => [e.id, []])));
  if (owner.size === 0) return Promise.resolve(result);
  return new Promise((resolve) => {
    const worker = new Worker(join(GRADER_DIR, 'engine', 'typecheck-worker.mjs'), {
      workerData: { files: [...owner.keys()], repoRoot: REPO_ROOT },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const giveUp = Number.isFinite(deadlineAt) ? setTimeout(() => void worker.terminate(), Math.max(0, deadlineAt - Date.now())) : undefined;
    const done = (): void => {
      clearTimeout(giveUp);
      resolve(result);
    };
    worker.once('message', (errors: TypeError[]) => {
      // The worker names each file by its full path; the report names it within its target.
      for (const error of errors) {
        const found = owner.get(error.file);
        if (!found) continue;
        const target = targets[found.target]?.dir as string;
        result[found.target]?.get(found.exercise)?.push({ ...error, file: relative(target, error.file).split(sep).join('/') });
      }
      done();
    });
    worker.once('error', done); // a checker that breaks must not break the grade
    worker.once('exit', done);
  });
}
