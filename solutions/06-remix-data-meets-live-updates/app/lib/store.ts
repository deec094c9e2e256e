/**
 * Where the chat's messages are kept: one small interface, two stores. The
 * SQLite store keeps them in a file, so they survive a restart of the server;
 * the memory store keeps them in this process only, for tests and for a quick
 * look. Every message gets an id from the store: a whole number, larger than
 * every id given before it, in any room. A page's cursor is the last id it has.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client, type Row } from '@libsql/client';

/** A message as a page or a socket posted it, before the store gave it an id. */
export interface NewMessage {
  readonly room: string;
  readonly from: string;
  readonly text: string;
  /** When the server received it, in milliseconds since 1970. */
  readonly at: number;
}

/** A message as the store keeps it. */
export interface StoredMessage extends NewMessage {
  readonly id: number;
}

export interface MessageStore {
  /** Keeps `message` and gives it the next id. */
  append(message: NewMessage): Promise<StoredMessage>;
  /** The last `limit` messages of `room`, oldest first. */
  recent(room: string, limit: number): Promise<StoredMessage[]>;
  /** Every message of `room` whose id is greater than `cursor`, oldest first. */
  after(room: string, cursor: number): Promise<StoredMessage[]>;
  /** Lets go of the file (or the memory). */
  close(): Promise<void>;
}

/** Where openStore() keeps nothing on disk. */
export const IN_MEMORY = ':memory:';

/** The store at `location`: a path to a SQLite file (created with its folder when missing), or IN_MEMORY. */
export function openStore(location: string): Promise<MessageStore> {
  return location === IN_MEMORY ? Promise.resolve(memoryStore()) : openSqliteStore(location);
}

/** A store that lives in this process only: gone when it ends. Given, as the model for the SQLite one. */
export function memoryStore(): MessageStore {
  const messages: StoredMessage[] = [];
  let lastId = 0;
  return {
    async append(message) {
      lastId += 1;
      const stored = { ...message, id: lastId };
      messages.push(stored);
      return stored;
    },
    async recent(room, limit) {
      const inRoom = messages.filter((m) => m.room === room);
      return limit > 0 ? inRoom.slice(-limit) : [];
    },
    async after(room, cursor) {
      return messages.filter((m) => m.room === room && m.id > cursor);
    },
    async close() {},
  };
}

/** A store in the SQLite file at `path`, through libSQL: its messages are there after a restart. */
export async function openSqliteStore(path: string): Promise<MessageStore> {
  mkdirSync(dirname(path), { recursive: true });
  // A file: URL, so a Windows path (C:\…) and a path with spaces are read as they are.
  const db: Client = createClient({ url: pathToFileURL(path).href });

  // #region TODO(server-process): create the messages table unless the file has it already
  // (it does after a restart). The id is INTEGER PRIMARY KEY AUTOINCREMENT: SQLite then never
  // hands out an id again, even one whose message was deleted, so a cursor never points backwards.
  // An index on (room, id) serves both queries below.
  await db.batch(
    [
      `CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room TEXT NOT NULL,
        sender TEXT NOT NULL,
        text TEXT NOT NULL,
        at INTEGER NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room, id)',
    ],
    'write',
  );
  // #endregion

  return {
    async append(message) {
      // #region TODO(server-process): insert the message with ? placeholders (its text is the
      // user's: never paste it into the SQL) and return it with the id SQLite gave it.
      // starter: throw new Error('TODO: store the message in SQLite');
      const result = await db.execute({
        sql: 'INSERT INTO messages (room, sender, text, at) VALUES (?, ?, ?, ?) RETURNING id',
        args: [message.room, message.from, message.text, message.at],
      });
      return { ...message, id: Number(result.rows[0]?.id) };
      // #endregion
    },

    async recent(room, limit) {
      // #region TODO(server-process): the room's last `limit` messages, oldest first. ORDER BY id
      // with LIMIT keeps the first rows: take the newest (DESC), then put them back in order.
      // starter: return [];
      const result = await db.execute({
        sql: 'SELECT id, room, sender, text, at FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?',
        args: [room, Math.max(0, Math.floor(limit))],
      });
      return result.rows.map(toMessage).reverse();
      // #endregion
    },

    async after(room, cursor) {
      // #region TODO(server-process): the room's messages with an id greater than `cursor`, oldest first.
      // starter: return [];
      const result = await db.execute({
        sql: 'SELECT id, room, sender, text, at FROM messages WHERE room = ? AND id > ? ORDER BY id',
        args: [room, cursor],
      });
      return result.rows.map(toMessage);
      // #endregion
    },

    async close() {
      db.close();
    },
  };
}

/** One row of the messages table as a StoredMessage (`from` is a keyword in SQL, so the column is `sender`). */
function toMessage(row: Row): StoredMessage {
  return { id: Number(row.id), room: String(row.room), from: String(row.sender), text: String(row.text), at: Number(row.at) };
}
