/**
 * What the lesson 07 tests share: starting the fixtures of grader/subject/fixtures/07-keep-alive.ts
 * in the test's subject. Verdicts come from the trusted side's probes (pings that reached them,
 * frames, how their connections ended) and from values of the learner's code that crossed (when
 * onSilent ran, on the clock the test moves; how many timers it left).
 */
import type { GradedExercise, Remote } from '../../../harness';
import type { FloodFixture, HeartbeatFixture, WatchFixture } from '../../../subject/fixtures/07-keep-alive';

export const FIXTURE = '07-keep-alive';

/** The heartbeat interval the server tests give keepAlive(): on the fake clock, so its size costs no time. */
export const INTERVAL_MS = 1000;

/** How long a frame may take to cross loopback, in real time, before the test says it never came. */
export const CROSSING_MS = 1000;

export type Heartbeat = Remote<HeartbeatFixture>;
export type Watch = Remote<WatchFixture>;
export type Flood = Remote<FloodFixture>;

/** Runs `exported` of the fixture in the subject; a throw of the learner's code there fails as `what`. */
export const startFixture = <T>(ex: GradedExercise, exported: string, args: unknown, what: string): Promise<T> => ex.fixture<T>(FIXTURE, exported, args, what);

/** 1st, 2nd, 3rd, 4th… */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
