/** Runs the engine in a child process with a learner's clean environment: many targets in one run, or grades in a row through one kept runner. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/paths';
import type { ManyGradeOptions } from '../../grader/engine/grade';
import type { GradeReport } from '../../grader/engine/results';
import { cleanEnv, type Env } from './cli';
import type { WarmJob, WarmResult } from './warm-grades-main';

/** By default, a child's limit: shorter than the 600 s test timeouts of the suites that call these. */
const CHILD_LIMIT_MS = 570_000;

async function inChild<T>(main: string, job: unknown, env: Env, limitMs: number): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', main)], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  child.stdin.end(JSON.stringify(job));
  // A child that hangs is told to stop (it stops what its grades started, then ends), so it does not outlive its test.
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, limitMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(limit);
  if (timedOut) throw new Error(`${main} did not finish within ${Math.round(limitMs / 1000)} s, and was stopped:\n--- stderr ---\n${stderr}`);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${main} printed no reports (exit ${status}):\n${stdout.slice(0, 2000)}\n--- stderr ---\n${stderr}`);
  }
}

/** `limitMs`: when the child is stopped, to be shorter than the calling test's own timeout. */
export function gradeManyInChild(job: Omit<ManyGradeOptions, 'onEvent'>, env: Env = cleanEnv(), limitMs = CHILD_LIMIT_MS): Promise<GradeReport[]> {
  return inChild<GradeReport[]>('grade-many-main.ts', job, env, limitMs);
}

/** Grades the targets one after another through one kept runner (as watch mode does), then each on its own. */
export function gradeWarmInChild(job: WarmJob, env: Env = cleanEnv(), limitMs = CHILD_LIMIT_MS): Promise<WarmResult> {
  return inChild<WarmResult>('warm-grades-main.ts', job, env, limitMs);
}
