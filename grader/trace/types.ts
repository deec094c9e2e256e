import type { Stage } from '../engine/stages';

/**
 * One side's state after a step, in the seed lesson's words. Derived from what
 * crossed the wire (RFC 6455 §4 and §7): a client is Connecting until the 101
 * reaches it; a side that sent or received a close frame is Closing; both are
 * Closed when the TCP connection has ended. 'not observed' when the harness
 * could not see it.
 */
export type SideState = string;

export const WAITING = 'Waiting for connection';
export const NOT_OBSERVED = 'not observed';

export type StepKind =
  | 'connect'
  | 'accept'
  | 'refuse'
  | 'send'
  | 'receive'
  | 'stay-open'
  | 'ping'
  | 'pong'
  | 'close'
  | 'drop'
  | 'unreadable';

export type Actor = 'client' | 'server';

export interface TraceStep {
  /** 1-based. */
  readonly step: number;
  /** Milliseconds since the test began. */
  readonly atMs: number;
  /** Which connection of the test, 1-based, in the order they were opened. */
  readonly connection: number;
  readonly stage: Stage;
  readonly kind: StepKind;
  readonly actor: Actor;
  readonly action: string;
  readonly client: SideState;
  readonly server: SideState;
  /** What crossed the wire in this step ("Client -> Server: 'Hello Server'"), or null for none. */
  readonly message: string | null;
  /** The message text, cut to 60 characters; for matching expectations. */
  readonly text?: string;
  readonly code?: number | null;
  readonly result: string;
}

/** A step the test expects, in order: kind and actor always, text and close code when given. */
export interface ExpectedStep {
  readonly kind: StepKind;
  readonly actor: Actor;
  readonly text?: string;
  readonly code?: number;
  /** How the step reads in the table ("Server sends 'Hello Client'"). */
  readonly action: string;
}

export interface Divergence {
  /** Index into the steps where the run left the expected path; steps.length when a step is missing at the end. */
  readonly index: number;
  readonly expected: string;
  readonly observed: string | null;
}

export interface TestTrace {
  readonly steps: readonly TraceStep[];
  readonly expected: readonly ExpectedStep[] | null;
  readonly divergence: Divergence | null;
  /** Steps left out of a long trace (grader/engine/bounded.ts); the kept ones keep their numbers. */
  readonly omittedSteps?: number;
}
