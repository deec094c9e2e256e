/**
 * Many targets in one run (engine gradeMany, the batch face's engine): honest
 * submissions graded beside hostile ones get exactly the report a grade of
 * their own gives them. The hostile ones kill the test runner, block their
 * test process, end it, wait for ever, and forge a line in the progress log,
 * all in the same run. Graded without the sandbox (where every attack
 * reaches what it aims at), and in bubblewrap where installed (required
 * under CI=true).
 *
 * The forger here aims at its own grade's log alone (test/fixtures/forging.ts
 * ownLogForger), so it cannot reach the grades of other test files running
 * beside this one.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../../grader/engine/paths';
import type { GradeReport } from '../../grader/engine/results';
import { gradeJson } from '../helpers/cli';
import { gradeManyInChild } from '../helpers/grade-many';
import { processesMentioning } from '../helpers/leftovers';
import { isolationModes } from '../helpers/isolation-modes';
import { verdicts } from '../helpers/verdicts';
import { HOSTILE_KINDS, hostileTarget } from '../fixtures/hostile';
import { forgeryReaches, ownLogForger } from '../fixtures/forging';

const { modes: MODES, env } = isolationModes('many-targets');
const LIMIT = ['--time-limit', '3000'];

// One of each way a target's own grade goes wrong: its runner killed, a blocked test process stopped by the watchdog,
// the code's process ending, a wait that never ends. (The memory bomb is left to hostile.test.ts: with it here, the
// fresh-clone CI of bc037e3 saw two starters' tests in a grade beside this file stopped as blocked, on 2 cores.)
const HOSTILE = ['killing its parent process', 'an endless loop in a socket handler', 'process.exit() in the middle of a test', 'a promise that never settles'];
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function copyOf(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'honest-'));
  cpSync(from, dir, { recursive: true });
  made.push(dir);
  return dir;
}

function hostileTargets(): string[] {
  const context = { busyPort: 1, hostPort: 1 };
  return HOSTILE.map((name) => {
    const kind = HOSTILE_KINDS.find((k) => k.name === name);
    if (!kind) throw new Error(`"${name}" is gone from test/fixtures/hostile.ts`);
    const dir = hostileTarget(kind, context);
    made.push(dir);
    return dir;
  });
}

describe.each(MODES.map((m) => [m] as const))('isolation %s', (mode) => {
  let alone: GradeReport;
  let starterAlone: GradeReport;
  beforeAll(async () => {
    const [solution, starter] = await Promise.all([
      gradeJson(['01', '--target', SOLUTIONS_DIR, ...LIMIT], env(mode)),
      gradeJson(['01', '--target', DEFAULT_TARGET, ...LIMIT], env(mode)),
    ]);
    alone = solution.report;
    starterAlone = starter.report;
    expect(alone.score).toBe(alone.maxScore);
  }, 300_000);

  /** Grades `others` interleaved with three honest targets in one run; each honest report must be its own grade's. */
  async function besideHonest(others: readonly string[]): Promise<(dir: string) => GradeReport> {
    const honest = [copyOf(SOLUTIONS_DIR), copyOf(DEFAULT_TARGET), copyOf(SOLUTIONS_DIR)];
    // Interleaved, so that honest and hostile files share the worker pool.
    const targets = [honest[0], ...others.slice(0, 2), honest[1], ...others.slice(2), honest[2]] as string[];
    const reports = await gradeManyInChild({ exercises: ['01'], targets, timeLimitMs: 3000 }, env(mode));
    expect(reports).toHaveLength(targets.length);
    const reportOf = (dir: string) => reports[targets.indexOf(dir)] as GradeReport;
    expect(verdicts(reportOf(honest[0] as string))).toEqual(verdicts(alone));
    expect(verdicts(reportOf(honest[2] as string))).toEqual(verdicts(alone));
    expect(verdicts(reportOf(honest[1] as string))).toEqual(verdicts(starterAlone));
    for (const dir of targets) expect(processesMentioning(dir), dir).toEqual([]);
    return reportOf;
  }

  test('honest targets graded beside ones that kill the runner, block, exit and wait for ever get the reports of their own grades', async () => {
    const hostile = hostileTargets();
    const reportOf = await besideHonest(hostile);
    // The attacks took place in this very run: each cost its own target points.
    for (const dir of hostile.slice(1)) expect(reportOf(dir).score, dir).toBeLessThan(reportOf(dir).maxScore);
    // Without the sandbox, killing its parent ends the runner of every target's files.
    if (mode === 'process') expect(reportOf(hostile[0] as string).score, 'the target that kills the runner').toBeLessThan(alone.maxScore);
  }, 600_000);

  test('honest targets graded beside one that forges the progress log get the reports of their own grades', async () => {
    const forged = ownLogForger();
    made.push(forged);
    const reportOf = await besideHonest([forged]);
    // Where the forgery reaches the log, it is seen, and held against its own target alone.
    if (mode === 'process' && forgeryReaches) {
      expect(reportOf(forged).integrity.forgedProgressLines).toBeGreaterThan(0);
      expect(reportOf(forged).official).toBe(false);
    }
    expect(reportOf(forged).score).toBeLessThanOrEqual(starterAlone.score);
  }, 600_000);
});
