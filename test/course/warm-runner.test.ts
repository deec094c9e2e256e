/**
 * The runner watch mode keeps between saves (engine/warm-runner.ts): grades sent to it one
 * after another, as saves are, each get exactly the report a grade with a runner of its own
 * gives the same code, whatever the grade before did: a submission that kills the kept
 * runner, one that forges a line in its log, a failing one between passing ones. Honest
 * grades in a row share one runner; one that ended is replaced. Graded without the sandbox
 * (where every attack reaches what it aims at), and in bubblewrap where installed (required
 * under CI=true).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { gradeWarmInChild } from '../helpers/grade-many';
import { isolationModes } from '../helpers/isolation-modes';
import { processesMentioning } from '../helpers/leftovers';
import { verdicts } from '../helpers/verdicts';
import { forgeryReaches, ownLogForger, SLUG } from '../fixtures/forging';

const { modes: MODES, env } = isolationModes('warm-runner');

/** Ends the runner: its test worker's parent, found in /proc (nothing happens where there is none, or in the sandbox). */
const KILLS_THE_RUNNER = `import * as killFs from 'node:fs';
try {
  const stat = killFs.readFileSync('/proc/' + process.ppid + '/stat', 'utf8');
  const runner = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  if (runner > 1) process.kill(runner, 'SIGKILL');
} catch {
  // no /proc on this platform, or not allowed to read it
}
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function copyOf(from: string, prefix = 'warm-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  made.push(dir);
  return dir;
}

function runnerKiller(): string {
  const dir = copyOf(SOLUTIONS_DIR, 'runner-killer-');
  const client = join(dir, SLUG, 'client.ts');
  writeFileSync(client, `${KILLS_THE_RUNNER}\n${readFileSync(client, 'utf8')}`);
  return dir;
}

describe.each(MODES.map((m) => [m] as const))('isolation %s', (mode) => {
  test('grades in a row through one kept runner each get the report of their own grade, and one that ended the runner costs the next grade nothing', async () => {
    const solution = copyOf(SOLUTIONS_DIR);
    const starter = copyOf(DEFAULT_TARGET);
    const killer = runnerKiller();
    const forger = ownLogForger();
    made.push(forger);
    const targets = [solution, starter, solution, killer, solution, forger, solution];
    const { warm, starts, alone } = await gradeWarmInChild({ targets, exercises: ['01'], timeLimitMs: 3000 }, env(mode));
    expect(warm).toHaveLength(targets.length);
    targets.forEach((dir, index) => expect(verdicts(warm[index] as never), `grade ${index + 1} (${dir})`).toEqual(verdicts(alone[dir] as never)));
    expect(alone[solution]?.score).toBe(alone[solution]?.maxScore);
    expect(alone[starter]?.score).toBeLessThan(alone[starter]?.maxScore ?? 0);

    // Honest grades in a row, a failing one among them, share the runner the first one started.
    expect(starts.slice(0, 3)).toEqual([1, 1, 1]);
    const reachesRunner = mode === 'process' && existsSync('/proc/self/stat');
    // The runner the killer ended is replaced (for the files it ran again alone, then for the next grade), and
    // kept again from then on; where the killer cannot reach it (the sandbox), the first runner serves every grade.
    if (reachesRunner) expect(starts[4]).toBeGreaterThan(starts[2] ?? 0);
    else expect(starts[4]).toBe(1);
    expect(starts[6]).toBe(starts[4]);
    if (reachesRunner) expect(warm[3]?.score, 'the killer is graded for what it did').toBeLessThan(warm[3]?.maxScore ?? 0);
    // A line forged into the kept runner's log is held against its own grade alone.
    if (mode === 'process' && forgeryReaches) expect(warm[5]?.official).toBe(false);
    expect(warm[6]?.official).toBe(true);
    for (const dir of new Set(targets)) expect(processesMentioning(dir), dir).toEqual([]);
  }, 600_000);
});
