/**
 * Lesson 02's graded tests are fair and strong: a correct server.ts written
 * differently from the reference solution scores 100%, and each plausible
 * mistake a Key Moment warns about fails exactly the test of the stage that
 * names it, as a plain failure. The files are in test/alternatives/02-socket-on-remix-server/.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import type { Stage } from '../../grader/engine/stages';
import { gradeJson } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';

const SLUG = '02-socket-on-remix-server';
const ALTERNATIVES = join(REPO_ROOT, 'test', 'alternatives', SLUG);
/** Grading lesson 02 starts Vite several times and builds the app once. */
const GRADE_MS = 90_000;

interface Alternative {
  readonly file: string;
  /** The code tests it must fail, with what the failure must say; every other test must pass. */
  readonly fails: Readonly<Record<string, RegExp>>;
  readonly stage?: Stage;
}

const ALTERNATIVES_TO_GRADE: readonly Alternative[] = [
  { file: 'correct-class.ts', fails: {} },
  {
    file: 'wrong-server-path.ts',
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR client .* could not connect: the handshake was answered with HTTP 400/ },
  },
  {
    file: 'wrong-destroys-in-dev.ts',
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR (client|socket).*in development/ },
  },
  {
    file: 'wrong-no-1001.ts',
    stage: 'close',
    fails: {
      'close-going-away': /did not close the connected \/ws clients? within 2000 ms: .*1001/,
      'prod-close': /did not close the connected \/ws client within 2000 ms/,
    },
  },
];

/**
 * A target laid out like exercises/, inside a stand-in for the course checkout:
 * the snapshot's vite.config.ts imports ../../shared, and its packages come from
 * node_modules, so both are linked in beside it.
 */
function targetWith(serverFile: string): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'alternative-02-'));
  for (const name of ['shared', 'node_modules', 'package.json']) symlinkSync(join(REPO_ROOT, name), join(root, name));
  const target = join(root, 'exercises');
  const snapshot = join(target, SLUG);
  const solution = join(SOLUTIONS_DIR, SLUG);
  // A build/ left by `npm run app -- 02 --production` is not part of the snapshot.
  cpSync(solution, snapshot, { recursive: true, filter: (source) => relative(solution, source).split(sep)[0] !== 'build' });
  copyFileSync(join(ALTERNATIVES, serverFile), join(snapshot, 'server.ts'));
  return { root, target };
}

describe.each(ALTERNATIVES_TO_GRADE.map((a) => [a.file, a] as const))('exercise 02 graded with %s', (_file, alternative) => {
  const expectedFailures = Object.keys(alternative.fails);
  const title = expectedFailures.length === 0 ? 'scores 100%' : `fails only ${expectedFailures.join(', ')}, in ${alternative.stage}`;

  test(
    title,
    async () => {
      const { root, target } = targetWith(alternative.file);
      try {
        const { report } = await gradeJson(['02', '--target', target]);
        const exercise = report.exercises.find((e) => e.id === '02');
        expect(exercise, 'exercise 02 is in the report').toBeDefined();
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
