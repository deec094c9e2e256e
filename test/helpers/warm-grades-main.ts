/**
 * A child process for the course's own checks of the kept runner (engine/warm-runner.ts):
 * grades each target in turn through one WarmRunner, as watch mode grades save after save,
 * then each distinct target again with a runner of its own, and prints both as JSON, with
 * how many runners the kept one had started after each grade.
 */
import { grade } from '../../grader/engine/grade';
import { abortAll } from '../../grader/engine/on-abort';
import type { GradeReport } from '../../grader/engine/results';
import { WarmRunner } from '../../grader/engine/warm-runner';

export interface WarmJob {
  readonly targets: readonly string[];
  readonly exercises: readonly string[];
  readonly timeLimitMs: number;
}

export interface WarmResult {
  /** In the order of the job's targets. */
  readonly warm: readonly GradeReport[];
  /** The runners started by then, after each warm grade. */
  readonly starts: readonly number[];
  /** By target folder: its grade with a runner of its own. */
  readonly alone: Readonly<Record<string, GradeReport>>;
}

// Told to stop (test/helpers/grade-many.ts, on its limit): what the grades started is stopped first.
process.once('SIGTERM', () => {
  abortAll();
  process.exit(1);
});

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const job = JSON.parse(input) as WarmJob;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const runner = new WarmRunner();
const warm: GradeReport[] = [];
const starts: number[] = [];
for (const target of job.targets) {
  warm.push(await grade({ target, exercises: job.exercises, timeLimitMs: job.timeLimitMs, runner }));
  starts.push(runner.starts);
}
runner.discard();
const alone: Record<string, GradeReport> = {};
for (const target of new Set(job.targets)) alone[target] = await grade({ target, exercises: job.exercises, timeLimitMs: job.timeLimitMs });
const result: WarmResult = { warm, starts, alone };
write(`${JSON.stringify(result)}\n`, () => process.exit(0));
