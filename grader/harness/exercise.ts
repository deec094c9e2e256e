/**
 * How a graded test file declares its tests and reaches the learner's code.
 * Tests never import exercise files directly: the engine chooses the target
 * folder (exercises/, solutions/ or any copy laid out like them).
 */
import { sep } from 'node:path';
import { expect, test } from 'vitest';
import { findExercise, type ExerciseSpec } from '../manifest';
import { DEFAULT_TARGET, TARGET_ENV } from '../engine/paths';
import { recordProgress } from './progress';
import { thisWorkersRunFile } from '../engine/run-file';
import { beginTrace, endTrace } from './recorder';
import { onCleanup, runCleanups } from './resources';
import { currentSubject, describeEnd, learnerCrash, RemoteThrow, setCurrentSubject, SILENT_AT_DEADLINE_MS, Subject, SubjectEnded, type Remote } from './subject';
import { explainsCrash, GradeNotRun, GradeTimeout, LearnerCrash } from './failure';
import { finishTaps } from './wire-tap';
import { call } from './timing';

/** The learner's module could not be used at all: it does not load, or lacks an export. */
export class ExerciseLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseLoadError';
  }
}

/** How long loading one learner file may take (tsx compiles it on the way). */
const LOAD_MS = 10_000;

export function targetDir(): string {
  return process.env[TARGET_ENV] ?? DEFAULT_TARGET;
}

export interface GradedExercise {
  readonly spec: ExerciseSpec;
  /** Declares the manifest test `id`. Everything the test opened is closed after it. */
  test(id: string, body: () => Promise<void>): void;
  /**
   * Loads one of the learner's files in this test's subject process (started
   * on first use) and checks that it exports a function under each of
   * `functions`. What comes back is the module as it crossed: its functions
   * run in the subject when called.
   */
  load<Module>(file: string, functions: readonly string[]): Promise<Remote<Module>>;
  /** This test's subject process, started on first use: where the learner's code runs. */
  subject(): Promise<Subject>;
  /**
   * Runs `exported` of grader/subject/fixtures/<fixture>.ts in this test's subject with `args`, as a
   * call of the learner's code named `what`: a throw there fails the test in those words, a wait past
   * `ms` is a timeout. What it returns crosses as any value does.
   */
  fixture<T>(fixture: string, exported: string, args: unknown, what: string, ms?: number): Promise<T>;
  /**
   * The same request for course code alone (a scratch folder, the course's chat server): what it
   * throws or how it times out is told as it is, not as the learner's. `blockedMs` is how long its
   * event loop may stay silent (one long synchronous require) before the subject counts as blocked.
   */
  courseFixture<T>(fixture: string, exported: string, args: unknown, options: { what: string; ms: number; blockedMs?: number }): Promise<T>;
}

let spare: Promise<Subject> | null = null;
let idle: Subject | null = null;
let current: Promise<Subject> | null = null;
let currentPassed = false;
let currentTestId: string | null = null;
/** Learner files whose loading never gave control back, and the test that found it: loading them again would hang again. */
const blockedLoads = new Map<string, string>();

/** How long loading the page's modules may keep the subject's event loop silent (grader/subject/page.ts install()). */
export const PAGE_LOAD_BLOCKED_MS = 20_000;

/** Set by gradedExercise(…, { page }): spare subjects load the page's modules (jsdom, React; Remix's for 'routes') while they wait. */
let preloadPage: false | { routes: boolean } = false;

const freshSubject = (env?: Readonly<Record<string, string>>): Promise<Subject> => {
  const started = Subject.start({ target: targetDir(), ...(env ? { env } : {}) }).then(async (subject) => {
    // Loading jsdom is one long synchronous require (seconds on a busy machine): course code, not a learner's loop.
    if (preloadPage) await subject.request('page', preloadPage, { ms: 30_000, what: 'loading the page', blockedMs: PAGE_LOAD_BLOCKED_MS }).catch(() => undefined);
    return subject;
  });
  started.catch(() => undefined);
  return started;
};

/**
 * This test's subject. Starting one costs a Node process with a TypeScript
 * loader (about half a second), so a test file's tests share one while they
 * pass; after a test that did not pass, or whose subject crashed or was
 * stopped, the next test gets a fresh one. One more always starts in the
 * background, so a test rarely waits for it.
 */
