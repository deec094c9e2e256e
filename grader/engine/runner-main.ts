/** Runs one Vitest run as the job file describes, reporting only into the progress log. */
import { join } from 'node:path';
import { startVitest } from 'vitest/node';
import { appendProgress, PROGRESS_KEY, setProgressKey, TIME_LIMITS_KEY } from '../harness/progress';
import { progressReporter } from './collector';
import { loadCheck } from './load-check';
import { GRADER_DIR } from './paths';

export interface RunnerJob {
  readonly files: readonly string[];
  readonly testNamePattern: string | null;
  readonly progressFile: string;
  /** Signs every progress line (harness/progress.ts); given to the workers through Vitest's provide/inject. */
  readonly key: string;
  /** The checksums of the course's files as the grade started (grader/integrity.json, read before any learner code ran). */
  readonly checksums: Readonly<Record<string, string>>;
  /** Each test file's time limit: how long its subject may stay silent before it counts as blocked. */
  readonly limits: Readonly<Record<string, number>>;
}

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const job = JSON.parse(input) as RunnerJob;
setProgressKey(job.key);

const vitest = await startVitest(
  'test',
  [...job.files],
  {
    config: join(GRADER_DIR, 'vitest.config.ts'),
    watch: false,
    reporters: [progressReporter(job.progressFile)],
    passWithNoTests: true,
    provide: { [PROGRESS_KEY]: job.key, [TIME_LIMITS_KEY]: job.limits },
    ...(job.testNamePattern ? { testNamePattern: job.testNamePattern } : {}),
  },
  {
    server: { watch: null },
    plugins: [loadCheck(job.checksums, (file) => appendProgress(job.progressFile, { kind: 'tampered', file }))],
  },
);
await vitest.close();
appendProgress(job.progressFile, { kind: 'run-end' });
// Code under test may have left handles open in this process; the results are written.
process.exit(0);
