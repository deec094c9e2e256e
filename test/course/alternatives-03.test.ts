/**
 * Lesson 03's graded tests are fair and strong: a correct hook written
 * differently from the reference solution scores 100%, and each plausible
 * mistake a Key Moment warns about fails exactly the tests that name it, in the
 * stage it belongs to, as plain failures. Each alternative replaces the hook of
 * a copy of the solution. The files are in test/alternatives/03-connecting-from-a-route/.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import type { Stage } from '../../grader/engine/stages';
import { gradeJson } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';

const SLUG = '03-connecting-from-a-route';
const ALTERNATIVES = join(REPO_ROOT, 'test', 'alternatives', SLUG);
const GRADE_MS = 60_000;

interface Alternative {
  /** Relative to ALTERNATIVES. */
  readonly file: string;
  /** The learner file it stands in for. */
  readonly replaces: string;
  /** The code tests it must fail, with what the failure must say; every other test must pass, except: */
  readonly fails: Readonly<Record<string, RegExp>>;
  /**
   * Tests it may fail as well, as plain failures, when the mistake cascades and whether a later
   * test trips over it depends on timing. Each is a consequence of the same mistake.
   */
  readonly mayFail?: readonly string[];
  readonly stage?: Stage;
}

const HOOK = 'app/hooks/useWebSocket.ts';

const ALTERNATIVES_TO_GRADE: readonly Alternative[] = [
  { file: 'correct-connection-object.ts', replaces: HOOK, fails: {} },
  {
    file: 'wrong-connects-in-render.ts',
    replaces: HOOK,
    stage: 'connect',
    fails: {
      'ssr-no-socket': /on the server threw ReferenceError: window is not defined(?: \(at [^)]+\))?: the server has no window; read window\.location inside useEffect/,
      // StrictMode renders twice, so the initializer made two sockets; the cleanup closed the one the effect follows.
      'strict-mode-one-open': /in StrictMode one connection is open, but state is 'closed'.*Create the socket inside the effect/,
      // A socket made once per mount cannot follow a new path.
      'old-socket-ignored': /useWebSocket\('\/ws\/lobby'\) instead of '\/ws', but no new WebSocket was constructed.*dependencies are \[path\]/,
    },
  },
  {
    file: 'wrong-every-render.ts',
    replaces: HOOK,
    stage: 'connect',
    fails: { 'one-connection-per-mount': /constructed \d+ WebSockets: give useEffect a dependency array/ },
    // Each render closes the socket and opens another, so the connection a later test talks to
    // may be gone by the time the server speaks or closes: those fail too, or not, by timing.
    mayFail: ['state-connecting-then-open', 'strict-mode-one-open', 'last-message', 'route-shows-state', 'state-closed', 'unmount-closes-1000'],
  },
  {
    file: 'wrong-hardcoded-url.ts',
    replaces: HOOK,
    stage: 'connect',
    fails: { 'url-from-location': /the hook connected to 'ws:\/\/localhost:3000\/ws', expected 'ws:\/\/chat\.test:4321\/ws'/ },
  },
  {
    file: 'wrong-no-cleanup.ts',
    replaces: HOOK,
    stage: 'close',
    fails: {
      'unmount-closes-1000': /the component unmounted, but 500 ms later its socket was still open: return a cleanup function/,
      'strict-mode-one-open': /in StrictMode the hook constructed 2 WebSockets and 2 of them are open/,
      'old-socket-ignored': /the hook opened a new socket without closing the old one: the cleanup must close it/,
    },
  },
  {
    file: 'wrong-keeps-listeners.ts',
    replaces: HOOK,
    stage: 'close',
    fails: { 'old-socket-ignored': /state became 'closed' when the old socket, which the cleanup had closed, fired 'error' and 'close' late: .*stop listening/ },
  },
];

/** A target laid out like exercises/: a copy of the solution snapshot, with packages and config linked in beside it. */
function targetWith(alternative: Alternative): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'alternative-03-'));
  for (const name of ['shared', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(REPO_ROOT, name), join(root, name));
  const target = join(root, 'exercises');
  const snapshot = join(target, SLUG);
  const solution = join(SOLUTIONS_DIR, SLUG);
  cpSync(solution, snapshot, { recursive: true, filter: (source) => relative(solution, source).split(sep)[0] !== 'build' });
  copyFileSync(join(ALTERNATIVES, alternative.file), join(snapshot, alternative.replaces));
  return { root, target };
}

describe.each(ALTERNATIVES_TO_GRADE.map((a) => [a.file, a] as const))('exercise 03 graded with %s', (_file, alternative) => {
  const expectedFailures = Object.keys(alternative.fails);
  const cascades = alternative.mayFail ? ' (and maybe tests it cascades into)' : '';
  const title =
    expectedFailures.length === 0 ? 'scores 100%' : `fails ${cascades ? '' : 'only '}${expectedFailures.join(', ')}${cascades}, in ${alternative.stage}`;

  test(
    title,
    async () => {
      const { root, target } = targetWith(alternative);
      try {
        const { report } = await gradeJson(['03', '--target', target]);
        const exercise = report.exercises.find((e) => e.id === '03');
        expect(exercise, 'exercise 03 is in the report').toBeDefined();
        const notPassing = (exercise?.tests ?? [])
          .filter((t) => t.status !== 'passed')
          .map((t) => ({ id: t.id, status: t.status, message: t.message ?? '' }));

        const allowed = alternative.mayFail ?? [];
        const required = notPassing.filter((t) => !allowed.includes(t.id));
        expect(required.map((t) => t.id).sort(), JSON.stringify(notPassing, null, 2)).toEqual([...expectedFailures].sort());
        for (const failure of notPassing) {
          expect(failure.status, failure.id).toBe('failed');
          if (!allowed.includes(failure.id)) expect(failure.message, failure.id).toMatch(alternative.fails[failure.id] as RegExp);
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
