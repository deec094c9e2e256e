/**
 * Type errors in learner code are shown, not scored: the tests judge what the
 * code does, and esbuild runs code with type errors. Learners expect to see
 * what `tsc` says, so each exercise's report lists them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { ExerciseSpec } from '../manifest';
import { GRADER_DIR, REPO_ROOT } from './paths';

export interface TypeError {
  /** Relative to the target folder: "01-websocket-lifecycle/server.ts". */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Targets = ReadonlyArray<{ readonly dir: string; readonly exercises: readonly ExerciseSpec[] }>;

/**
 * A type checker in a child process of the lowest priority: it runs beside the tests and
 * takes the CPU they leave (they mostly wait on sockets), so checking does not slow the run
 * it is part of. Kept across grades (watch mode), it re-checks in a fraction of the first
 * check's time (typecheck-worker.mjs); a one-shot grade starts one and closes it after its
 * check (typeCheck below).
 */
export class TypeChecker {
  private worker: ChildProcess | null = null;
  private jobs = 0;

  /**
   * Starts checking at once; resolves with the errors per exercise id, one map per target.
   * All targets are checked in one program, so the course's types (React, ws, Node) are
   * read once however many targets a run grades. Never rejects. At `deadlineAt` (the
   * grade's deadline) it gives up and resolves with none: type errors are shown, not
   * scored, so they never hold a grade.
   */
  check(targets: Targets, deadlineAt = Infinity): Promise<Map<string, TypeError[]>[]> {
    const owner = new Map<string, { readonly target: number; readonly exercise: string }>();
    targets.forEach(({ dir, exercises }, index) => {
      for (const e of exercises) {
        for (const f of e.files) {
          const path = join(dir, e.slug, f);
          if (existsSync(path) && /\.tsx?$/.test(f)) owner.set(resolve(path), { target: index, exercise: e.id });
        }
      }
    });
    const result = targets.map(({ exercises }) => new Map<string, TypeError[]>(exercises.map((e) => [e.id, []])));
    if (owner.size === 0) return Promise.resolve(result);
    const worker = (this.worker ??= startChecker());
    const id = ++this.jobs;
    return new Promise((resolveCheck) => {
      const done = (): void => {
        clearTimeout(giveUp);
        worker.off('message', onMessage);
        worker.off('error', onEnd);
        worker.off('exit', onEnd);
        resolveCheck(result);
      };
      const onMessage = (message: { id: number; diagnostics: TypeError[] }): void => {
        if (message.id !== id) return;
        // The worker names each file by its full path; the report names it within its target.
        for (const error of message.diagnostics) {
          const found = owner.get(error.file);
          if (!found) continue;
          const dir = targets[found.target]?.dir as string;
          result[found.target]?.get(found.exercise)?.push({ ...error, file: relative(dir, error.file).split(sep).join('/') });
        }
        done();
      };
      // A checker that breaks must not break the grade: it resolves with none, and the next check starts a new one.
      const onEnd = (): void => {
        if (this.worker === worker) this.worker = null;
        done();
      };
      const giveUp = Number.isFinite(deadlineAt)
        ? setTimeout(() => {
            this.close();
            done();
          }, Math.max(0, deadlineAt - Date.now()))
        : undefined;
      worker.on('message', onMessage);
      worker.once('error', onEnd);
      worker.once('exit', onEnd);
      worker.send({ id, files: [...owner.keys()] }, (error) => {
        if (error) onEnd();
      });
    });
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    worker?.kill();
  }
}

function startChecker(): ChildProcess {
  const child = fork(join(GRADER_DIR, 'engine', 'typecheck-worker.mjs'), [REPO_ROOT], {
    execArgv: ['--max-old-space-size=512'],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  try {
    // os.setPriority maps this to every platform's own scale (nice 19; Windows' idle class).
    if (child.pid !== undefined) setPriority(child.pid, constants.priority.PRIORITY_LOW);
  } catch {
    // not allowed here: it runs at the grade's own priority
  }
  return child;
}

/** One check with a checker of its own, closed after it. */
export async function typeCheck(targets: Targets, deadlineAt = Infinity): Promise<Map<string, TypeError[]>[]> {
  const checker = new TypeChecker();
  try {
    return await checker.check(targets, deadlineAt);
  } finally {
    checker.close();
  }
}
