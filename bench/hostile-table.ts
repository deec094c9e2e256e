/**
 * npx tsx bench/hostile-table.ts [words that select cases by name]
 *
 * What an instructor sees for each hostile submission of test/fixtures/hostile.ts:
 * graded as `npm run grade -- NN --target DIR --json` would be, in each isolation,
 * one grade at a time, as a Markdown table (case, isolation, statuses, wall time,
 * the first message). test/course/hostile.test.ts holds the same cases to their
 * expected statuses; this only shows them, with how long each took on this machine.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../grader/engine/paths';
import type { GradeReport } from '../grader/engine/results';
import { HOSTILE_KINDS, hostileTarget } from '../test/fixtures/hostile';

// A loopback port kept busy, for the submission that listens on a fixed port.
const busy = createServer();
await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
const busyPort = (busy.address() as AddressInfo).port;
// A service on the machine's own loopback, counting who connects (the grade runs synchronously, and the
// kernel completes a handshake without us; the count is read once the event loop has turned again).
let reached = 0;
const host = createNetServer((socket) => {
  reached += 1;
  socket.destroy();
});
await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostPort = (host.address() as AddressInfo).port;

// `npx tsx bench/hostile-table.ts loopback taken` grades only the kinds whose names hold one of the words.
const only = process.argv.slice(2);
const rows: string[] = [];
for (const kind of HOSTILE_KINDS.filter((k) => only.length === 0 || only.some((word) => k.name.includes(word)))) {
  if (kind.needsRepoCopy) continue; // writes into the course: graded only from a copy, in the test
  for (const sandbox of ['auto', 'off']) {
    const target = hostileTarget(kind, { busyPort, hostPort });
    const reachedBefore = reached;
    const started = performance.now();
    const env = { ...process.env, GRADER_SANDBOX: sandbox, NO_COLOR: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key as keyof typeof env];
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'grader/cli/grade.mjs'), kind.slug.slice(0, 2), '--target', target, '--time-limit', String(kind.timeLimitMs ?? 3000), '--json'], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    rmSync(target, { recursive: true, force: true });
    let report: GradeReport;
    try {
      report = JSON.parse(run.stdout) as GradeReport;
    } catch {
      rows.push(`| ${kind.name} | ${sandbox} | exit ${run.status}, no report | | ${seconds} s | |`);
      continue;
    }
    const tests = report.exercises.flatMap((e) => e.tests).filter((t) => !t.id.startsWith('quiz-'));
    const counts = new Map<string, number>();
    for (const t of tests) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    const statuses = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const first = tests.find((t) => t.status !== 'passed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reach = kind.reachesHost ? `; connections that reached the machine's loopback: ${reached - reachedBefore}` : '';
    const said = `${first ? `${first.id}: ${(first.message ?? '').replace(/\|/g, '\\|').slice(0, 110)}` : 'every test passes'}${reach}`;
    rows.push(`| ${kind.name} | ${report.isolation} | ${statuses} | ${report.score}/${report.maxScore} | ${seconds} s | ${said} |`);
    process.stderr.write(`${kind.name} (${report.isolation}): ${seconds} s\n`);
  }
}
console.log(`\nHostile submissions graded one at a time, Node ${process.version}\n`);
console.log('| case | isolation | tests | score | time | what the instructor sees first |');
console.log('| --- | --- | --- | ---: | ---: | --- |');
for (const row of rows) console.log(row);
busy.close();
host.close();
