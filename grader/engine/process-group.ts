/**
 * Stopping a process and everything it started, by means every platform has,
 * without reading /proc (which macOS and Windows lack).
 *
 * - POSIX (Linux, macOS): the process is started as the leader of its own
 *   process group (`detached`), which its children join unless they leave it
 *   on purpose (setsid); a signal to the negative pid reaches the whole group,
 *   even after the leader has ended.
 * - Windows: `taskkill /T` ends the process and the tree below it (Windows
 *   remembers each process's parent even after that parent has ended).
 *
 * What leaves its group on purpose escapes both; on Linux the bubblewrap
 * sandbox (grader/harness/sandbox.ts) closes that gap with a PID namespace.
 */
import { spawnSync } from 'node:child_process';

/** The `spawn` options that make the child the leader of a group killGroup() can stop. */
export function ownGroup(platform: NodeJS.Platform = process.platform): { readonly detached: boolean; readonly windowsHide: true } {
  // On Windows `detached` would open a console window, and there are no groups: taskkill /T walks the tree.
  return { detached: platform !== 'win32', windowsHide: true };
}
export const OWN_GROUP = ownGroup();

/** How to stop what `pid` leads: a signal to the whole group (POSIX), or taskkill over the tree (Windows). */
export function groupKill(pid: number, platform: NodeJS.Platform = process.platform): { readonly command: string; readonly args: readonly string[] } | { readonly signal: 'SIGKILL'; readonly target: number } {
  return platform === 'win32' ? { command: 'taskkill', args: ['/pid', String(pid), '/T', '/F'] } : { signal: 'SIGKILL', target: -pid };
}

/** SIGKILLs the group (or, on Windows, the tree) that `pid` leads, started with OWN_GROUP. Quiet when it is already gone. */
export function killGroup(pid: number): void {
  const how = groupKill(pid);
  if ('command' in how) {
    spawnSync(how.command, how.args, { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(how.target, how.signal);
  } catch {
    // the whole group is gone (never the pid alone: it may belong to someone else by now)
  }
}

/** SIGKILLs one process, not its group. */
export function killOne(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Does any process of the group `pid` leads still run (POSIX), or the process itself (Windows)? */
export function groupAlive(pid: number): boolean {
  if (process.platform === 'win32') return processAlive(pid);
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Does the process `pid` still exist (EPERM: it does, but belongs to someone else)? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
