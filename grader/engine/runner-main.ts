/**
 * The runner: one Vitest instance, with one Vitest project per target (engine/run-file.ts),
 * that runs the jobs it is sent on standard input, one JSON line each, reporting only into
 * each job's progress log, until it is stopped or its input ends. A one-shot grade sends it
 * one job per round; watch mode keeps it (engine/warm-runner.ts) and sends a job per save, so
 * Vite's transforms of the course's files and Vitest's set-up are paid once. Every job still
 * runs each test file in a worker process of its own, with fresh subjects: nothing of a job's
 * code under test outlives it.
 */
import { createInterface } from 'node:readline';
import { join, relative, sep } from 'node:path';
import { createVitest, type Vitest } from 'vitest/node';
import { appendProgress, PROGRESS_KEY, setProgressKey, TARGET_DIR_KEY, TIME_LIMITS_KEY } from '../harness/progress';
import { progressReporter } from './collector';
import { loadCheck } from './load-check';
import { GRADER_DIR, GRADER_EXERCISES_DIR } from './paths';
import { RUN_LABEL_ENV } from './run-file';
import gradedConfig from '../vitest.config';

export interface RunnerJob {
  /** Each target's label, staged folder, and the test files (paths) to run for it. */
  readonly targets: ReadonlyArray<{ readonly label: string; readonly dir: string; readonly files: readonly string[] }>;
  readonly testNamePattern: string | null;
  readonly progressFile: string;
  /** Signs every progress line (harness/progress.ts); given to the workers through Vitest's provide/inject. */
  readonly key: string;
  /** The checksums of the course's files as the runner started (grader/integrity.json, read before any learner code ran). */
  readonly checksums: Readonly<Record<string, string>>;
  /** Each test file's time limit: how long its subject may stay silent before it counts as blocked. */
  readonly limits: Readonly<Record<string, number>>;
}

/** The job being run: where the reporter and the load check write. */
let current: RunnerJob | null = null;
const progressFile = (): string => (current as RunnerJob).progressFile;
const onTampered = (file: string): void => appendProgress(progressFile(), { kind: 'tampered', file });

function projectsOf(job: RunnerJob) {
  // The graded tests' own configuration (its root is given as a path here, and each job names its own files).
  const { root: _root, include: _include, ...testOptions } = gradedConfig.test ?? {};
  return job.targets.map((target) => ({
    ...gradedConfig,
    root: GRADER_EXERCISES_DIR,
    plugins: [loadCheck(job.checksums, onTampered)],
    test: {
      ...testOptions,
      name: target.label,
      include: target.files.map((file) => relative(GRADER_EXERCISES_DIR, file).split(sep).join('/')),
      env: { [RUN_LABEL_ENV]: target.label },
    },
  }));
}

async function start(job: RunnerJob): Promise<Vitest> {
  const vitest = await createVitest(
    'test',
    {
      config: join(GRADER_DIR, 'vitest.config.ts'),
      projects: projectsOf(job),
      watch: false,
      reporters: [progressReporter(progressFile)],
      passWithNoTests: true,
    },
    { server: { watch: null }, plugins: [loadCheck(job.checksums, onTampered)] },
  );
  await vitest.standalone();
  return vitest;
}

async function run(vitest: Vitest, job: RunnerJob): Promise<void> {
  current = job;
  setProgressKey(job.key);
  vitest.provide(PROGRESS_KEY, job.key);
  vitest.provide(TIME_LIMITS_KEY, job.limits);
  if (job.testNamePattern) vitest.setGlobalTestNamePattern(job.testNamePattern);
  else vitest.resetGlobalTestNamePattern();
  const specifications = job.targets.flatMap((target) => {
    // A target's folder changes from job to job (each grade stages its own copy): its workers read it from here.
    const project = vitest.getProjectByName(target.label);
    project.provide(TARGET_DIR_KEY, target.dir);
    return target.files.map((file) => project.createSpecification(file));
  });
  await vitest.runTestSpecifications(specifications, true);
  appendProgress(job.progressFile, { kind: 'run-end' });
}

let vitest: Vitest | null = null;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const job = JSON.parse(line) as RunnerJob;
  // The first job's targets are the projects; the engine sends a kept runner only jobs of the same targets.
  vitest ??= await start(job);
  await run(vitest, job);
}
await vitest?.close();
// The workers are gone and the results written; nothing else is worth waiting for.
process.exit(0);
