/**
 * One runner process (grader/engine/runner.mjs): its own folder (the progress log, and the
 * temporary folder of everything it starts), the jobs it is sent, what it wrote to stderr,
 * and how it is stopped. It runs one job (a round of a grade) after another until it is
 * stopped (engine/warm-runner.ts decides for how long it is kept).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerCommand, type Isolation } from '../harness/sandbox';
import { GRADER_DIR, PROGRESS_ENV } from './paths';
import { killGroup, OWN_GROUP } from './process-group';
import type { RunnerJob } from './runner-main';

const STDERR_KEPT = 64 * 1024;
const RUNNER = join(GRADER_DIR, 'engine', 'runner.mjs');

export class RunnerProcess {
  /** Every job's progress lines go here, each job signed with its own key. */
  readonly progressFile: string;
  /** The keys of the jobs sent so far, oldest first. */
  readonly keys: string[] = [];
  readonly closed: Promise<void>;
  private readonly folder: string;
  private readonly child: ChildProcess;
  private stderr = '';
  private ended = false;

  constructor(isolation: Isolation) {
    this.folder = mkdtempSync(join(tmpdir(), 'grader-'));
    this.progressFile = join(this.folder, 'progress.jsonl');
    writeFileSync(this.progressFile, '');
    // Everything the runner writes to a temporary folder (Vitest's, the subjects' homes and compile cache)
    // goes inside its own folder, removed with it however it ends.
    const tmp = join(this.folder, 'tmp');
    mkdirSync(tmp);
    const runner = runnerCommand([process.execPath, RUNNER], isolation);
    const env: Record<string, string | undefined> = { ...process.env, ...runner.env, [PROGRESS_ENV]: this.progressFile, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
    // Jobs (with their signing keys) go through a pipe: no file or environment variable holds a key.
    this.child = spawn(runner.command, runner.args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], ...OWN_GROUP });
    this.child.stdin?.on('error', () => undefined);
    this.child.stdout?.resume(); // output that bypasses console: drained, not shown
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    this.closed = new Promise<void>((resolve) => {
      this.child.on('error', () => resolve());
      this.child.on('close', () => resolve());
    }).then(() => {
      this.ended = true;
    });
  }

  /** True once the process has ended (by itself, or stopped). */
  get isClosed(): boolean {
    return this.ended;
  }

  /** Where the next job's lines will start in the progress log. */
  logEnd(): number {
    try {
      return statSync(this.progressFile).size;
    } catch {
      return 0;
    }
  }

  send(job: RunnerJob): void {
    this.keys.push(job.key);
    this.child.stdin?.write(`${JSON.stringify(job)}\n`);
  }

  /** What it wrote to stderr since the last call (out-of-memory reports land there). */
  takeStderr(): string {
    const taken = this.stderr;
    this.stderr = '';
    return taken;
  }

  /** Stops the runner, its workers and whatever they started without leaving its group, and removes its folder. */
  dispose(): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
