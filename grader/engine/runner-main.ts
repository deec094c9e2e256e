/**
 * Runs one Vitest run as the job describes, reporting only into the progress log: one Vitest
 * project per target (engine/run-file.ts), each running its test files with its own target.
 */
import { join, relative, sep } from 'node:path';
import { startVitest } from 'vitest/node';
import { appendProgress, PROGRESS_KEY, setProgressKey, TIME_LIMITS_KEY } from '../harness/progress';
import { progressReporter } from './collector';
import { loadCheck } from './load-check';
import { GRADER_DIR, GRADER_EXERCISES_DIR, TARGET_ENV } from './paths';
import { RUN_LABEL_ENV } from './run-file';
import gradedConfig from '../vitest.config';

export interface RunnerJob {
  /** Each target's label, staged folder, and the test files (paths) to run for it. */
  readonly targets: ReadonlyArray<{ readonly label: string; readonly dir: string; readonly files: readonly string[] }>;
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

const onTampered = (file: string): void => appendProgress(job.progressFile, { kind: 'tampered', file });
// The graded tests' own configuration (its root is given as a path here, and each project lists its own files).
const { root: _root, include: _include, ...testOptions } = gradedConfig.test ?? {};
const projects = job.targets.map((target) => ({
  ...gradedConfig,
  root: GRADER_EXERCISES_DIR,
  plugins: [loadCheck(job.checksums, onTampered)],
  test: {
    ...testOptions,
    name: target.label,
    include: target.files.map((file) => relative(GRADER_EXERCISES_DIR, file).split(sep).join('/')),
    env: { [TARGET_ENV]: target.dir, [RUN_LABEL_ENV]: target.label },
  },
}));

const vitest = await startVitest(
  'test',
  [],
  {
    config: join(GRADER_DIR, 'vitest.config.ts'),
    projects,
    watch: false,
    reporters: [progressReporter(job.progressFile)],
    passWithNoTests: true,
    provide: { [PROGRESS_KEY]: job.key, [TIME_LIMITS_KEY]: job.limits },
    ...(job.testNamePattern ? { testNamePattern: job.testNamePattern } : {}),
  },
  {
    server: { watch: null },
    plugins: [loadCheck(job.checksums, onTampered)],
  },
);
await vitest.close();
appendProgress(job.progressFile, { kind: 'run-end' });
// Code under test may have left handles open in this process; the results are written.
process.exit(0);
