import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { verifiedEvents, type ProgressEvent } from '../harness/progress';
import { killGroup, killOne, processAlive } from './process-group';

/** Where one grade's lines are in a progress log: from `offset` on, signed with `key` (`earlier`: the keys of grades before it in the same log). */
export interface LogRegion {
  readonly file: string;
  readonly offset: number;
  readonly key: string;
  readonly earlier: readonly string[];
}

/** The signed events of a grade's region of a progress log, and how many lines in it were not signed by the grade. */
export function readProgress(region: LogRegion): { events: ProgressEvent[]; rejected: number } {
  try {
    const text = readFileSync(region.file).subarray(region.offset).toString('utf8');
    return verifiedEvents(text, region.key, region.earlier);
  } catch {
    return { events: [], rejected: 0 };
  }
}

const POLL_MS = 100;

/**
 * Stops test workers whose event loop is blocked. Workers log a heartbeat
 * twice a second, and every test's start and end; a file whose worker has
 * logged nothing for its limit is stuck in synchronous code (which cannot be
 * interrupted from inside), so the watchdog kills that worker and the
 * processes it started for the code under test, and only them: files running
 * beside it keep going and Vitest finishes the run.
 *
 * Waiting is not blocking: a test that awaits something that never comes is
 * ended by Vitest's own test timeout, and a long build in a hook keeps beating.
 */
export class Watchdog {
  private readonly active = new Map<string, { lastSign: number; limitMs: number }>();
  private readonly pids = new Map<string, number>();
  /** Per worker pid, the process groups it started for the code under test. */
  private readonly subjects = new Map<number, number[]>();
  private readonly timer: NodeJS.Timeout;
  private offset: number;
  private partial = '';
  readonly stopped = new Map<string, { readonly limitMs: number }>();
  /** Files whose worker went silent because it no longer exists: killed or crashed, not hung. */
  readonly died = new Set<string>();

  constructor(
    private readonly region: LogRegion,
    private readonly limitFor: (file: string) => number,
    /** Told of each signed event as the poll finds it. */
    private readonly onEvent: (event: ProgressEvent) => void = () => undefined,
  ) {
    this.offset = region.offset;
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  /** Stops watching; what was logged since the last poll still reaches onEvent. */
  dispose(): void {
    clearInterval(this.timer);
    for (const event of this.readNew()) this.onEvent(event);
  }

  private poll(): void {
    const now = Date.now();
    for (const event of this.readNew()) {
      this.onEvent(event);
      if (event.kind === 'subject') this.subjects.set(event.pid, [...(this.subjects.get(event.pid) ?? []), event.subject]);
      if (!('file' in event) || !event.file) continue;
      if (event.kind === 'module-start') this.active.set(event.file, { lastSign: now, limitMs: this.limitFor(event.file) });
      else if (event.kind === 'module-end') this.active.delete(event.file);
      else if (event.kind === 'worker') this.pids.set(event.file, event.pid);
      const watched = this.active.get(event.file);
      if (watched) watched.lastSign = now;
    }
    for (const [file, watched] of this.active) {
      const pid = this.pids.get(file);
      if (now - watched.lastSign < watched.limitMs || pid === undefined) continue;
      this.active.delete(file);
      if (processAlive(pid)) this.stopped.set(file, { limitMs: watched.limitMs });
      else this.died.add(file);
      // The worker alone (files beside it share its runner's group), then what it started for the code under test.
      killOne(pid);
      for (const subject of this.subjects.get(pid) ?? []) killGroup(subject);
    }
  }

  /** Progress lines appended since the last poll. */
  private readNew(): ProgressEvent[] {
    let fd: number;
    try {
      fd = openSync(this.region.file, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.partial + buffer.toString('utf8');
      const cut = text.lastIndexOf('\n');
      this.partial = text.slice(cut + 1);
      return verifiedEvents(text.slice(0, cut + 1), this.region.key, this.region.earlier).events;
    } finally {
      closeSync(fd);
    }
  }
}
