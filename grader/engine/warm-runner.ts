/**
 * Where a grade's runner comes from. Every grade has one: a one-shot grade (the CLI, batch, the
 * course's checks) makes its own, starts the runner before it stages the targets, and stops it
 * at the end; watch mode keeps one across saves, so that after the first a grade pays neither a
 * runner's start nor Vitest's, nor Vite's transforms of the course's files.
 *
 * A runner is kept only while it fits: the same isolation, the same course checksums (its load
 * check was armed with them), the same targets' labels (its projects). Anything else, or a
 * runner that ended, a round that ran out of time or did not finish, and the next round starts
 * a new one.
 *
 * What is kept is the grader's own side. The code under test never runs in the runner: each
 * test file still gets a new worker process and new subjects, stopped when its round ends.
 */
import type { Isolation } from '../harness/sandbox';
import { onAbort } from './on-abort';
import { RunnerProcess } from './runner-process';

export class WarmRunner {
  private kept: { readonly runner: RunnerProcess; readonly fit: string; readonly undo: () => void } | null = null;
  /** How many runners it has started so far: one per session, plus one after each it could not keep. */
  starts = 0;

  /** The kept runner if it fits `fit` and still runs; otherwise a new one, kept from now on. */
  take(isolation: Isolation, fit: string): RunnerProcess {
    if (this.kept && this.kept.fit === `${isolation}\n${fit}` && !this.kept.runner.isClosed) return this.kept.runner;
    this.discard();
    const runner = new RunnerProcess(isolation);
    this.starts += 1;
    // Should the grader be told to stop (Ctrl+C), the kept runner stops with it.
    this.kept = { runner, fit: `${isolation}\n${fit}`, undo: onAbort(() => runner.dispose()) };
    return runner;
  }

  /** Stops the kept runner: the next round starts a new one. Its owner calls it when it is done. */
  discard(): void {
    if (!this.kept) return;
    this.kept.undo();
    this.kept.runner.dispose();
    this.kept = null;
  }
}
