/**
 * The trusted side of a subject process (grader/subject/main.ts): starts it,
 * sends it requests, validates every message it sends back, and turns its
 * answers into values a test can inspect. Learner code never runs in this
 * process: a test reaches it only through a Subject.
 *
 * Values come back as snapshots (data, read when they crossed) with methods
 * that call back into the subject; read a property again with `readRemote()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { GRADER_DIR, gradeTmpDir, REPO_ROOT } from '../engine/paths';
import { killGroup, OWN_GROUP } from '../engine/process-group';
import { recordProgress } from './progress';
import { sandboxCommand, type SandboxPaths } from './sandbox';
import { replySchema, type Argument, type Encoded, type SubjectMessage } from '../subject/protocol';
import { GradeFailure, GradeTimeout } from './failure';
import { RemoteBytes, RemoteError, RemoteOpaque } from './remote-values';

const SUBJECT_MAIN = join(GRADER_DIR, 'subject', 'main.ts');
// Vitest's module runner has no import.meta.resolve; require.resolve finds the same entry.
const TSX_LOADER = createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx');
/** Output kept per subject; the rest is counted, not shown. */
const OUTPUT_CAP = 64 * 1024;
/** Heartbeats come ten times a second: at the end of a wait, this much silence means blocked. */
export const SILENT_AT_DEADLINE_MS = 400;
/**
 * A subject that has not said it is alive for this long is blocked in
 * synchronous code, and is stopped. The grade's --time-limit (5 s unless
 * said), which the runner gives each worker; long enough that a busy machine
 * does not pass for a loop.
 */
let blockedLimitMs = 5000;

export function setBlockedLimit(ms: number): void {
  blockedLimitMs = ms;
}
const STARTUP_MS = 15_000;

/** How a subject ended: by itself (exit code), by a signal, or by a crash it reported first. */
export interface SubjectEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What was thrown where nothing could catch it, when the subject said so before it ended. */
  readonly crash: RemoteError | null;
  /** The trusted side ended it (a test's clean-up, or a blocked subject). */
  readonly stopped: boolean;
}

export { RemoteBytes, RemoteError, RemoteOpaque };

const REMOTE = Symbol('remote');

interface RemoteRef {
  readonly subject: Subject;
  readonly handle: number;
}

/** A learner function as the trusted side holds it: calling it runs it in the subject. */
export type RemoteFunction = ((...args: unknown[]) => Promise<unknown>) & { readonly [REMOTE]: RemoteRef };

/** Why a call into the subject failed: the learner's function threw or rejected. */
export class RemoteThrow extends Error {
  constructor(
    readonly thrown: unknown,
    /** True when it threw synchronously, false when its promise rejected. */
    readonly sync: boolean,
  ) {
    super(thrown instanceof Error ? thrown.message : String(thrown));
    this.name = 'RemoteThrow';
  }
}

/** The subject ended (or was ended) while the trusted side waited for it. */
export class SubjectEnded extends Error {
  constructor(readonly end: SubjectEnd) {
    super(describeEnd(end));
    this.name = 'SubjectEnded';
  }
}

export function describeEnd(end: SubjectEnd): string {
  // Stopped by the grader (a test's time limit, the end of its file): its signal says nothing about the learner's code.
  if (end.stopped && !end.crash) return `the grader had stopped the code under test's process (${end.signal ?? `exit code ${end.code}`})`;
  if (end.crash) return `the code under test threw ${end.crash.name}: ${end.crash.message} where nothing caught it, which ends a Node process`;
  if (end.signal === 'SIGABRT' || end.code === 134) return 'the code under test ran out of memory, and its process ended';
  if (end.code !== null) return `the code under test called process.exit(${end.code})`;
  return `the code under test's process was ended by ${end.signal ?? 'a signal'}`;
}

function isRemote(value: unknown): value is { [REMOTE]: RemoteRef } {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && REMOTE in value;
}

function toArgument(value: unknown): Argument {
  if (value === undefined) return { t: 'undefined' };
  if (isRemote(value)) return { t: 'ref', handle: value[REMOTE].handle };
  return { t: 'json', v: value };
}