function subjectForTest(env?: Readonly<Record<string, string>>): Promise<Subject> {
  if (current) return current;
  let taken: Promise<Subject>;
  if (env) {
    taken = freshSubject(env);
  } else if (idle && !idle.finished && !idle.crashed) {
    taken = Promise.resolve(idle);
  } else {
    taken = spare ?? freshSubject();
    spare = freshSubject();
  }
  idle = null;
  const mine = taken.then(async (subject) => {
    setCurrentSubject(subject);
    await subject.initFor();
    return subject;
  });
  current = mine;
  currentPassed = false;
  onCleanup(async () => {
    const subject = await mine.catch(() => null);
    if (current === mine) {
      current = null;
      setCurrentSubject(null);
    }
    if (!subject) return;
    await collectMutantCoverage(subject);
    // What the learner's code printed is this test's output in the report (console is captured per test).
    const printed = subject.takeOutput();
    if (printed) console.log(printed);
    if (currentPassed && current === null && !env && !subject.finished && !subject.crashed) idle = subject;
    else await subject.stopAndWait();
  });
  return mine;
}

type Counts = Record<string, number>;
interface MutantCoverage {
  static: Counts;
  perTest: Record<string, Counts>;
}

/**
 * Mutation testing only (npm run mutation): the mutants the learner's code
 * reached in the subject are added to this process's StrykerJS record, which
 * Stryker reads after each file. Never part of a grade.
 */
async function collectMutantCoverage(subject: Subject): Promise<void> {
  const ns = (globalThis as { __stryker__?: { mutantCoverage?: MutantCoverage } }).__stryker__;
  if (!ns || subject.end) return;
  let text: unknown;
  try {
    text = subject.decode(await subject.request('coverage', {}, { ms: 2000, what: 'reading mutant coverage' }));
  } catch {
    return;
  }
  if (typeof text !== 'string') return;
  const theirs = JSON.parse(text) as Partial<MutantCoverage>;
  const ours = (ns.mutantCoverage ??= { static: {}, perTest: {} });
  const add = (into: Counts, from: Counts | undefined): void => {
    for (const [mutant, hits] of Object.entries(from ?? {})) into[mutant] = (into[mutant] ?? 0) + hits;
  };
  add(ours.static, theirs.static);
  for (const [test, counts] of Object.entries(theirs.perTest ?? {})) add((ours.perTest[test] ??= {}), counts);
}

export interface ExerciseOptions {
  /** Environment variables the learner's code runs with (NODE_ENV=production, say); such a test's subject is its own. */
  readonly subjectEnv?: Readonly<Record<string, string>>;
  /** The tests open pages (grader/harness/page.ts): subjects load jsdom and React ahead of time ('routes': and Remix, for page.mountRoute). */
  readonly page?: boolean | 'routes';
}

