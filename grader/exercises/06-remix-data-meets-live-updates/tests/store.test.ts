/**
 * The SQLite store, through openStore(path) as the lesson states it: its messages
 * survive a restart (a second store opened on the same file), and its two reads
 * answer exactly what they promise. Each test's file is new, in a folder of its own.
 */
import { call, check, gradedExercise } from '../../../harness';
import type * as StoreModule from '../../../../solutions/06-remix-data-meets-live-updates/app/lib/store';
import { checkMessages, checkStored, scratchFile, type NewMessage, type Store, type StoredMessage } from './support';

const ex = gradedExercise('06');

/** Opens the learner's store on `path`. */
async function open(path: string, what: string): Promise<Store> {
  const { openStore } = await ex.load<typeof StoreModule>('app/lib/store.ts', ['openStore']);
  return (await call(what, () => openStore(path), 5000)) as unknown as Store;
}

/** Appends each message in order; each must come back as stored, with an id larger than every id before it. */
async function appendAll(store: Store, messages: readonly NewMessage[], after: number, when = ''): Promise<StoredMessage[]> {
  const stored: StoredMessage[] = [];
  let last = after;
  for (const message of messages) {
    const what = `append(${JSON.stringify(message)})${when}`;
    const result = checkStored(await call(what, () => store.append(message), 2000), message, what);
    check(
      result.id > last,
      `${what} gave the id ${result.id}, but an earlier message had ${last}: each new message gets a larger id than every one before it, in any room ` +
        '(so that a cursor, the last id a page has, divides what it has from what it missed)',
    );
    last = result.id;
    stored.push(result);
  }
  return stored;
}

const at = 1_767_000_000_000;
const msg = (room: string, from: string, text: string, i: number): NewMessage => ({ room, from, text, at: at + i });

ex.test('store-keeps-messages', async () => {
  const path = await scratchFile(ex);
  const first = await open(path, 'openStore(file)');
  const written = await appendAll(first, [
    msg('lobby', 'amy', 'first!', 0),
    msg('random', 'ben', 'over here', 1),
    // Quotes, a semicolon and an SQL comment: text is data, never part of the SQL.
    msg('lobby', 'zoe', `it's "fine"; DROP TABLE messages; --`, 2),
  ], 0);
  await call('close()', () => first.close(), 2000);

  const again = await open(path, 'openStore(file) on the same file, after close(), as after a restart of the server');
  const lobby = written.filter((m) => m.room === 'lobby');
  checkMessages(
    await call("recent('lobby', 10) after the restart", () => again.recent('lobby', 10), 2000),
    lobby,
    "recent('lobby', 10), on a store opened again on the same file",
    'the messages must be kept in the file (a SQLite table), not in memory, so that they are there after a restart',
  );
  checkMessages(await call("recent('random', 10) after the restart", () => again.recent('random', 10), 2000), written.filter((m) => m.room === 'random'), "recent('random', 10), after the restart");
  const [newest] = written.slice(-1) as [StoredMessage];
  const [next] = await appendAll(again, [msg('lobby', 'amy', 'still here', 3)], newest.id, ', on the store opened again');
  checkMessages(
    await call(`after('lobby', ${newest.id}) after the restart`, () => again.after('lobby', newest.id), 2000),
    [next as StoredMessage],
    `after('lobby', ${newest.id}) on the store opened again`,
  );
  await call('close()', () => again.close(), 2000);
});

ex.test('store-recent-after', async () => {
  const store = await open(await scratchFile(ex), 'openStore(file)');
  const all = await appendAll(store, [
    msg('lobby', 'amy', 'one', 0),
    msg('random', 'ben', 'elsewhere', 1),
    msg('lobby', 'ben', 'two', 2),
    msg('lobby', 'amy', 'three', 3),
    msg('random', 'zoe', 'still elsewhere', 4),
    msg('lobby', 'zoe', 'four', 5),
    msg('lobby', 'amy', 'five', 6),
  ], 0);
  const lobby = all.filter((m) => m.room === 'lobby');
  const random = all.filter((m) => m.room === 'random');

  checkMessages(
    await call("recent('lobby', 3)", () => store.recent('lobby', 3), 2000),
    lobby.slice(-3),
    "recent('lobby', 3)",
    "the room's last three messages, oldest first: take the newest (ORDER BY id DESC LIMIT 3), then turn them back into order",
  );
  checkMessages(await call("recent('lobby', 50)", () => store.recent('lobby', 50), 2000), lobby, "recent('lobby', 50), when the room has 5 messages");
  checkMessages(await call("recent('random', 1)", () => store.recent('random', 1), 2000), random.slice(-1), "recent('random', 1)");
  checkMessages(await call("recent('quiet', 5)", () => store.recent('quiet', 5), 2000), [], "recent('quiet', 5), for a room with no messages");

  const [, second] = lobby as [StoredMessage, StoredMessage];
  checkMessages(
    await call(`after('lobby', ${second.id})`, () => store.after('lobby', second.id), 2000),
    lobby.slice(2),
    `after('lobby', ${second.id}), the id of the lobby's second message`,
    "every message of the room whose id is greater than the cursor, oldest first (WHERE room = ? AND id > ? ORDER BY id), another room's never",
  );
  checkMessages(await call("after('lobby', 0)", () => store.after('lobby', 0), 2000), lobby, "after('lobby', 0), a cursor before every message");
  const newest = all[all.length - 1] as StoredMessage;
  checkMessages(await call(`after('lobby', ${newest.id})`, () => store.after('lobby', newest.id), 2000), [], `after('lobby', ${newest.id}), the newest id: nothing is newer`);
  const [first] = lobby as [StoredMessage];
  checkMessages(await call(`after('random', ${first.id})`, () => store.after('random', first.id), 2000), random, `after('random', ${first.id})`);
  await call('close()', () => store.close(), 2000);
});
