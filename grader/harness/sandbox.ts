/**
 * How a subject process is started and stopped on each platform.
 *
 * - Linux with bubblewrap (`bwrap`, Debian's `bubblewrap` package): the test
 *   runner, its workers and every subject share a network namespace of their
 *   own, which has nothing but a loopback interface: the probes still reach the
 *   learner's servers on 127.0.0.1, and nothing reaches the machine's own
 *   loopback services or any other host. Inside it the subject gets its own
 *   user and PID namespace (it cannot see, signal or trace any grader
 *   process), a read-only view of the file system with a private, writable
 *   home and /tmp, and dies with the test that started it.
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

/**
 * The runner's wrapper: a user namespace only to be allowed a network namespace, and the
 * whole file system and /dev as they are. The runner is trusted; all it loses is the network
 * beyond its own loopback. No new session: it stays in the process group the engine stops.
 */
const OWN_NETWORK = ['--unshare-user', '--unshare-net', '--dev-bind', '/', '/', '--die-with-parent'];

let probedNetwork: boolean | null = null;

/** Whether the subject's sandbox can be made inside a network namespace of its own (bubblewrap nested). */
function ownNetworkWorks(): boolean {
  if (probedNetwork === null) {
    const result = spawnSync('bwrap', [...OWN_NETWORK, '--', 'bwrap', ...NAMESPACES, '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true'], {
      stdio: 'ignore',
      timeout: 5000,
    });
    probedNetwork = result.status === 0;
  }
  return probedNetwork;
}

/**
 * The isolation a whole grade gets, decided once by the engine before the runner starts:
 * `bwrap` only where the grade can also have a loopback-only network, so that the report's
 * word covers both.
 */
export function gradeIsolation(): Isolation {
  const isolation = chosenIsolation();
  if (isolation === 'process' || ownNetworkWorks()) return isolation;
  if (process.env.GRADER_SANDBOX === 'bwrap') throw new Error('GRADER_SANDBOX=bwrap, but bubblewrap cannot nest a sandbox inside a network namespace here');
  return 'process';
}

/**
 * How the engine starts the test runner for a grade of `isolation`: inside its own network
 * namespace under bubblewrap, told through its environment which isolation its workers must
 * use; as itself otherwise.
 */
export function runnerCommand(
  command: readonly string[],
  isolation: Isolation,
): { command: string; args: string[]; env: Record<string, string> } {
  const [program, ...rest] = command as [string, ...string[]];
  if (isolation === 'process') return { command: program, args: rest, env: { GRADER_SANDBOX: 'off' } };
  return { command: 'bwrap', args: [...OWN_NETWORK, '--', program, ...rest], env: { GRADER_SANDBOX: 'bwrap' } };
}

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
