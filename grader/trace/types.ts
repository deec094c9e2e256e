import type { z } from 'zod';
import type { ExpectedStepSchema, STEP_KINDS, TraceSchema, TraceStepSchema } from '../schema/report';

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

export type StepKind = (typeof STEP_KINDS)[number];

export type Actor = TraceStep['actor'];

/** One row of a test's Execution Table (schema and field meanings: grader/schema/report.ts). */
export type TraceStep = z.infer<typeof TraceStepSchema>;

/** A step the test expects, in order: kind and actor always, text and close code when given. */
export type ExpectedStep = z.infer<typeof ExpectedStepSchema>;

/** Where a run left the expected path. */
export type Divergence = NonNullable<TestTrace['divergence']>;

export type TestTrace = z.infer<typeof TraceSchema>;
