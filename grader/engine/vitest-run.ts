/**
 * Runs graded test files and returns what was observed. Vitest runs in a
 * runner child process (grader/engine/runner.mjs) with one worker process per
 * test file; everything anyone sees goes into a progress log that this module
 * reads. A watchdog stops workers that hang. If the runner itself dies (code
 * under test killed its parent), the files that did not finish run again, the
 * ones in flight each on their own, so only the culprit loses its results.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../harness/progress';
import type { Isolation } from '../harness/sandbox';
import { onAbort } from './on-abort';
import { killGroup } from './process-group';
import type { RunnerJob } from './runner-main';
import type { WarmRunner } from './warm-runner';
import { readProgress, Watchdog, type LogRegion } from './watchdog';
import { observe, type RunObservation } from './observe';
import { runFile, splitRunFile } from './run-file';
import { currentChecksums } from './integrity';

export type { RunObservation } from './observe';

/** One target of a run: its label (engine/run-file.ts), its staged folder, and the graded test files to run for it. */
export interface RunTarget {
  readonly label: string;
  readonly dir: string;
  readonly files: readonly string[];
}

export interface RunOptions {
  readonly testNames?: readonly string[];
  readonly targets: readonly RunTarget[];
  /** A test file's time limit, by its path. */
  readonly limitFor: (file: string) => number;
  /** The course's checksums as the grade started: what workers may load (engine/load-check.ts). */
  readonly checksums: Readonly<Record<string, string>>;
  /** The whole grade's wall-clock budget: when it is spent, everything still running is stopped. */
  readonly deadline?: { readonly at: number; readonly ms: number };
  /** How the code under test is kept apart, decided once for the grade. */
  readonly isolation: Isolation;
  /** Told of each signed progress event soon after it is written (the watchdog's poll); files in it are run files. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Where the rounds' runner comes from: kept between grades (watch mode), or the grade's own,
   * started early (engine/grade.ts starts it before staging, so its start overlaps the staging).
   */
  readonly runners: WarmRunner;
}

/** What one run observed: each target's observation apart, and what belongs to the run as a whole. */
export interface RunResult {
  /** By target label; the files in each are test file paths again. */
  readonly targets: ReadonlyMap<string, RunObservation>;
  /** Lines in the progress logs that the run did not sign: written by something else, and thrown away. */
  readonly forgedProgressLines: number;
  /** Course files that differed from their checksums when a worker loaded them (or before a round): not run. */
  readonly tamperedAtLoad: readonly string[];
  /** Test files with an error that Vitest reported by path alone, and that ran for more than one target: whose it was is unknown. */
  readonly unattributed: readonly string[];
}

