/**
 * CORRECT, written differently: the SQLite store with other column names, the id
 * read from lastInsertRowid instead of RETURNING, and the newest rows put back in
 * order by a subquery instead of in JavaScript; the memory store kept in a Map
 * per room. It must score 100%.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';

export interface NewMessage {
  readonly room: string;
  readonly from: string;
  readonly text: string;
  readonly at: number;
}

export interface StoredMessage extends NewMessage {
  readonly id: number;
}

export interface MessageStore {
  append(message: NewMessage): Promise<StoredMessage>;
  recent(room: string, limit: number): Promise<StoredMessage[]>;
  after(room: string, cursor: number): Promise<StoredMessage[]>;
  close(): Promise<void>;
}

export const IN_MEMORY = ':memory:';

export async function openStore(location: string): Promise<MessageStore> {
  if (location === IN_MEMORY) return memoryStore();
  return openSqliteStore(location);
}

export function memoryStore(): MessageStore {
  const byRoom = new Map<string, StoredMessage[]>();
  let sequence = 0;
  return {
    append: async (message) => {
      const stored: StoredMessage = { id: ++sequence, room: message.room, from: message.from, text: message.text, at: message.at };
      const list = byRoom.get(message.room) ?? [];
      list.push(stored);
      byRoom.set(message.room, list);
      return stored;
    },
    recent: async (room, limit) => (limit <= 0 ? [] : (byRoom.get(room) ?? []).slice(-limit)),
    after: async (room, cursor) => (byRoom.get(room) ?? []).filter((message) => message.id > cursor),
    close: async () => undefined,
  };
}

type Row = Record<string, unknown>;
const fromRow = (row: Row): StoredMessage => ({
  id: Number(row.message_id),
  room: String(row.room_name),
  from: String(row.author),
  text: String(row.body),
  at: Number(row.sent_at),
});

export async function openSqliteStore(path: string): Promise<MessageStore> {
  mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url: pathToFileURL(path).href });
  await client.execute(
    'CREATE TABLE IF NOT EXISTS chat_log (message_id INTEGER PRIMARY KEY AUTOINCREMENT, room_name TEXT NOT NULL, author TEXT NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL)',
  );
  const columns = 'message_id, room_name, author, body, sent_at';
  return {
    async append(message) {
      const result = await client.execute({
        sql: 'INSERT INTO chat_log (room_name, author, body, sent_at) VALUES (:room, :author, :body, :at)',
        args: { room: message.room, author: message.from, body: message.text, at: message.at },
      });
      return { ...message, id: Number(result.lastInsertRowid) };
    },
    async recent(room, limit) {
      const result = await client.execute({
        sql: `SELECT ${columns} FROM (SELECT ${columns} FROM chat_log WHERE room_name = ? ORDER BY message_id DESC LIMIT ?) ORDER BY message_id ASC`,
        args: [room, Math.max(0, Math.trunc(limit))],
      });
      return result.rows.map((row) => fromRow(row as unknown as Row));
    },
    async after(room, cursor) {
      const result = await client.execute({ sql: `SELECT ${columns} FROM chat_log WHERE room_name = ? AND message_id > ? ORDER BY message_id`, args: [room, cursor] });
      return result.rows.map((row) => fromRow(row as unknown as Row));
    },
    async close() {
      client.close();
    },
  };
}
