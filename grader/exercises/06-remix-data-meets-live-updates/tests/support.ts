/**
 * What the lesson 06 tests share: the subject fixtures (grader/subject/fixtures/06-chat-hub.ts)
 * and the words for messages. Every verdict comes from values that crossed from the learner's
 * code (what openStore()'s methods and mergeMessages() returned), from frames on the test's
 * probes, and from the HTML and pages the learner's route rendered.
 */
import { check, describeValue, fail, type GradedExercise, type Remote } from '../../../harness';
import type { HubFixture } from '../../../subject/fixtures/06-chat-hub';
import type * as StoreModule from '../../../../solutions/06-remix-data-meets-live-updates/app/lib/store';

export const FIXTURE = '06-chat-hub';

export type StoredMessage = StoreModule.StoredMessage;
export type NewMessage = StoreModule.NewMessage;
export type Store = Remote<StoreModule.MessageStore>;
export type Hub = Remote<HubFixture>;

/** A new path, in a folder of its own, where the code under test may write: for a store's file. */
export async function scratchFile(ex: GradedExercise, name = 'messages.db'): Promise<string> {
  return String(await ex.courseFixture(FIXTURE, 'scratchFile', { name }, { ms: 2000, what: 'making a folder' }));
}

/** A message in a few words, for a failure: #3 'hello' (lobby). */
export function shownMessage(message: unknown): string {
  if (typeof message !== 'object' || message === null) return describeValue(message);
  const { id, text, room } = message as { id?: unknown; text?: unknown; room?: unknown };
  return `#${describeValue(id)} ${describeValue(text)}${room === undefined ? '' : ` (${String(room)})`}`;
}

export const shownList = (messages: readonly unknown[]): string => (messages.length === 0 ? 'none' : messages.map(shownMessage).join(', '));

/**
 * Fails unless `got` is exactly `expected`, in order: each with the same id, room, from, text and
 * at (as the store must keep them). `what` names the call ("recent('lobby', 3)").
 */
export function checkMessages(got: unknown, expected: readonly StoredMessage[], what: string, advice = ''): void {
  check(Array.isArray(got), `${what} resolved with ${describeValue(got)}, expected an array of messages`);
  const list = got as unknown[];
  const same = (a: unknown, b: StoredMessage): boolean => {
    const m = a as Partial<StoredMessage> | null;
    return m !== null && typeof m === 'object' && m.id === b.id && m.room === b.room && m.from === b.from && m.text === b.text && m.at === b.at;
  };
  if (list.length === expected.length && list.every((m, i) => same(m, expected[i] as StoredMessage))) return;
  const ids = (ms: readonly unknown[]): string => ms.map((m) => (m as { id?: unknown } | null)?.id).join(', ');
  const sameIds = list.length === expected.length && ids(list) === ids(expected);
  fail(
    sameIds
      ? `${what} gave the right ids (${ids(list)}) but not the messages as stored: ${shownList(list)}; expected ${expected.map((m) => JSON.stringify(m)).join(', ')}`
      : `${what} gave ${shownList(list)}, expected ${shownList(expected)}${advice ? `: ${advice}` : ''}`,
  );
}

/** Fails unless `stored` is `sent` with a whole-number id. */
export function checkStored(stored: unknown, sent: NewMessage, what: string): StoredMessage {
  const m = stored as Partial<StoredMessage> | null;
  check(typeof m === 'object' && m !== null, `${what} resolved with ${describeValue(stored)}, expected the stored message { id, room, from, text, at }`);
  check(
    typeof m.id === 'number' && Number.isInteger(m.id) && m.id > 0,
    `${what} resolved with id ${describeValue(m.id)}: expected the whole number the store gave the message (INTEGER PRIMARY KEY), greater than 0`,
  );
  for (const key of ['room', 'from', 'text', 'at'] as const) {
    check(m[key] === sent[key], `${what} resolved with ${key} ${describeValue(m[key])}, expected ${describeValue(sent[key])}, as it was appended`);
  }
  return m as StoredMessage;
}
