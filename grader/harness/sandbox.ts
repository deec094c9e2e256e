/**
 * How a subject process is started and stopped on each platform.
 *
 * - Linux with bubblewrap (`bwrap`, Debian's `bubblewrap` package): the subject
 *   gets its own user and PID namespace (it cannot see, signal or trace any
 *   grader process), a read-only view of the file system with a private,
 *   writable home and /tmp, and dies with the test that started it.
 * - Everywhere else (macOS, Windows, Linux without bwrap): a plain child
 *   process in its own process group (POSIX) or stopped with its whole tree
 *   (`taskkill /T` on Windows), with an allow-listed environment.
 *
 * GRADER_SANDBOX=off forces the plain process; =bwrap requires bubblewrap.
 */
import { spawnSync } from 'node:child_process';

export type Isolation = 'bwrap' | 'process';

let probed: boolean | null = null;

/** Whether bubblewrap is installed and may create namespaces on this machine. */
export function bwrapWorks(): boolean {
  if (process.platform !== 'linux') return false;
  if (probed === null) {
    const result = spawnSync('bwrap', [...NAMESPACES, '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true'], {
      stdio: 'ignore',
      timeout: 5000,
    });
    probed = result.status === 0;
  }
  return probed;
}

const NAMESPACES = ['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent', '--new-session'];

export function chosenIsolation(): Isolation {
  const wanted = process.env.GRADER_SANDBOX ?? 'auto';
  if (wanted === 'off') return 'process';
  if (bwrapWorks()) return 'bwrap';
  if (wanted === 'bwrap') throw new Error('GRADER_SANDBOX=bwrap, but bubblewrap is missing or cannot create namespaces here (install the bubblewrap package)');
  return 'process';
}

export interface SandboxPaths {
  /** The subject's own writable folder (HOME, TMPDIR, its working directory). */
  readonly home: string;
  /** Folders it sees empty: the course's solutions, tests, other grades, the grader's home. */
  readonly hidden: readonly string[];
  /** Folders it sees read-only even inside a hidden one: the staged submission, the subject's own code. */
  readonly readable: readonly string[];
  /** Folders (that exist) the subject may write in: each an empty, private tmpfs in its view. */
  readonly scratch?: readonly string[];
  /** Folders it may write in and that the grader sees too (the grade's temporary folder). */
  readonly writable?: readonly string[];
  /** Symbolic links to recreate inside a hidden folder ([target, where]). */
  readonly links?: ReadonlyArray<readonly [string, string]>;
}

export function sandboxCommand(command: readonly string[], paths: SandboxPaths): { command: string; args: string[]; isolation: Isolation } {
  const [program, ...rest] = command as [string, ...string[]];
  const isolation = chosenIsolation();
  if (isolation === 'process') return { command: program, args: rest, isolation };
  return {
    command: 'bwrap',
    args: [
      ...NAMESPACES,
      '--ro-bind', '/', '/',
      '--dev', '/dev',
      '--proc', '/proc',
      '--tmpfs', '/tmp',
      ...paths.hidden.flatMap((dir) => ['--tmpfs', dir]),
      ...paths.readable.flatMap((dir) => ['--ro-bind', dir, dir]),
      ...(paths.links ?? []).flatMap(([target, where]) => ['--symlink', target, where]),
      ...(paths.scratch ?? []).flatMap((dir) => ['--tmpfs', dir]),
      ...(paths.writable ?? []).flatMap((dir) => ['--bind', dir, dir]),
      '--bind', paths.home, paths.home,
      '--chdir', paths.home,
      '--',
      program,
      ...rest,
    ],
    isolation,
  };
}