export function gradedExercise(exerciseId: string, options: ExerciseOptions = {}): GradedExercise {
  const spec = findExercise(exerciseId);
  if (options.page) {
    preloadPage = { routes: options.page === 'routes' };
    spare ??= freshSubject();
  }
  if (!spec) throw new Error(`Exercise ${exerciseId} is not in grader/manifest`);

  const courseFixture = async <T>(fixture: string, exported: string, args: unknown, request: { what: string; ms: number; blockedMs?: number }): Promise<T> => {
    const subject = await subjectForTest(options.subjectEnv);
    return subject.decode(await subject.request('fixture', { fixture, export: exported, args }, request)) as T;
  };

  return {
    spec,
    test(id, body) {
      if (!spec.tests.some((t) => t.id === id)) {
        throw new Error(`Test "${id}" is not listed for exercise ${spec.id} in grader/manifest`);
      }
      test(id, async () => {
        const file = thisWorkersRunFile(expect.getState().testPath ?? '');
        recordProgress({ kind: 'test-start', pid: process.pid, file, test: id });
        currentTestId = id;
        // A test that Vitest timed out may still be running, holding its subject: never hand that one on.
        if (current) {
          const stale = current;
          current = null;
          setCurrentSubject(null);
          void stale.then((subject) => subject.stop(), () => undefined);
        }
        beginTrace(file, id);
        try {
          try {
            await body();
            // However well the rest went, a test does not pass when the learner's process crashed or ended during it.
            const crash = learnerCrash();
            if (crash) throw new LearnerCrash(`${crash}, during this test`);
          } finally {
            finishTaps();
            endTrace();
          }
          recordProgress({ kind: 'test-end', pid: process.pid, file, test: id, ok: true });
          currentPassed = true;
        } catch (caught) {
          const error = rootCause(caught);
          const info = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
          recordProgress({ kind: 'test-end', pid: process.pid, file, test: id, ok: false, error: info });
          throw error;
        } finally {
          await runCleanups();
        }
      });
    },
    subject: () => subjectForTest(options.subjectEnv),
    courseFixture,
    fixture: <T>(fixture: string, exported: string, args: unknown, what: string, ms = 5000): Promise<T> =>
      call(what, () => courseFixture<T>(fixture, exported, args, { what, ms }), ms),
    async load<Module>(file: string, functions: readonly string[]): Promise<Remote<Module>> {
      if (!spec.files.includes(file)) throw new Error(`${file} is not a file of exercise ${spec.id}`);
      const shown = `${spec.slug}/${file}`;
      const blockedIn = blockedLoads.get(shown);
      if (blockedIn) throw new GradeNotRun(`not run: loading ${file} in an earlier test (${blockedIn}) hung, never giving control back, and it is the same file`);
      const subject = await subjectForTest(options.subjectEnv);
      let module: Record<string, unknown>;
      try {
        module = subject.decode(await subject.request('load', { file: `${spec.slug}/${file}` }, { ms: LOAD_MS, what: `loading ${shown}` })) as Record<string, unknown>;
      } catch (error) {
        const failure = describeLoadFailure(shown, error);
        if (failure instanceof GradeTimeout && /never gave control back/.test(failure.message)) blockedLoads.set(shown, currentTestId ?? 'an earlier test');
        throw failure;
      }
      for (const name of functions) {
        if (typeof module[name] !== 'function') {
          const found = module[name] === undefined ? 'nothing by that name' : `a ${typeof module[name]}`;
          throw new ExerciseLoadError(`${shown} should export a function named ${name}, but exports ${found}`);
        }
      }
      return module as Remote<Module>;
    },
  };
}

/**
 * What really ended a failing test. A probe that waited in vain ("never
 * replied") is only the symptom when the learner's process crashed, ended or
 * blocked meanwhile: the report names the cause, which the trusted side saw itself.
 */
function rootCause(error: unknown): unknown {
  if (error instanceof ExerciseLoadError || error instanceof GradeNotRun || explainsCrash(error)) return error;
  const crash = learnerCrash();
  if (crash) return new LearnerCrash(`${crash}, during this test`);
  const subject = currentSubject();
  if (subject?.isBlocked(SILENT_AT_DEADLINE_MS) && !(error instanceof GradeTimeout && /never gave control back/.test(error.message))) {
    subject.stop();
    return new GradeTimeout('the code under test never gave control back: synchronous code that does not end (a loop?) blocked its process, so the grader stopped it');
  }
  return error;
}

function describeLoadFailure(file: string, error: unknown): Error {
  if (error instanceof GradeTimeout) return new GradeTimeout(error.message);
  if (error instanceof SubjectEnded) {
    const { end } = error;
    if (!end.crash && end.code !== null) {
      return new ExerciseLoadError(`${file} called process.exit(${end.code}) while loading; code under test must never end the process`);
    }
    return new ExerciseLoadError(`${file} ended its process while loading: ${describeEnd(end)}`);
  }
  const thrown = error instanceof RemoteThrow ? error.thrown : error;
  // Paths as the learner knows them: relative to the folder graded, not the staged copy's.
  const message = (thrown instanceof Error ? thrown.message : String(thrown)).replace(/\?load=\d+/g, '').split(`${targetDir()}${sep}`).join('');
  if (/Transform failed|SyntaxError|Expected|Unexpected/.test(message)) {
    return new ExerciseLoadError(`${file} does not compile: ${firstLines(message)}`);
  }
  if (/Cannot find module|Cannot find package|Failed to load url|ENOENT|ERR_MODULE_NOT_FOUND/.test(message)) {
    return new ExerciseLoadError(`${file} is missing or imports something that does not exist: ${firstLines(message)}`);
  }
  return new ExerciseLoadError(`${file} threw while loading: ${thrown instanceof Error ? `${thrown.name}: ` : ''}${firstLines(message)}`);
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' ').trim();
}
