import { readFileSync } from 'node:fs';
import type { ProgressEvent } from '../harness/progress';
import { killTree } from './process-tree';

export function readProgress(progressFile: string): ProgressEvent[] {
  let text = '';
  try {
    text = readFileSync(progressFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as ProgressEvent];
      } catch {
        return []; // a line cut short by a kill
      }
    });
}

/**
 * Gives each test file a wall-clock limit. A file that overruns it is stopped by
 * killing the process tree of the worker running it (and only that worker, so
 * files running beside it keep going). Vitest then finishes the run without it.
 */
export class Watchdog {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  readonly stopped = new Map<string, { readonly limitMs: number }>();

  constructor(
    private readonly progressFile: string,
    private readonly limitFor: (file: string) => number,
  ) {}

  fileStarted(file: string): void {
    const limitMs = this.limitFor(file);
    this.timers.set(file, setTimeout(() => this.stop(file, limitMs, 0), limitMs));
  }

  fileEnded(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private stop(file: string, limitMs: number, attempt: number): void {
    const worker = readProgress(this.progressFile)
      .filter((e) => e.kind === 'worker' && e.file === file)
      .pop();
    if (!worker) {
      // The worker has not said which file it runs yet; look again shortly.
      if (attempt < 20) this.timers.set(file, setTimeout(() => this.stop(file, limitMs, attempt + 1), 100));
      return;
    }
    this.stopped.set(file, { limitMs });
    killTree(worker.pid);
  }
}
