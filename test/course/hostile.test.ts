/**
 * Hostile and broken submissions (test/fixtures/hostile.ts): each grade ends
 * (the per-test limit stops what hangs, so the grade ends well inside this
 * test's own timeout), with the right status and a message per test;
 * everything it did not touch is graded normally, and nothing it started is
 * left running or listening. How long such a grade takes against its limit is
 * measured by `npm run bench`, not asserted here: a wall-clock bound in a test
 * fails on a busy machine for no fault of the grader.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findExercise } from '../../grader/manifest';
import { reasonOf, type GradeReport } from '../../grader/engine/results';
import { cleanEnv, gradeJson, runCli, type Env } from '../helpers/cli';
import { processesMentioning } from '../helpers/leftovers';
import { repoCopy } from '../helpers/repo-copy';
import { HOSTILE_KINDS, hostileTarget } from '../fixtures/hostile';

/** How long one test may run before the grader stops it. */
const LIMIT_MS = 3000;

let busy: Server;
/** A service on the machine's own loopback, counting the connections it gets. */
let host: TcpServer;
let hostConnections = 0;
const hostSockets = new Set<Socket>();
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  host = createTcpServer((socket) => {
    hostConnections += 1;
    hostSockets.add(socket);
    socket.on('close', () => hostSockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of hostSockets) socket.destroy();
  await new Promise((resolve) => busy.close(resolve));
  await new Promise((resolve) => host.close(resolve));
});

/**
 * Kinds that test process control (hangs, crashes, a killed parent): graded a second time
 * through the path every platform has (a plain child process, no sandbox), which is all
 * macOS and Windows get.
 */
const PORTABLE_TOO = new Set([
  'an endless loop at import',
  'an endless loop in a socket handler',
  'a promise that never settles',
  'a timer that keeps the process alive',
  'process.exit() in the middle of a test',
  'killing its parent process',
  'a memory bomb',
  "a connection to a service on the grading machine's loopback",
]);
const MODES = [
  { mode: 'as the machine allows (bubblewrap where installed)', env: {} },
  { mode: 'as a plain child process (GRADER_SANDBOX=off)', env: { GRADER_SANDBOX: 'off' } },
] as const;
const CASES = HOSTILE_KINDS.flatMap((kind) => MODES.filter((m, i) => i === 0 || PORTABLE_TOO.has(kind.name)).map((m) => [kind.name, m.mode, kind, m.env] as const));

describe.each(CASES)('a submission with %s, graded %s', (_name, _mode, kind, modeEnv) => {
  test('is graded with the right status and reason per test, and leaves no process and no file behind', async () => {
    const target = hostileTarget(kind, { busyPort: (busy.address() as AddressInfo).port, hostPort: (host.address() as AddressInfo).port });
    const connectionsBefore = hostConnections;
    const repo = kind.needsRepoCopy ? repoCopy() : null;
    // The grade's own temporary folder: every process it starts has it in its environment, and it must end empty.
    const scratch = mkdtempSync(join(tmpdir(), 'hostile-tmp-'));
    const env = (): Env => cleanEnv({ ...modeEnv, TMPDIR: scratch, TMP: scratch, TEMP: scratch });
    try {
      const limit = kind.timeLimitMs ?? LIMIT_MS;
      const args = [kind.slug.slice(0, 2), '--target', target, '--time-limit', String(limit)];
      const { run, report } = await gradeJson(args, env(), repo ?? undefined);
      if ('GRADER_SANDBOX' in modeEnv) expect(report.isolation).toBe('process');
      const expected = report.isolation === 'process' && kind.withoutSandbox ? kind.withoutSandbox : kind.expect;
      expect(run.status, run.stderr.slice(-2000)).toBe(Object.keys(expected).length === 0 ? 0 : 1);
      checkStatuses(report, kind.slug, expected);
      if (kind.alsoSays) expect(JSON.stringify(report)).toMatch(kind.alsoSays);
      if (kind.reachesHost) {
        // Under bubblewrap the grade has a network of its own, with a loopback of its own. A plain child
        // process shares the machine's (the limit the README states), which shows the submission does reach out.
        const reached = hostConnections - connectionsBefore;
        if (report.isolation === 'bwrap') expect(reached, "connections from the grade to the machine's loopback").toBe(0);
        else expect(reached, 'the submission reaches out when nothing stops it').toBeGreaterThan(0);
      }
      expect(JSON.stringify(report).length, 'the report stays readable').toBeLessThan(200_000);
      if (kind.inTerminalToo) {
        // Not a terminal, so the grader prints no colour: any control character would be the code's.
        const terminal = await runCli(args, { env: env(), ...(repo ? { repo } : {}) });
        expect(terminal.stdout).toContain('\\x1b[2J');
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(terminal.stdout, 'no raw control character reaches the screen').not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
      expect(processesMentioning(target)).toEqual([]);
      expect(processesMentioning(scratch)).toEqual([]);
      // tsx keeps its compile cache of the grader's own modules there (tsx-<uid>), for every later grade.
      expect(readdirSync(scratch).filter((f) => !/^tsx-\d+$/.test(f)), 'what the grade left in its temporary folder').toEqual([]);
    } finally {
      rmSync(target, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
      if (repo) rmSync(repo, { recursive: true, force: true });
    }
  });
});

function checkStatuses(report: GradeReport, slug: string, expected: (typeof HOSTILE_KINDS)[number]['expect']): void {
  const exercise = report.exercises.find((e) => e.id === slug.slice(0, 2));
  const spec = findExercise(slug);
  expect(exercise?.tests.map((t) => t.id)).toEqual([...(spec?.tests.map((t) => t.id) ?? []), ...(spec?.quiz.map((q) => `quiz-${q.id}`) ?? [])]);
  for (const test of exercise?.tests ?? []) {
    const want = expected[test.id];
    if (want) {
      const statuses: readonly string[] = typeof want.status === 'string' ? [want.status] : want.status;
      expect(statuses, `${test.id} ended ${test.status}: ${reasonOf(test) ?? ''}`).toContain(test.status);
      expect(reasonOf(test), test.id).toMatch(want.message);
      expect(test.points).toBe(0);
    } else {
      // Everything the broken code does not touch is graded normally.
      expect({ id: test.id, status: test.status, message: reasonOf(test) }).toEqual({ id: test.id, status: 'passed', message: undefined });
    }
  }
}
