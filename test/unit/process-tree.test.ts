import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { descendantsOf, killTree } from '../../grader/engine/process-tree';

import { readFileSync } from 'node:fs';

/** Running, or stopped but not yet reaped? A zombie (state Z) has ended. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

test('killTree ends a process and the grandchild it started', async () => {
  // A shell that starts a long sleep in the background and then waits on it.
  const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
  const parentPid = parent.pid as number;
  let below: number[] = [];
  for (let i = 0; i < 50 && below.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    below = descendantsOf(parentPid);
  }
  expect(below.length).toBeGreaterThan(0);
  const exited = new Promise((resolve) => parent.on('exit', resolve));
  const killed = killTree(parentPid);
  await exited;
  expect(killed).toEqual(expect.arrayContaining([parentPid, ...below]));
  await new Promise((r) => setTimeout(r, 50));
  for (const pid of below) expect(alive(pid), `grandchild ${pid} still runs`).toBe(false);
});
