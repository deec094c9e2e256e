/**
 * The chat hub: the one object that posts messages. A message posted from a
 * socket and one posted from the page's form take the same way: into the store
 * first, where it gets its id, then out to every socket in its room. The app
 * server (server.ts) makes one hub and hands it to serveChat() and, through
 * Remix's getLoadContext, to every loader and action (as `context.chat`).
 * Since lesson 08 a join that missed more than REPLAY_LIMIT messages gets a
 * resync instead of a replay: the page reloads the history it shows.
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

/**
 * The most messages a join's replay carries. A page that missed more (a laptop closed overnight in a
 * busy room) is told to resync: a flood of old frames would be slower than one reload of the history.
 */
export const REPLAY_LIMIT = 100;

export class ChatHub {
  /** Who is in which room: lesson 05's hub. */
  readonly rooms = new Rooms();

  constructor(readonly store: MessageStore) {}

  /** Stores a chat and sends it to every member of its room; resolves with the message as stored. */
  async post(message: Omit<NewMessage, 'at'>): Promise<StoredMessage> {
    const stored = await this.store.append({ ...message, at: Date.now() });
    this.rooms.broadcast(stored.room, chatFrame(stored));
    return stored;
  }

  /**
   * Puts `member` in `room` (everyone there gets the presence), then, when the member has a
   * cursor, sends it alone the room's messages stored after it, oldest first; or, when there are
   * more than REPLAY_LIMIT of them, a resync for the room instead.
   */
  async join(member: Member, room: string, cursor?: number): Promise<void> {
    // Joined first, so that what is posted from now on reaches the member live; the replay may then
    // bring a message twice, which the page's merge by id absorbs.
    this.rooms.join(member, room);
    if (cursor === undefined) return;
    const missed = await this.store.after(room, cursor);
    if (missed.length > REPLAY_LIMIT) {
      send(member.socket, encode({ type: 'resync', room }));
      return;
    }
    for (const message of missed) send(member.socket, encode(chatFrame(message)));
  }
}
