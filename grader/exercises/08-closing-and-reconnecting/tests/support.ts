/**
 * What the lesson 08 tests share: the fixtures of grader/subject/fixtures/08-reconnect.ts, started
 * in the test's subject. Verdicts come from the test's probe server (which connections reach it,
 * when on the fake clock, and what they send) and from values of the learner's code that crossed.
 */
import type { GradedExercise, Remote } from '../../../harness';
import type { ConnectionFixture, ConnectionOptions, ShutdownFixture } from '../../../subject/fixtures/08-reconnect';

export const FIXTURE = '08-reconnect';

/** How long a frame or a connection may take to cross loopback, in real time, before the test says it never came. */
export const CROSSING_MS = 1000;

export type Connection = Remote<ConnectionFixture>;
export type Shutdown = Remote<ShutdownFixture>;
export type { ConnectionOptions };

/** Runs `exported` of the fixture in the subject; a throw of the learner's code there fails as `what`. */
export const startFixture = <T>(ex: GradedExercise, exported: string, args: unknown, what: string): Promise<T> => ex.fixture<T>(FIXTURE, exported, args, what);
