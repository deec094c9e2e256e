/**
 * The narrow channel between a graded test (the trusted side) and the subject
 * process that runs the learner's code. The trusted side sends requests; the
 * subject answers each with plain data. Nothing the subject says is ever read
 * as a test's outcome: answers are the learner's behaviour (a return value, a
 * property, what a page rendered), which the trusted side judges.
 *
 * Every message from the subject is validated here before anything reads it,
 * because the subject is whatever the learner's code made of it.
 */
import { z } from 'zod';

/** How a value crosses the boundary: data as data, everything live as a handle. */
export type Encoded =
  | { readonly t: 'undefined' }
  | { readonly t: 'json'; readonly v: string | number | boolean | null }
  | { readonly t: 'number'; readonly v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { readonly t: 'bigint'; readonly v: string }
  | { readonly t: 'symbol'; readonly v: string }
  | { readonly t: 'bytes'; readonly kind: string; readonly length: number; readonly text: string }
  | { readonly t: 'error'; readonly name: string; readonly message: string; readonly stack: string }
  | { readonly t: 'function'; readonly handle: number; readonly name: string }
  | { readonly t: 'array'; readonly items: readonly Encoded[]; readonly length: number }
  | {
      readonly t: 'object';
      readonly handle: number;
      /** The constructor's name ('Object' for a literal). */
      readonly kind: string;
      /** Data properties and getters, read when the value crossed. */
      readonly fields: Readonly<Record<string, Encoded>>;
      /** Methods (own or inherited) by name, callable later through the handle. */
      readonly methods: Readonly<Record<string, number>>;
    }
  /** Something that cannot cross, described in words (a Promise, a Map, a cycle, depth exhausted). */
  | { readonly t: 'opaque'; readonly what: string; readonly handle: number };

/** A value the trusted side passes in: data, or a handle the subject gave it earlier. */
export type Argument =
  | { readonly t: 'undefined' }
  | { readonly t: 'json'; readonly v: unknown }
  | { readonly t: 'ref'; readonly handle: number };

import { MAX_TEXT } from './limits';

export { MAX_TEXT };

const encoded: z.ZodType<Encoded> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('undefined') }),
    z.object({ t: z.literal('json'), v: z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null()]) }),
    z.object({ t: z.literal('number'), v: z.enum(['NaN', 'Infinity', '-Infinity', '-0']) }),
    z.object({ t: z.literal('bigint'), v: z.string().max(1000) }),
    z.object({ t: z.literal('symbol'), v: z.string().max(1000) }),
    z.object({ t: z.literal('bytes'), kind: z.string().max(100), length: z.number().int().nonnegative(), text: z.string().max(MAX_TEXT) }),
    z.object({ t: z.literal('error'), name: z.string().max(1000), message: z.string().max(MAX_TEXT), stack: z.string().max(MAX_TEXT) }),
    z.object({ t: z.literal('function'), handle: z.number().int(), name: z.string().max(1000) }),
    z.object({ t: z.literal('array'), items: z.array(encoded).max(1000), length: z.number().int().nonnegative() }),
    z.object({
      t: z.literal('object'),
      handle: z.number().int(),
      kind: z.string().max(1000),
      fields: z.record(z.string().max(1000), encoded),
      methods: z.record(z.string().max(1000), z.number().int()),
    }),
    z.object({ t: z.literal('opaque'), what: z.string().max(1000), handle: z.number().int() }),
  ]),
) as z.ZodType<Encoded>;

export const encodedSchema = encoded;

/** What the trusted side asks. `op` names an operation of grader/subject/main.ts. */
export interface Request {
  readonly id: number;
  readonly op: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export const replySchema = z.union([
  /** `promise`: what the operation returned was a promise (its value is what it resolved to). */
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(true), value: encoded, promise: z.boolean() }),
  /** `sync`: the function threw before returning (else its promise rejected). */
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: encoded, sync: z.boolean() }),
  /** Thrown where no call can catch it (an event handler, a timer): the subject ends after this. */
  z.object({ kind: z.literal('crash'), error: encoded }),
  z.object({ kind: z.literal('ready') }),
  /** Ten times a second while the subject's event loop turns: it only chooses between "blocked" and "never settled" in a message. */
  z.object({ kind: z.literal('alive') }),
  /** What the code under test printed, capped by the subject. */
  z.object({ kind: z.literal('output'), text: z.string().max(MAX_TEXT) }),
  /** Mutation testing only: which mutants the code under test reached (StrykerJS's own bookkeeping). */
  z.object({ kind: z.literal('coverage'), coverage: z.unknown() }),
]);

export type SubjectMessage = z.infer<typeof replySchema>;
