/**
 * Lesson 04's graded tests are fair and strong: a correct file written
 * differently from the reference solution scores 100%, and each plausible
 * mistake a Key Moment warns about fails exactly the tests that name it, in the
 * stage it belongs to, as plain failures. Each alternative replaces one learner
 * file of a copy of the solution. The files are in test/alternatives/04-a-message-protocol/.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import type { Stage } from '../../grader/engine/stages';
import { gradeJson } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';

const SLUG = '04-a-message-protocol';
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

const SERVER = 'app/lib/socket-server.ts';
const HOOK = 'app/hooks/useWebSocket.ts';

const ALTERNATIVES_TO_GRADE: readonly Alternative[] = [
  { file: 'app/lib/correct-chat-room.ts', replaces: SERVER, fails: {} },
  { file: 'app/hooks/correct-reducer.ts', replaces: HOOK, fails: {} },
  {
    file: 'app/lib/wrong-trusts-input.ts',
    replaces: SERVER,
    stage: 'server-receive',
    fails: {
      'server-bad-json': /the server threw SyntaxError.*after client A sent 'this is not JSON'.*must never throw/,
      'server-unknown-type': /after client A sent '\{"type":"dance","moves":3\}', the server answered '\{"type":"chat".*expected an error frame/,
      'server-invalid-chat': /after client A sent '\{"type":"chat"\}', the server answered '\{"type":"chat".*expected an error frame/,
      'server-binary-frame': /after client A sent a binary frame.*expected an error frame/,
      'server-too-big-or-not-object': /after client A sent a chat frame of \d+ characters, the server answered '\{"type":"chat".*expected an error frame/,
      'server-broadcast': /the server threw SyntaxError.*after client A sent 'not JSON at all'/,
    },
  },
  {
    file: 'app/lib/wrong-closes-on-bad-message.ts',
    replaces: SERVER,
    stage: 'server-receive',
    fails: {
      'server-bad-json': /the server closed client A's connection/,
      'server-unknown-type': /the server closed client A's connection/,
      'server-invalid-chat': /the server closed client A's connection/,
      'server-binary-frame': /the server closed client A's connection/,
      'server-too-big-or-not-object': /the server closed client A's connection/,
      'server-broadcast': /the server closed client A's connection/,
    },
  },
  {
    file: 'app/hooks/wrong-sends-objects.ts',
    replaces: HOOK,
    stage: 'client-send',
    fails: {
      'send-json-text': /passed an object \(type, text\) to socket\.send\(\), not a string/,
      'send-queued-until-open': /passed an object \(type, text\) to socket\.send\(\), not a string/,
    },
  },
  {
    file: 'app/hooks/wrong-drops-early-sends.ts',
    replaces: HOOK,
    stage: 'client-send',
    fails: { 'send-queued-until-open': /sent before the socket opened .* 0 reached the server: queue/ },
  },
  {
    file: 'app/hooks/wrong-parses-blindly.ts',
    replaces: HOOK,
    stage: 'client-receive',
    fails: { 'receive-ignores-invalid': /the page's code threw while handling the message 'this is not JSON': SyntaxError/ },
  },
];

/** A target laid out like exercises/: a copy of the solution snapshot, with packages and config linked in beside it. */
function targetWith(alternative: Alternative): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'alternative-04-'));
  for (const name of ['shared', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(REPO_ROOT, name), join(root, name));
  const target = join(root, 'exercises');
  const snapshot = join(target, SLUG);
  const solution = join(SOLUTIONS_DIR, SLUG);
  cpSync(solution, snapshot, { recursive: true, filter: (source) => relative(solution, source).split(sep)[0] !== 'build' });
  copyFileSync(join(ALTERNATIVES, alternative.file), join(snapshot, alternative.replaces));
  return { root, target };
}

describe.each(ALTERNATIVES_TO_GRADE.map((a) => [a.file, a] as const))('exercise 04 graded with %s', (_file, alternative) => {
  const expectedFailures = Object.keys(alternative.fails);
  const cascades = alternative.mayFail ? ' (and maybe tests it cascades into)' : '';
  const title =
    expectedFailures.length === 0 ? 'scores 100%' : `fails ${cascades ? '' : 'only '}${expectedFailures.join(', ')}${cascades}, in ${alternative.stage}`;

  test(
    title,
    async () => {
      const { root, target } = targetWith(alternative);
      try {
        const { report } = await gradeJson(['04', '--target', target]);
        const exercise = report.exercises.find((e) => e.id === '04');
        expect(exercise, 'exercise 04 is in the report').toBeDefined();
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
