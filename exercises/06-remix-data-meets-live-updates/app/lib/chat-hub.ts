/**
 * The chat hub: the one object that posts messages. A message posted from a
 * socket and one posted from the page's form take the same way: into the store
 * first, where it gets its id, then out to every socket in its room. The app
 * server (server.ts) makes one hub and hands it to serveChat() and, through
 * Remix's getLoadContext, to every loader and action (as `context.chat`).
 */
import type { AppLoadContext } from '@remix-run/node';
import { encode, type ChatMessage } from './protocol';
import { Rooms, send, type Member } from './rooms';
import type { MessageStore, NewMessage, StoredMessage } from './store';

/**
 * What the app server's getLoadContext gives every loader and action. A Remix app of its own
 * would declare it by augmenting AppLoadContext; the course's snapshots share one TypeScript
 * program, where each snapshot's augmentation would clash with the others', so it is named here.
 */
// A type, not an interface: Remix's AppLoadContext has an index signature, which an interface does not satisfy.
export type ChatContext = { readonly chat: ChatHub };

/** The hub in a loader's or action's context. */
export function chatOf(context: AppLoadContext): ChatHub {
  const { chat } = context as Partial<ChatContext>;
  if (!chat) throw new Error("context.chat is missing: server.ts's getLoadContext must give loaders and actions { chat }, the server's one hub.");
  return chat;
}

/** A stored message as the chat frame that carries it. */
export function chatFrame(message: StoredMessage): ChatMessage {
  const { id, room, from, text, at } = message;
  return { type: 'chat', id, room, from, text, at };
}

export class ChatHub {
  /** Who is in which room: lesson 05's hub. */
  readonly rooms = new Rooms();

  constructor(readonly store: MessageStore) {}

  /** Stores a chat and sends it to every member of its room; resolves with the message as stored. */
  async post(message: Omit<NewMessage, 'at'>): Promise<StoredMessage> {
    // TODO(server-process): store the message first (with `at`, the time now): the store
    // gives it its id. Then send the stored message, as a chat frame (chatFrame()), to the room
    // through this.rooms.broadcast(), and resolve with it. Sent before it is stored, a message
    // has no id yet, and one that then fails to store vanishes on the next reload.
    throw new Error('TODO: store the message, then broadcast it');
  }

  /**
   * Puts `member` in `room` (everyone there gets the presence), then, when the member has a
   * cursor, sends it alone the room's messages stored after it, oldest first.
   */
  async join(member: Member, room: string, cursor?: number): Promise<void> {
    // TODO(server-process): join the room first, so that what is posted from now on reaches
    // the member live; then, if there is a cursor, send the member alone each of
    // this.store.after(room, cursor), in order, as chat frames. Read before the join, the history
    // misses what is posted while the query runs; this way a message may come twice, which the
    // page's merge by id absorbs.
    this.rooms.join(member, room);
  }
}
