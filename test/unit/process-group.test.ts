/** The grader stops a process and what it started without /proc: process groups on POSIX (taskkill /T on Windows). */
import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { groupAlive, groupKill, killGroup, OWN_GROUP, ownGroup } from '../../grader/engine/process-group';
import { processesMentioning } from '../helpers/leftovers';

test.skipIf(process.platform === 'win32')('killGroup ends a process and the grandchild it started, even after the parent is gone', async () => {
  const seconds = String(3000 + Math.floor(Math.random() * 1000));
  // A number no other process mentions, so the check from outside (ps or /proc) finds the sleep by it.
  const parent = spawn('sh', ['-c', 'sleep "$1" & echo started; wait', 'sh', seconds], { stdio: ['ignore', 'pipe', 'ignore'], ...OWN_GROUP });
  await new Promise((resolve) => parent.stdout.once('data', resolve));
  const pid = parent.pid as number;
  expect(groupAlive(pid)).toBe(true);
  // The leader ends first: its group (the orphaned sleep) is still reachable through its number.
  process.kill(pid, 'SIGKILL');
  await new Promise((resolve) => parent.once('exit', resolve));
  expect(groupAlive(pid)).toBe(true);
  expect(processesMentioning(seconds)).toHaveLength(1); // the orphan, seen from outside
  killGroup(pid);
  for (let i = 0; i < 100 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  expect(groupAlive(pid)).toBe(false);
  expect(processesMentioning(seconds)).toEqual([]);
});

test('killGroup of a group that is gone is quiet', () => {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore', ...OWN_GROUP });
  return new Promise<void>((resolve) => {
    child.once('exit', () => {
      expect(() => killGroup(child.pid as number)).not.toThrow();
      expect(groupAlive(child.pid as number)).toBe(false);
      resolve();
    });
  });
});

test('each platform gets its own way to stop a tree: a group signal on Linux and macOS, taskkill /T on Windows', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    expect(ownGroup(platform)).toEqual({ detached: true, windowsHide: true });
    expect(groupKill(4242, platform)).toEqual({ signal: 'SIGKILL', target: -4242 });
  }
  expect(ownGroup('win32')).toEqual({ detached: false, windowsHide: true });
  expect(groupKill(4242, 'win32')).toEqual({ command: 'taskkill', args: ['/pid', '4242', '/T', '/F'] });
});
