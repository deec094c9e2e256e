/**
 * npm run bench [-- --runs N]
 *
 * How much does grading cost over a plain `vitest run` of the same test files?
 * Both run as child processes, alternately, N times each after one warm-up
 * each, in this one run; the table gives medians and their ratio.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, SOLUTIONS_DIR, TARGET_ENV } from '../grader/engine/paths';

interface Contender {
  readonly name: string;
  readonly args: readonly string[];
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
  if (result.status !== 0) {
    throw new Error(`${contender.name} exited ${result.status}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  return ms;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

timeOnce(baseline);
timeOnce(grader);
const times = new Map<Contender, number[]>([
  [baseline, []],
  [grader, []],
]);
for (let i = 0; i < RUNS; i++) {
  // Alternate which goes first, so neither always runs on a warmer machine.
  const order = i % 2 === 0 ? [baseline, grader] : [grader, baseline];
  for (const c of order) times.get(c)?.push(timeOnce(c));
  process.stderr.write(`run ${i + 1}/${RUNS} done\n`);
}

const base = median(times.get(baseline) ?? []);
const rows = [baseline, grader].map((c) => {
  const xs = times.get(c) ?? [];
  return { name: c.name, median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
});
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nGrading the solutions, ${RUNS} alternating runs each (after one warm-up each), Node ${process.version}\n`);
console.log('| command | median | min | max | ratio to baseline |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${(r.median / base).toFixed(2)} |`);
