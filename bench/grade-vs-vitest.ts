/**
 * npm run bench [-- --runs N]
 *
 * How much does grading cost over a plain `vitest run` of the same test files?
 * Both run as child processes, alternately, N times each after one warm-up
 * each, in this one run; the table gives medians and their ratio.
 *
 * And how long does a submission that hangs keep a grade? Exercise 01 with a
 * server whose start never settles (test/fixtures/hostile.ts), against the
 * same exercise solved, both with --time-limit 3000: every test of the hanging
 * one waits out its own wait, so the ratio says what a hang costs an instructor.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
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
table('Grading the solutions', overhead, measure(overhead));

const hang = HOSTILE_KINDS.find((k) => k.name === 'a promise that never settles');
if (!hang) throw new Error('test/fixtures/hostile.ts no longer has "a promise that never settles"');
const hangDir = hostileTarget(hang, { busyPort: 1, hostPort: 1 });
try {
  const limit = ['--time-limit', '3000', '--json'];
  const solved: Contender = { name: `grade 01 solved (baseline)`, args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--solutions', ...limit] };
  const hanging: Contender = { name: 'grade 01 whose server never starts', args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--target', hangDir, ...limit], status: 1 };
  table('A hanging submission against a solved one', [solved, hanging], measure([solved, hanging]));
} finally {
  rmSync(hangDir, { recursive: true, force: true });
}
