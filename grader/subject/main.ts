/**
 * The subject process: the only place learner code runs. A graded test (the
 * trusted side, grader/harness/subject.ts) starts one per test and drives it
 * through the requests below; every answer is plain data (protocol.ts). This
 * process holds no secret and decides nothing: whatever the learner's code
 * does to it (patching globals, lying in answers, exiting) can only change
 * what the trusted side observes, never how it judges.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeArgument, encode, Handles } from './encode';
import type { Argument, Encoded, Request } from './protocol';

type Send = (message: unknown) => void;

const handles = new Handles();
const send: Send = (message) => {
  if (process.connected) process.send?.(message);
};

let target: string | null = null;
let loads = 0;

interface StrykerState {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: unknown;
}

/** What a fixture (grader/subject/fixtures/) gets: the way to load the learner's files. */
export interface FixtureContext {
  readonly load: (file: string) => Promise<Record<string, unknown>>;
}

type Operation = (args: Record<string, unknown>) => Promise<unknown> | unknown;

/** Operations the page driver adds (grader/subject/page.ts), loaded only by tests that need a DOM. */
const extra = new Map<string, Operation>();

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/**
 * Imports the learner's `file`: a fresh copy each time, so a test sees the file as it is now;
 * with `shared`, the one copy the learner's own imports of it share (a React context's module).
 */
export async function loadLearnerModule(file: string, shared = false): Promise<Record<string, unknown>> {
  if (target === null) throw new Error('the subject was not told its target');
  const path = join(target, file);
  if (!inside(target, path)) throw new Error(`${file} is outside the target`);
  loads += 1;
  return (await import(shared ? pathToFileURL(path).href : `${pathToFileURL(path).href}?load=${loads}`)) as Record<string, unknown>;
}

const operations: Record<string, Operation> = {
  init(args) {
    target = String(args.target);
    printed = 0;
    const stryker = args.stryker as StrykerState | undefined;
    // Mutation testing: StrykerJS's instrumented code reads its switches from this global.
    if (stryker) {
      const scope = globalThis as { __stryker__?: StrykerState };
      const ns = (scope.__stryker__ ??= {});
      ns.activeMutant = stryker.activeMutant;
      ns.currentTestId = stryker.currentTestId;
    }
    return true;
  },
  async load(args) {
    return loadLearnerModule(String(args.file));
  },
  call(args) {
    const entry = handles.get(Number(args.handle));
    const fn = entry.value;
    if (typeof fn !== 'function') throw new TypeError('not a function');
    const list = (args.args as Argument[] | undefined) ?? [];
    // Not async: a synchronous throw must reach handle() before the first await, to be told from a rejection.
    return (fn as (...a: unknown[]) => unknown).apply(entry.self, list.map((a) => decodeArgument(a, handles)));
  },
  get(args) {
    const owner = handles.get(Number(args.handle)).value as Record<string, unknown>;
    return owner[String(args.key)];
  },
  ping: () => 'pong',
  /** Mutation testing: the mutants reached since the last ask, handed over and forgotten here. */
  coverage: () => {
    const ns = (globalThis as { __stryker__?: StrykerState }).__stryker__;
    const coverage = ns?.mutantCoverage as { static?: Record<string, number>; perTest?: Record<string, unknown> } | undefined;
    if (!coverage) return null;
    const text = JSON.stringify(coverage);
    // Emptied in place: every instrumented module keeps a reference to this very object.
    for (const part of [coverage.static, coverage.perTest]) for (const key of Object.keys(part ?? {})) delete (part as Record<string, unknown>)[key];
    return text;
  },
  async page(args) {
    const page = await import('./page');
    await page.install(extra, { handles, load: loadLearnerModule, fixture: runFixture }, args.routes === true);
    return true;
  },
  /**
   * Runs given code of the course's own in this process: `fixture` names a
   * module of grader/subject/fixtures/, whose `name` export is called with the
   * module loader and `args` (a chat server's WebSocketServer for the learner's
   * serveChat(), say). What it returns crosses like any other value.
   */
  fixture: (args) => runFixture(args.fixture, args.export, args.args),
};

/** Calls the `exported` function of grader/subject/fixtures/<name>.ts with the module loader and `args`. */
async function runFixture(name: unknown, exported: unknown, args: unknown): Promise<unknown> {
  const fixture = String(name);
  if (!/^[a-z0-9-]+$/.test(fixture)) throw new Error(`no fixture ${fixture}`);
  const module = (await import(`./fixtures/${fixture}.ts`)) as Record<string, unknown>;
  const fn = module[String(exported)];
  if (typeof fn !== 'function') throw new Error(`fixture ${fixture} has no export ${String(exported)}`);
  return (fn as (context: FixtureContext, args: unknown) => unknown)({ load: loadLearnerModule }, args);
}

async function handle(request: Request): Promise<void> {
  const op = operations[request.op] ?? extra.get(request.op);
  let reply: { ok: true; value: Encoded; promise: boolean } | { ok: false; error: Encoded; sync: boolean };
  let sync = true;
  try {
    if (!op) throw new Error(`unknown operation ${request.op}`);
    const pending = op(request.args ?? {});
    sync = false;
    const promise = typeof (pending as { then?: unknown } | null)?.then === 'function';
    reply = { ok: true, value: encode(await pending, handles), promise };
  } catch (error) {
    reply = { ok: false, error: encode(error, handles, 1), sync };
  }
  send({ kind: 'reply', id: request.id, ...reply });
}

process.on('message', (message) => {
  void handle(message as Request);
});

// Thrown where no call could catch it: as in production, the process ends, after saying what it was.
let crashed = false;
const crash = (error: unknown): void => {
  if (crashed) return;
  crashed = true;
  try {
    process.send?.({ kind: 'crash', error: encode(error, handles, 1) }, () => process.exit(70));
  } catch {
    process.exit(70);
  }
  setTimeout(() => process.exit(70), 500).unref();
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.on('disconnect', () => process.exit(0));

// Code under test may print without end (50 MB of logs). Past this many characters per test its output is
// dropped here, before a pipe to the grader makes each write wait: the grader keeps even less.
const OUTPUT_BUDGET = 256 * 1024;
let printed = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const length = typeof chunk === 'string' ? chunk.length : (chunk as Uint8Array).length;
    if (printed >= OUTPUT_BUDGET) {
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }
    printed += length;
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

setInterval(() => send({ kind: 'alive' }), 100).unref();
send({ kind: 'ready' });