interface Round {
  readonly events: readonly ProgressEvent[];
  readonly stopped: ReadonlyMap<string, { readonly limitMs: number }>;
  /** Files whose worker the watchdog found gone (the code under test killed it). */
  readonly died: ReadonlySet<string>;
  readonly completed: boolean;
  /** The end of what the runner and its workers wrote to stderr (out-of-memory reports land there). */
  readonly stderr: string;
  /** Lines in the progress log that the run did not sign: written by something else, and thrown away. */
  readonly forged: number;
  /** The grade's deadline passed during this round, which was stopped. */
  readonly expired: boolean;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The run files of one round, grouped into the projects the runner makes: one per target. */
function projectsOf(files: readonly string[], options: RunOptions): RunnerJob['targets'] {
  const dirs = new Map(options.targets.map((t) => [t.label, t.dir]));
  const byLabel = new Map<string, string[]>();
  for (const file of files) {
    const { label, path } = splitRunFile(file) as { label: string; path: string };
    byLabel.set(label, [...(byLabel.get(label) ?? []), path]);
  }
  return [...byLabel].map(([label, paths]) => ({ label, dir: dirs.get(label) as string, files: paths }));
}

const limitOf = (options: RunOptions) => (file: string): number => options.limitFor(splitRunFile(file)?.path ?? file);

/**
 * What a runner's set-up depends on: the course's checksums (its load check is armed with them)
 * and the targets' labels (its projects). A kept runner serves only rounds of the same.
 */
export function runnerFit(checksums: Readonly<Record<string, string>>, labels: readonly string[]): string {
  return `${createHash('sha256').update(JSON.stringify(checksums)).digest('hex')}\n${[...labels].sort().join(',')}`;
}

async function runRound(files: readonly string[], options: RunOptions): Promise<Round> {
  const targets = projectsOf(files, options);
  const runners = options.runners;
  const runner = runners.take(options.isolation, runnerFit(options.checksums, targets.map((t) => t.label)));
  const key = randomBytes(32).toString('hex');
  const job: RunnerJob = {
    targets,
    testNamePattern: options.testNames ? `^(${options.testNames.map(escape).join('|')})$` : null,
    progressFile: runner.progressFile,
    key,
    checksums: options.checksums,
    limits: Object.fromEntries(options.targets.flatMap((t) => t.files.map((file) => [file, options.limitFor(file)]))),
  };
  const region: LogRegion = { file: runner.progressFile, offset: runner.logEnd(), key, earlier: [...runner.keys] };
  runner.takeStderr(); // a kept runner's earlier grades wrote theirs before this one
  let ended: () => void = () => undefined;
  const runEnded = new Promise<void>((resolve) => (ended = resolve));
  const watchdog = new Watchdog(region, limitOf(options), (event) => {
    if (event.kind === 'run-end') ended();
    options.onProgress?.(event);
  });
  // What the round started for the code under test: each process group a worker started (the runner's own
  // group, with its workers and whatever they started without leaving it, goes when the runner does).
  const stopSubjects = (): void => {
    for (const event of readProgress(region).events) if (event.kind === 'subject') killGroup(event.subject);
  };
  const stopAll = (): void => {
    runners.discard();
    stopSubjects();
  };
  let expired = false;
  const deadlineTimer = options.deadline
    ? setTimeout(() => {
        expired = true;
        stopAll();
      }, Math.max(0, options.deadline.at - Date.now()))
    : undefined;
  const done = onAbort(stopAll);
  try {
    runner.send(job);
    // The runner says in the log that its job is done, and waits for the next; or it ends before (killed).
    await Promise.race([runEnded, runner.closed]);
  } finally {
    clearTimeout(deadlineTimer);
    watchdog.dispose();
    stopSubjects();
    done();
  }
  const { events, rejected } = readProgress(region);
  const completed = events.some((e) => e.kind === 'run-end');
  const stderr = runner.takeStderr();
  // GRADER_DEBUG_DIR keeps each round's event log and the runner's stderr, for whoever debugs the grader.
  const debugDir = process.env.GRADER_DEBUG_DIR;
  if (debugDir) {
    const stamp = `${Date.now()}-${process.pid}`;
    writeFileSync(join(debugDir, `progress-${stamp}.jsonl`), events.map((e) => JSON.stringify(e)).join('\n'));
    writeFileSync(join(debugDir, `stderr-${stamp}.txt`), stderr);
  }
  // A runner that did not finish its round (the code under test ended it, or time ran out) is not kept.
  if (!completed || expired) runners.discard();
  return { events, stopped: watchdog.stopped, died: watchdog.died, completed, stderr, forged: rejected, expired };
}

const fileOf = (event: ProgressEvent): string | null | undefined => ('file' in event ? event.file : undefined);

/** The events of one target, with its run files named by their paths again; events of no file are everyone's. */
export function eventsOfTarget(label: string, events: readonly ProgressEvent[]): ProgressEvent[] {
  const kept: ProgressEvent[] = [];
  for (const event of events) {
    if (!('file' in event) || event.file === null || event.file === undefined || event.kind === 'tampered') {
      kept.push(event);
      continue;
    }
    const split = splitRunFile(event.file);
    if (split === null) kept.push(event); // named by path alone (an unhandled error): checked by the caller
    else if (split.label === label) kept.push({ ...event, file: split.path } as ProgressEvent);
  }
  return kept;
}

function byPathOf<V>(label: string, entries: Iterable<readonly [string, V]>): Map<string, V> {
  const kept = new Map<string, V>();
  for (const [file, value] of entries) {
    const split = splitRunFile(file);
    if (split?.label === label) kept.set(split.path, value);
  }
  return kept;
}

export async function runGradedTests(options: RunOptions): Promise<RunResult> {
  const kept: ProgressEvent[] = [];
  const stopped = new Map<string, { limitMs: number }>();
  const runnerDeaths = new Map<string, string>();
  const workerDeaths = new Set<string>();
  const overDeadline = new Set<string>();
  let stderr = '';
  let forged = 0;
  const everyFile = options.targets.flatMap((t) => t.files.map((path) => runFile(t.label, path)));
  const queue: string[][] = everyFile.length > 0 ? [everyFile] : [];

  const changedBeforeRound: string[] = [];
  let rounds = 0;
  while (queue.length > 0) {
    const group = queue.shift() as string[];
    // A second round starts a new runner, after learner code has run: its modules must still be the ones checked.
    if (rounds++ > 0) {
      const now = currentChecksums();
      const changed = Object.keys(options.checksums).filter((f) => f.startsWith('grader/') && now[f] !== options.checksums[f]);
      if (changed.length > 0) {
        changedBeforeRound.push(...changed);
        for (const file of group) runnerDeaths.set(file, "the grader's own files changed during the grade, so it did not run this file again");
        continue;
      }
    }
    if (options.deadline && Date.now() >= options.deadline.at) {
      for (const file of group) overDeadline.add(file);
      continue;
    }
    const round = await runRound(group, options);
    stderr += round.stderr;
    forged += round.forged;
    for (const [file, stop] of round.stopped) stopped.set(file, stop);
    const ended = new Set(round.events.flatMap((e) => (e.kind === 'module-end' ? [e.file] : [])));
    const unfinished = round.completed ? [] : group.filter((f) => !ended.has(f) && !round.stopped.has(f));
    if (round.expired) {
      // Out of time: what finished counts, what did not is reported as such and never run again.
      kept.push(...round.events);
      for (const file of group.filter((f) => !ended.has(f) && !round.stopped.has(f))) overDeadline.add(file);
      continue;
    }
    const keep = (file: string | null | undefined): boolean => file === undefined || file === null || !unfinished.includes(file);

    for (const file of round.died) if (!ended.has(file)) workerDeaths.add(file);
    if (round.completed) {
      // Vitest finished, but a file that started never ended: its worker process died under it.
      const started = new Set(round.events.flatMap((e) => (e.kind === 'module-start' ? [e.file] : [])));
      for (const file of group.filter((f) => started.has(f) && !ended.has(f) && !round.stopped.has(f))) {
        workerDeaths.add(file);
      }
    }
    if (unfinished.length === 0 || group.length === 1) {
      kept.push(...round.events);
      for (const file of unfinished) {
        runnerDeaths.set(file, "the code under test ended the grader's test runner (its parent process), so the grader ran this file again on its own, and it did the same");
      }
      continue;
    }
    kept.push(...round.events.filter((e) => keep(fileOf(e))));
    const started = new Set(round.events.flatMap((e) => (e.kind === 'module-start' ? [e.file] : [])));
    for (const file of unfinished.filter((f) => started.has(f))) queue.push([file]);
    const notStarted = unfinished.filter((f) => !started.has(f));
    if (notStarted.length > 0) queue.push(notStarted);
  }
  const tampered = [...new Set([...kept.flatMap((e) => (e.kind === 'tampered' ? [e.file] : [])), ...changedBeforeRound])];
  const byPath = kept.flatMap((e) => (e.kind === 'unhandled' && e.file !== undefined && splitRunFile(e.file) === null ? [e.file] : []));
  const targets = new Map<string, RunObservation>();
  for (const { label } of options.targets) {
    const late = byPathOf(label, [...overDeadline].map((f) => [f, true] as const));
    targets.set(label, {
      ...observe(eventsOfTarget(label, kept), {
        stopped: byPathOf(label, stopped),
        runnerDeaths: byPathOf(label, runnerDeaths),
        workerDeaths: new Set(byPathOf(label, [...workerDeaths].map((f) => [f, true] as const)).keys()),
        stderr,
      }),
      ...(options.deadline && late.size > 0 ? { overDeadline: { files: new Set(late.keys()), deadlineMs: options.deadline.ms } } : {}),
    });
  }
  return {
    targets,
    forgedProgressLines: forged,
    tamperedAtLoad: tampered,
    unattributed: options.targets.length > 1 ? [...new Set(byPath)] : [],
  };
}
