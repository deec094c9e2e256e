/**
 * npm run bench [-- --runs N] [--targets N] [--only overhead|class|hang]
 *
 * How much does grading cost over a plain `vitest run` of the same test files?
 * Both run as child processes, alternately, N times each after one warm-up
 * each, in this one run; the table gives medians and their ratio.
 *
 * What does a class cost, graded in one run? N copies of exercise 01 solved
 * (--targets N, 20 by default) as `npm run grade -- batch`, against the same N
 * graded one by one: the time per target, and its ratio (the goal is 0.5 or less).
 *
 * And how long does a submission that hangs keep a grade? Exercise 01 with a
 * server whose start never settles (test/fixtures/hostile.ts), against the
 * same exercise solved, both with --time-limit 3000: every test of the hanging
 * one waits out its own wait, so the ratio says what a hang costs an instructor.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT, SOLUTIONS_DIR, TARGET_ENV } from '../grader/engine/paths';
import { HOSTILE_KINDS, hostileTarget } from '../test/fixtures/hostile';

interface Contender {
  readonly name: string;
  readonly args: readonly string[];
  /** The exit status that means it ran as meant (a failing grade exits 1). */
  readonly status?: number;
}

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number, at least 1');

const targetsArg = process.argv.indexOf('--targets');
const TARGETS = targetsArg > 0 ? Number(process.argv[targetsArg + 1]) : 20;
if (!Number.isInteger(TARGETS) || TARGETS < 2) throw new Error('--targets takes a whole number, at least 2');

const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : null;
const SECTIONS = ['overhead', 'class', 'hang'];
if (ONLY !== null && !SECTIONS.includes(ONLY ?? '')) throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
const wanted = (section: string): boolean => ONLY === null || ONLY === section;

const env: Record<string, string | undefined> = { ...process.env, [TARGET_ENV]: SOLUTIONS_DIR, NO_COLOR: '1' };
for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];

const baseline: Contender = {
  name: 'vitest run (baseline)',
  args: [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'grader/vitest.config.ts'],
};
const grader: Contender = {
  name: 'npm run grade -- --solutions --json',
  args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '--solutions', '--json'],
};

function timeOnce(contender: Contender): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, contender.args, { cwd: REPO_ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== (contender.status ?? 0)) {
    throw new Error(`${contender.name} exited ${result.status}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  return ms;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function measure(contenders: readonly Contender[]): Map<Contender, number[]> {
  for (const c of contenders) timeOnce(c);
  const times = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) times.get(c)?.push(timeOnce(c));
    process.stderr.write(`run ${i + 1}/${RUNS} done\n`);
  }
  return times;
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function table(title: string, contenders: readonly Contender[], times: Map<Contender, number[]>): void {
  const base = median(times.get(contenders[0] as Contender) ?? []);
  console.log(`\n${title}, ${RUNS} alternating runs each (after one warm-up each), Node ${process.version}\n`);
  console.log('| command | median | min | max | ratio to baseline |');
  console.log('|---|---:|---:|---:|---:|');
  for (const c of contenders) {
    const xs = times.get(c) ?? [];
    console.log(`| ${c.name} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} | ${(median(xs) / base).toFixed(2)} |`);
  }
}

const overhead = [baseline, grader];
if (wanted('overhead')) table('Grading the solutions', overhead, measure(overhead));

const hang = HOSTILE_KINDS.find((k) => k.name === 'a promise that never settles');
if (!hang) throw new Error('test/fixtures/hostile.ts no longer has "a promise that never settles"');
if (wanted('hang')) {
  const hangDir = hostileTarget(hang, { busyPort: 1, hostPort: 1 });
  try {
    const limit = ['--time-limit', '3000', '--json'];
    const solved: Contender = { name: `grade 01 solved (baseline)`, args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--solutions', ...limit] };
    const hanging: Contender = {
      name: 'grade 01 whose server never starts',
      args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--target', hangDir, ...limit],
      status: 1,
    };
    table('A hanging submission against a solved one', [solved, hanging], measure([solved, hanging]));
  } finally {
    rmSync(hangDir, { recursive: true, force: true });
  }
}

// A class of N submissions, each exercise 01 solved.
const SLUG = '01-websocket-lifecycle';
if (wanted('class')) {
  const classDir = mkdtempSync(join(tmpdir(), 'bench-class-'));
  try {
    const names = Array.from({ length: TARGETS }, (_, i) => `student-${String(i + 1).padStart(2, '0')}`);
    for (const name of names) cpSync(join(SOLUTIONS_DIR, SLUG), join(classDir, name, SLUG), { recursive: true });
    const cli = join(REPO_ROOT, 'grader/cli/grade.mjs');
    const batch: Contender = { name: `batch of ${TARGETS}, one run`, args: [cli, 'batch', classDir, '01', '--json'] };
    const oneShots: Contender[] = names.map((name) => ({ name, args: [cli, '01', '--target', join(classDir, name), '--json'] }));
    timeOnce(oneShots[0] as Contender); // warm-up
    const oneByOne: number[] = [];
    const inOneRun: number[] = [];
    const rounds = Math.max(1, Math.min(RUNS, 2));
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? ['one-by-one', 'batch'] : ['batch', 'one-by-one'];
      for (const which of order) {
        if (which === 'batch') inOneRun.push(timeOnce(batch));
        else oneByOne.push(oneShots.reduce((sum, c) => sum + timeOnce(c), 0));
      }
      process.stderr.write(`class round ${i + 1}/${rounds} done\n`);
    }
    const per = (ms: number): string => fmt(ms / TARGETS);
    const base = median(oneByOne);
    console.log(
      `\nA class of ${TARGETS} submissions of exercise 01, ${rounds} alternating round${rounds === 1 ? '' : 's'} each (after one warm-up), Node ${
        process.version
      }\n`
    );
    console.log('| how | total (median) | per target | ratio to one by one |');
    console.log('|---|---:|---:|---:|');
    console.log(`| ${TARGETS} one-shot grades, one by one (baseline) | ${fmt(base)} | ${per(base)} | 1.00 |`);
    console.log(`| ${batch.name} | ${fmt(median(inOneRun))} | ${per(median(inOneRun))} | ${(median(inOneRun) / base).toFixed(2)} |`);
  } finally {
    rmSync(classDir, { recursive: true, force: true });
  }
}
