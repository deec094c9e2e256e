/** Grades many targets in one run (engine gradeMany) in a child process with a learner's clean environment. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/paths';
import type { ManyGradeOptions } from '../../grader/engine/grade';
import type { GradeReport } from '../../grader/engine/results';
import { cleanEnv, type Env } from './cli';

export async function gradeManyInChild(job: Omit<ManyGradeOptions, 'onEvent'>, env: Env = cleanEnv()): Promise<GradeReport[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', 'grade-many-main.ts')], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  child.stdin.end(JSON.stringify(job));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    return JSON.parse(stdout) as GradeReport[];
  } catch {
    throw new Error(`gradeMany's child printed no reports (exit ${status}):\n${stdout.slice(0, 2000)}\n--- stderr ---\n${stderr}`);
  }
}
