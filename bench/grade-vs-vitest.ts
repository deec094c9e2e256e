/**
 * npm run bench [-- --runs N] [--targets N] [--only overhead|watch|class|hang]
 *
 * How much does grading cost over a plain `vitest run` of the same test files?
 * Both run as child processes, alternately, N times each after one warm-up
 * each, in this one run; the table gives medians and their ratio. Each run
 * starts with an empty temporary folder, as a grade does: a grade compiles a
 * submission it has never seen (tsx's compile cache lives in the temporary
 * folder). A third row shows `vitest run` with the cache its last run left.
 *
 * What does a class cost, graded in one run? N copies of exercise 01 solved
 * (--targets N, 20 by default) as `npm run grade -- batch`, against the same N
 * graded one by one: the time per target, and its ratio (the goal is 0.5 or less).
 *
 * What does a save cost in watch mode? From the write of a learner file of
 * exercise 01 to its verdict on the screen of a running `npm run grade -- 01
 * --watch`, against a cold `npm run grade -- 01` of the same folder (the goal
 * is 0.3 or less).
 *
 * And how long does a submission that hangs keep a grade? Exercise 01 with a
 * server whose start never settles (test/fixtures/hostile.ts), against the
 * same exercise solved, both with --time-limit 3000: every test of the hanging
 * one waits out its own wait, so the ratio says what a hang costs an instructor.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT, SOLUTIONS_DIR, TARGET_ENV } from '../grader/engine/paths';
import { HOSTILE_KINDS, hostileTarget } from '../test/fixtures/hostile';

interface Contender {
  readonly name: string;
  readonly args: readonly string[];
  /** The exit status that means it ran as meant (a failing grade exits 1). */
  readonly status?: number;
  /**
   * A temporary folder (TMPDIR) it keeps from run to run, where tsx's compile cache outlives a run;
   * by default each run gets a new, empty one, as a grade of a submission it has never seen starts.
   */
  readonly keptTmp?: string;
}

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number, at least 1');

const targetsArg = process.argv.indexOf('--targets');
const TARGETS = targetsArg > 0 ? Number(process.argv[targetsArg + 1]) : 20;
if (!Number.isInteger(TARGETS) || TARGETS < 2) throw new Error('--targets takes a whole number, at least 2');

const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : null;
const SECTIONS = ['overhead', 'watch', 'class', 'hang'];
if (ONLY !== null && !SECTIONS.includes(ONLY ?? '')) throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
const wanted = (section: string): boolean => ONLY === null || ONLY === section;

const env: Record<string, string | undefined> = { ...process.env, [TARGET_ENV]: SOLUTIONS_DIR, NO_COLOR: '1' };
for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];

const vitestRun = [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'grader/vitest.config.ts'];
// The learner code's compile cache starts empty, as in a grade: each grade stages a copy in a folder of its own.
const baseline: Contender = { name: 'vitest run (baseline)', args: vitestRun };
// Shown beside it, not measured against: the same run with the compile cache its previous run left.
const keptTmp = mkdtempSync(join(tmpdir(), 'bench-kept-tmp-'));
const warmCache: Contender = { name: 'vitest run, compile cache kept from its last run', args: vitestRun, keptTmp };
const grader: Contender = {
  name: 'npm run grade -- --solutions --json',
  args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '--solutions', '--json'],
};

function timeOnce(contender: Contender): number {
  const tmp = contender.keptTmp ?? mkdtempSync(join(tmpdir(), 'bench-tmp-'));
  const runEnv: Record<string, string | undefined> = { ...env, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
  const started = performance.now();
  const result = spawnSync(process.execPath, contender.args, { cwd: REPO_ROOT, env: runEnv as NodeJS.ProcessEnv, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (contender.keptTmp === undefined) rmSync(tmp, { recursive: true, force: true });
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

const overhead = [baseline, grader, warmCache];
try {
  if (wanted('overhead')) table('Grading the solutions', overhead, measure(overhead));
} finally {
  rmSync(keptTmp, { recursive: true, force: true });
}

/** Re-grades in a running watch mode: from each save of server.ts to the verdict on its screen. */
async function watchRegrades(dir: string, runs: number): Promise<number[]> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--watch', '--target', dir], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
  const shows = async (text: string, from: number): Promise<void> => {
    const until = Date.now() + 120_000;
    while (!screen.slice(from).includes(text)) {
      if (Date.now() > until) throw new Error(`watch mode never showed "${text}":\n${screen.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await shows('Waiting for you to save a file', 0);
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const from = screen.length;
      const started = performance.now();
      appendFileSync(join(dir, SLUG, 'server.ts'), `\n// save ${i}\n`);
      await shows('Graded 01 at', from);
      if (i > 0) times.push(performance.now() - started); // the first save warms up
    }
    return times;
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
  }
}

const SLUG = '01-websocket-lifecycle';
if (wanted('watch')) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-watch-'));
  try {
    cpSync(join(SOLUTIONS_DIR, SLUG), join(dir, SLUG), { recursive: true });
    const cold: Contender = { name: 'npm run grade -- 01, cold (baseline)', args: [join(REPO_ROOT, 'grader/cli/grade.mjs'), '01', '--target', dir, '--json'] };
    const colds = measure([cold]).get(cold) ?? [];
    const saves = await watchRegrades(dir, RUNS);
    const base = median(colds);
    console.log(`\nA save in watch mode against a cold grade, exercise 01, ${RUNS} runs each (after one warm-up each), Node ${process.version}\n`);
    console.log('| how | median | min | max | ratio to cold |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| ${cold.name} | ${fmt(base)} | ${fmt(Math.min(...colds))} | ${fmt(Math.max(...colds))} | 1.00 |`);
    console.log(`| watch: save to verdict on screen | ${fmt(median(saves))} | ${fmt(Math.min(...saves))} | ${fmt(Math.max(...saves))} | ${(median(saves) / base).toFixed(2)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
