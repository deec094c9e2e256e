/**
 * Lesson 05's graded tests are fair and strong: a correct rooms.ts written
 * differently from the reference solution (other data structures, other names)
 * scores 100%, and each mistake a Key Moment warns about fails exactly the tests
 * of the stage that names it, as plain failures. The files are in
 * test/alternatives/05-rooms-and-broadcast/.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import type { Stage } from '../../grader/engine/stages';
import { gradeJson } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';

const SLUG = '05-rooms-and-broadcast';
const ALTERNATIVES = join(REPO_ROOT, 'test', 'alternatives', SLUG);
/** One grade of lesson 05: the rooms tests take seconds, the app test starts Vite once. */
const GRADE_MS = 90_000;

interface Alternative {
  readonly file: string;
  /** The code tests it must fail, with what the failure must say; every other test must pass. */
  readonly fails: Readonly<Record<string, RegExp>>;
  readonly stage?: Stage;
}

const ALTERNATIVES_TO_GRADE: readonly Alternative[] = [
  { file: 'correct-by-member.ts', fails: {} },
  {
    file: 'wrong-broadcast-all.ts',
    stage: 'server-process',
    fails: { 'chat-room-only': /^ben is in 'random' and must not hear 'lobby' .*not to everyone.*, but received '{"type":"chat"/ },
  },
  {
    file: 'wrong-no-disconnect.ts',
    stage: 'server-process',
    fails: { 'disconnect-presence': /^zoe's connection dropped \(no close frame, no leave\), but amy in 'lobby' received no new presence within 1000 ms/ },
  },
  {
    file: 'wrong-sends-to-closed.ts',
    stage: 'server-send',
    fails: { 'broadcast-skips-closed': /^the server called send\(\) on cy's socket while it was CLOSING: .*readyState === WebSocket\.OPEN/ },
  },
  {
    file: 'wrong-throws-on-closed.ts',
    stage: 'server-send',
    fails: { 'broadcast-skips-closed': /^the server threw Error: cannot send: socket is in state 2 (\(at 05-rooms-and-broadcast\/app\/lib\/rooms\.ts:\d+:\d+\) )?when amy sent .*"who is still here\?".*a broadcast must never throw/ },
  },
  {
    file: 'wrong-no-presence-to-joiner.ts',
    stage: 'server-send',
    fails: { 'join-presence': /^ben joined 'random' and received no presence message within 1000 ms: .*the joiner included/ },
  },
];

/**
 * A target laid out like exercises/, inside a stand-in for the course checkout:
 * the snapshot imports ../../shared, and its packages come from node_modules,
 * so both are linked in beside it.
 */
function targetWith(roomsFile: string): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'alternative-05-'));
  for (const name of ['shared', 'node_modules', 'package.json']) symlinkSync(join(REPO_ROOT, name), join(root, name));
  const target = join(root, 'exercises');
  const snapshot = join(target, SLUG);
  const solution = join(SOLUTIONS_DIR, SLUG);
  // A build/ left by `npm run app -- 05 --production` is not part of the snapshot.
  cpSync(solution, snapshot, { recursive: true, filter: (source) => relative(solution, source).split(sep)[0] !== 'build' });
  copyFileSync(join(ALTERNATIVES, roomsFile), join(snapshot, 'app', 'lib', 'rooms.ts'));
  return { root, target };
}

describe.each(ALTERNATIVES_TO_GRADE.map((a) => [a.file, a] as const))('exercise 05 graded with %s', (_file, alternative) => {
  const expectedFailures = Object.keys(alternative.fails);
  const title = expectedFailures.length === 0 ? 'scores 100%' : `fails only ${expectedFailures.join(', ')}, in ${alternative.stage}`;

  test(
    title,
    async () => {
      const { root, target } = targetWith(alternative.file);
      try {
        const { report } = await gradeJson(['05', '--target', target]);
        const exercise = report.exercises.find((e) => e.id === '05');
        expect(exercise, 'exercise 05 is in the report').toBeDefined();
        const notPassing = (exercise?.tests ?? [])
          .filter((t) => t.status !== 'passed')
          .map((t) => ({ id: t.id, status: t.status, message: t.message ?? '' }));

        expect(notPassing.map((t) => t.id).sort(), JSON.stringify(notPassing, null, 2)).toEqual([...expectedFailures].sort());
        for (const failure of notPassing) {
          expect(failure.status, failure.id).toBe('failed');
          expect(failure.message, failure.id).toMatch(alternative.fails[failure.id] as RegExp);
        }
        if (alternative.stage) {
          const stage = report.stages.find((s) => s.stage === alternative.stage);
          expect(stage?.score, `points in ${alternative.stage}`).toBeLessThan(stage?.maxScore ?? 0);
        } else {
          expect(exercise?.score).toBe(exercise?.maxScore);
        }
        expect(processesMentioning(target)).toEqual([]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    GRADE_MS,
  );
});
