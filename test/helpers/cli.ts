/** Runs the grader CLI as a learner would, in a child process with a clean environment. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/paths';
import type { GradeReport } from '../../grader/engine/results';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The environment a learner's shell would have: none of the Vitest variables of the suite running us. */
/** An environment for a child process (not NodeJS.ProcessEnv: @remix-run/node's globals make NODE_ENV required there). */
export type Env = Record<string, string | undefined>;

export function cleanEnv(extra: Record<string, string> = {}): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|GRADER_|NO_COLOR|FORCE_COLOR|TEST$|NODE_ENV$)/.test(key)) env[key] = value;
  }
  return { ...env, GRADER_STATE_DIR: mkdtempSync(join(tmpdir(), 'grader-state-')), ...extra };
}

/** `repo` runs the grader of another copy of the course, from that copy. */
export function runCli(args: readonly string[], options: { env?: Env; input?: string; timeoutMs?: number; repo?: string } = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const root = options.repo ?? REPO_ROOT;
    const child = spawn(process.execPath, [join(root, 'grader/cli/grade.mjs'), ...args], {
      cwd: root,
      env: (options.env ?? cleanEnv()) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`grader ${args.join(' ')} did not finish within ${options.timeoutMs ?? 1_500_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 1_500_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function gradeJson(args: readonly string[], env?: Env, repo?: string): Promise<{ run: CliRun; report: GradeReport }> {
  const run = await runCli([...args, '--json'], { ...(env ? { env } : {}), ...(repo ? { repo } : {}) });
  try {
    return { run, report: JSON.parse(run.stdout) as GradeReport };
  } catch {
    throw new Error(`--json printed something that is not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\n--- stderr ---\n${run.stderr.slice(0, 2000)}`);
  }
}