export interface SubjectOptions {
  /** The staged target folder the subject imports learner files from. */
  readonly target: string;
  /** Extra environment variables for the learner's code (NODE_ENV, say). */
  readonly env?: Readonly<Record<string, string>>;
}

interface Pending {
  readonly resolve: (value: Encoded) => void;
  readonly reject: (error: Error) => void;
}

export class Subject {
  private readonly pending = new Map<number, Pending>();
  /** Whether the last answer was a promise's value; per remote function, see returnedPromise(). */
  private lastPromise = false;
  private nextId = 1;
  private lastAlive = Date.now();
  private output = '';
  private outputDropped = 0;
  private crash: RemoteError | null = null;
  private stopping = false;
  private endInfo: SubjectEnd | null = null;
  readonly ended: Promise<SubjectEnd>;
  private readonly ready: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly home: string,
    readonly isolation: string,
    private readonly target: string,
  ) {
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.ended = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.endInfo = { code, signal, crash: this.crash, stopped: this.stopping };
        rmSync(home, { recursive: true, force: true });
        for (const { reject } of this.pending.values()) reject(new SubjectEnded(this.endInfo));
        this.pending.clear();
        markReady();
        resolve(this.endInfo);
      });
    });
    child.on('error', () => undefined);
    child.on('message', (raw) => {
      const parsed = replySchema.safeParse(raw);
      if (!parsed.success) return; // not ours to read: ignored, never trusted
      this.lastAlive = Date.now();
      this.receive(parsed.data, markReady);
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.keepOutput(chunk));
    }
  }

  static async start(options: SubjectOptions): Promise<Subject> {
    // Inside the grade's temporary folder: whatever happens to this subject, it goes when the grade's staged copy does.
    const home = mkdtempSync(join(sharedTmp(options.target), 'home-'));
    const env: Record<string, string> = {
      // An allow-list: the learner's code sees none of the grader's own environment.
      ...pick(process.env, ['PATH', 'Path', 'SystemRoot', 'windir', 'COMSPEC', 'PATHEXT', 'LANG']),
      HOME: home,
      USERPROFILE: home,
      // One temporary folder for the subjects of a grade (TypeScript's compile cache stays warm), removed with its staged copy.
      TMPDIR: sharedTmp(options.target),
      TMP: sharedTmp(options.target),
      TEMP: sharedTmp(options.target),
      // A copy in its own home: the course's path is not the subject's business.
      TSX_TSCONFIG_PATH: subjectTsconfig(home, options.target),
      NODE_ENV: 'test',
      // Vite (lesson 02 on) keeps its cache here, not in the read-only course (shared/vite-config.ts).
      REALTIME_REMIX_CACHE_DIR: join(home, 'vite-cache'),
      ...(options.env ?? {}),
    };
    const node = [process.execPath, '--max-old-space-size=256', '--import', TSX_LOADER, SUBJECT_MAIN];
    // Vite (lesson 02) bundles vite.config.ts into the nearest node_modules/.vite-temp and imports it from there.
    const viteTemp = join(REPO_ROOT, 'node_modules', '.vite-temp');
    mkdirSync(viteTemp, { recursive: true });
    const { command, args, isolation } = sandboxCommand(node, { ...sandboxPaths(home, options.target, [viteTemp]), writable: [sharedTmp(options.target)] });
    const child = spawn(command, args, {
      cwd: home,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group (POSIX), so everything it starts is stopped with it.
      ...OWN_GROUP,
    });
    // The engine stops it too, should this worker be killed before it can (grader/engine/vitest-run.ts).
    if (child.pid !== undefined) recordProgress({ kind: 'subject', pid: process.pid, subject: child.pid });
    const subject = new Subject(child, home, isolation, options.target);
    const started = await Promise.race([
      subject.ready.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STARTUP_MS).unref()),
    ]);
    if (!started || subject.endInfo) {
      subject.stop();
      throw new Error(`the grader could not start a process for the code under test${subject.output ? `: ${subject.output.slice(-500)}` : ''}`);
    }
    return subject;
  }

  /**
   * Tells the subject where learner files are, and, under mutation testing,
   * which mutant is active for the test about to run (StrykerJS sets both in
   * this process; its instrumented code reads them in the subject's).
   */
  async initFor(): Promise<void> {
    const stryker = (globalThis as { __stryker__?: { activeMutant?: unknown; currentTestId?: unknown } }).__stryker__;
    await this.request(
      'init',
      {
        target: this.target,
        ...(stryker ? { stryker: { activeMutant: stryker.activeMutant, currentTestId: stryker.currentTestId } } : {}),
      },
      { ms: STARTUP_MS, what: 'starting the code under test' },
    );
  }

  private receive(message: SubjectMessage, markReady: () => void): void {
    switch (message.kind) {
      case 'ready':
        markReady();
        break;
      case 'alive':
        break;
      case 'output':
        this.keepOutput(message.text);
        break;
      case 'crash':
        this.crash ??= toError(message.error);
        break;
      case 'coverage':
        break;
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.ok) {
          this.lastPromise = message.promise;
          pending.resolve(message.value);
        }
        else pending.reject(new RemoteThrow(this.decode(message.error), message.sync));
        break;
      }
    }
  }

  private keepOutput(text: string): void {
    const room = OUTPUT_CAP - this.output.length;
    if (room <= 0) {
      this.outputDropped += text.length;
      return;
    }
    this.output += text.slice(0, room);
    this.outputDropped += Math.max(0, text.length - room);
  }

  /** What the code under test printed so far (capped). */
  printed(): string {
    return this.outputDropped > 0 ? `${this.output}\n… ${this.outputDropped} more characters not kept` : this.output;
  }

  private shownUpTo = 0;
  private droppedShown = 0;

  /** What it printed since the last call: a test shows it as its own output. */
  takeOutput(): string {
    const fresh = this.output.slice(this.shownUpTo);
    const dropped = this.outputDropped - this.droppedShown;
    this.shownUpTo = this.output.length;
    this.droppedShown = this.outputDropped;
    return dropped > 0 ? `${fresh}\n… ${dropped} more characters not kept` : fresh;
  }

  /** True once it has ended or is being ended: never to be handed to another test. */
  get finished(): boolean {
    return this.stopping || this.endInfo !== null;
  }

  /** How the subject ended, or null while it runs. */
  get end(): SubjectEnd | null {
    return this.endInfo;
  }

  /** What the subject reported it threw where nothing caught it, if it did. */
  get crashed(): RemoteError | null {
    return this.crash;
  }

  /** True when its event loop has not turned for the time limit (or `ms`): synchronous code that does not end. */
  isBlocked(ms = blockedLimitMs): boolean {
    return this.endInfo === null && Date.now() - this.lastAlive >= ms;
  }

  /**
   * Sends one request and waits for its answer, at most `ms`. A subject that
   * stops turning its event loop fails the wait early, and is stopped.
   */
  async request(
    op: string,
    args: Record<string, unknown>,
    /** `blockedMs`: how long a silent event loop is tolerated before it counts as blocked (the time limit unless said). */
    options: { ms: number; what: string; blockedMs?: number },
  ): Promise<Encoded> {
    if (this.endInfo) throw new SubjectEnded(this.endInfo);
    const id = this.nextId++;
    const answer = new Promise<Encoded>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    answer.catch(() => undefined);
    try {
      this.child.send({ id, op, args });
    } catch {
      // It ended a moment ago: the exit handler rejects the answer.
    }
    const deadline = Date.now() + options.ms;
    let timer: NodeJS.Timeout | undefined;
    const watch = new Promise<never>((_resolve, reject) => {
      const tick = (): void => {
        // Heartbeats this process has not read yet are not silence: let pending I/O in first.
        setImmediate(() => check());
      };
      const check = (): void => {
        const limit = options.blockedMs ?? blockedLimitMs;
        if (this.isBlocked(limit)) {
          this.stop();
          reject(new GradeTimeout(`${options.what} never gave control back: synchronous code that does not end (a loop?) blocked the process for ${Math.round(limit / 100) / 10} s, so the grader stopped it`));
          return;
        }
        if (Date.now() >= deadline) {
          // Silent for a few heartbeats at the deadline: it is blocked, not waiting.
          if (this.isBlocked(SILENT_AT_DEADLINE_MS)) {
            this.stop();
            reject(new GradeTimeout(`${options.what} never gave control back: synchronous code that does not end (a loop?) blocked its process, so the grader stopped it`));
          } else {
            reject(new GradeTimeout(`${options.what} did not settle within ${options.ms} ms: it returned a promise that never resolved or rejected`));
          }
          return;
        }
        timer = setTimeout(tick, 50);
      };
      timer = setTimeout(tick, 50);
    });
    try {
      return await Promise.race([answer, watch]);
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  /** Turns an answer into a value a test can inspect: data as data, functions and objects with methods as remote stubs. */
  decode(value: Encoded): unknown {
    switch (value.t) {
      case 'undefined':
        return undefined;
      case 'json':
        return value.v;
      case 'number':
        return value.v === '-0' ? -0 : Number(value.v);
      case 'bigint':
        return BigInt(value.v);
      case 'symbol':
        return Symbol(value.v);
      case 'bytes':
        return new RemoteBytes(value.kind, value.length, value.text);
      case 'error':
        return toError(value);
      case 'function':
        return this.remoteFunction(value.handle, value.name);
      case 'array':
        return value.items.map((item) => this.decode(item));
      case 'opaque':
        return new RemoteOpaque(value.what);
      case 'object': {
        const object: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(value.fields)) object[key] = this.decode(field);
        for (const [key, handle] of Object.entries(value.methods)) object[key] = this.remoteFunction(handle, key);
        Object.defineProperty(object, REMOTE, { value: { subject: this, handle: value.handle } satisfies RemoteRef });
        Object.defineProperty(object, KIND, { value: value.kind });
        return object;
      }
    }
  }

  private remoteFunction(handle: number, name: string): RemoteFunction {
    const fn = async (...args: unknown[]): Promise<unknown> => {
      const answer = await this.request('call', { handle, args: args.map(toArgument) }, { ms: CALL_MS, what: `${name || 'a function'}()` });
      promised.set(fn, this.lastPromise);
      return this.decode(answer);
    };
    Object.defineProperty(fn, REMOTE, { value: { subject: this, handle } satisfies RemoteRef });
    Object.defineProperty(fn, 'name', { value: name });
    return fn as RemoteFunction;
  }

  /** Ends the subject and everything it started. */
  stop(): void {
    if (this.endInfo) return;
    this.stopping = true;
    if (this.child.pid !== undefined) killGroup(this.child.pid);
  }

  async stopAndWait(ms = 2000): Promise<void> {
    this.stop();
    await Promise.race([this.ended, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  }
}

/** The grade's temporary folder (engine/paths.ts), made on first use. */
function sharedTmp(target: string): string {
  const dir = gradeTmpDir(target);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The TypeScript options learner files compile with (JSX for React 17+), in the subject's home. */
function subjectTsconfig(home: string, target: string): string {
  const path = join(home, 'tsconfig.json');
  // tsx applies a tsconfig only to the files it includes: without `include`, those under home alone.
  const include = [join(target, '**', '*')];
  writeFileSync(path, JSON.stringify({ compilerOptions: { jsx: 'react-jsx', target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', verbatimModuleSyntax: true }, include }));
  return path;
}

/**
 * What the subject may see of the course under a sandbox: not the reference
 * solutions, the starters, the graded tests and manifest (quiz keys), the
 * lessons, other grades' staged copies or the grader's home; only the
 * staged submission, its own code (grader/subject/), shared/ and node_modules.
 */
function sandboxPaths(home: string, target: string, scratch: readonly string[]): SandboxPaths {
  const root = REPO_ROOT;
  const staging = join(root, '.grading');
  const hidden = ['solutions', 'exercises', 'grader', 'lessons', 'test', 'quality', '.git', '.grader', '.grading', 'reports'].map((d) => join(root, d));
  const userHome = homedir();
  if (!isWithin(userHome, root)) hidden.push(userHome);
  // Where a path must be mounted. Through a link (node_modules in a copy of the course, or StrykerJS's
  // sandbox), its target; and the link's own place too where a hidden folder (or /tmp, when the course
  // itself lives there) covers it, since the link is then re-made as a mount of its own, which a mount
  // at the target alone does not reach. Bind-mounting onto a link that is still there fails.
  const mountPoints = (path: string): string[] => {
    const real = realpathSync(path);
    if (real === path) return [path];
    const covered = isWithin(tmpdir(), path) || isWithin('/tmp', path) || hidden.some((dir) => isWithin(dir, path));
    return covered ? [real, path] : [real];
  };
  return {
    home,
    hidden: hidden.filter((dir) => existsSync(dir)),
    // Shown again where a hidden folder (or /tmp) covers them.
    readable: [
      ...new Set(
        [join(root, 'node_modules'), join(root, 'shared'), join(root, 'package.json'), join(GRADER_DIR, 'subject'), target, nodeInstall()]
          .filter((path) => existsSync(path))
          .flatMap(mountPoints),
      ),
    ],
    scratch: [...new Set(scratch.filter((path) => existsSync(path)).flatMap(mountPoints))],
    links: isWithin(staging, target) ? [[join('..', 'shared'), join(staging, 'shared')]] : [],
  };
}

/**
 * The Node installation the subject runs on (…/bin/node → …): under the user's home with nvm,
 * under /tmp or a cache for other Node lines, both of which the sandbox hides.
 */
const nodeInstall = (): string => dirname(dirname(realpathSync(process.execPath)));

const isWithin = (parent: string, path: string): boolean => {
  const rel = relative(parent, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const promised = new WeakMap<object, boolean>();

/**
 * Whether the last call of a remote function returned a promise (the test saw
 * only what it resolved to): for a contract that says "returns", not "resolves".
 */
export function returnedPromise(fn: unknown): boolean {
  return typeof fn === 'function' && promised.get(fn) === true;
}

/** How long a remote call may take when the caller does not bound it itself. */
const CALL_MS = 30_000;
const KIND = Symbol('kind');

/** A learner module or value as a test holds it: every function returns a promise of what crossed back. */
export type Remote<T> = T extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Remote<Awaited<R>>>
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: Remote<T[K]> }
    : T extends object
      ? { [K in keyof T]: Remote<T[K]> }
      : T;

let current: Subject | null = null;

/** The subject of the test that is running, if it has one. */
export function currentSubject(): Subject | null {
  return current;
}

export function setCurrentSubject(subject: Subject | null): void {
  current = subject;
}

/** The class name of a remote object ('Object' for a literal), or null for a value that is not one. */
export function remoteKind(value: unknown): string | null {
  return typeof value === 'object' && value !== null && KIND in value ? String((value as Record<symbol, unknown>)[KIND]) : null;
}

/** Reads `key` of a remote object now (not the snapshot taken when it crossed). */
export async function readRemote(value: unknown, key: string, ms = 1000): Promise<unknown> {
  if (!isRemote(value)) throw new Error('readRemote() needs a value that came from the subject');
  const { subject, handle } = value[REMOTE];
  try {
    return subject.decode(await subject.request('get', { handle, key }, { ms, what: `reading ${key}` }));
  } catch (error) {
    if (error instanceof RemoteThrow) throw new GradeFailure(`reading ${key} threw ${describeRemote(error.thrown)}`);
    throw error;
  }
}

/**
 * What went wrong in the running test's subject outside any call, in words:
 * an exception nothing caught (which ends a Node process, as in production),
 * or the process ending by itself. Null while it runs unharmed.
 */
export function learnerCrash(): string | null {
  const subject = current;
  if (!subject) return null;
  if (subject.crashed) return describeEnd({ code: null, signal: null, crash: subject.crashed, stopped: false });
  const end = subject.end;
  if (end && !end.stopped) return describeEnd(end);
  return null;
}

function toError(value: Encoded): RemoteError {
  if (value.t === 'error') return new RemoteError(value.name, value.message, value.stack);
  return new RemoteError('Error', value.t === 'json' ? String(value.v) : `a thrown ${value.t}`, '');
}

export function describeRemote(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

function pick(env: NodeJS.ProcessEnv, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
