/** Runs one Vitest run as the job file describes, reporting only into the progress log. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startVitest } from 'vitest/node';
import { appendProgress } from '../harness/progress';
import { progressReporter } from './collector';
import { GRADER_DIR } from './paths';

export interface RunnerJob {
  readonly files: readonly string[];
  readonly testNamePattern: string | null;
  readonly progressFile: string;
}

const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as RunnerJob;

const vitest = await startVitest(
  'test',
  [...job.files],
  {
    config: join(GRADER_DIR, 'vitest.config.ts'),
    watch: false,
    reporters: [progressReporter(job.progressFile)],
    passWithNoTests: true,
    ...(job.testNamePattern ? { testNamePattern: job.testNamePattern } : {}),
  },
  { server: { watch: null } },
);
await vitest.close();
appendProgress(job.progressFile, { kind: 'run-end' });
// Code under test may have left handles open in this process; the results are written.
process.exit(0);
