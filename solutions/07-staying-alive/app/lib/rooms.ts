/**
 * The rooms hub of lesson 05: which sockets are in which rooms, and who hears
 * what. Since lesson 06 it no longer makes chats itself: the chat hub
 * (app/lib/chat-hub.ts) stores each one first, then sends it through broadcast().
 * Since lesson 07 send() also guards the server against a client that stops reading.
 */
import { WebSocket } from 'ws';
import { encode, type ServerMessage } from './protocol';

/** One connection: its socket, and the user id the server gave it in 'welcome'. */
export interface Member {
  readonly socket: WebSocket;
  readonly userId: string;
}

export class Rooms {
  /** Room name → the members in it. A room exists while somebody is in it. */
  private readonly rooms = new Map<string, Set<Member>>();

  /** Puts `member` in `room`, then tells everyone in it, the newcomer included, who is there. */
  join(member: Member, room: string): void {
    let members = this.rooms.get(room);
    if (!members) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(member);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  /** Takes `member` out of `room`; those who remain get the new presence list. */
  leave(member: Member, room: string): void {
    const members = this.rooms.get(room);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.rooms.delete(room);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  /** The socket closed, cleanly or not: it leaves every room it was in, and each of those rooms hears the news. */
  disconnect(member: Member): void {
    for (const [room, members] of this.rooms) {
      if (members.has(member)) this.leave(member, room);
    }
  }

  /** Whether `member` is in `room` now. */
  has(member: Member, room: string): boolean {
    return this.rooms.get(room)?.has(member) ?? false;
  }

  /** The user ids in `room`, sorted, each once (one user may have two tabs open). */
  members(room: string): string[] {
    const ids = new Set<string>();
    for (const member of this.rooms.get(room) ?? []) ids.add(member.userId);
    return [...ids].sort();
  }

  /** Sends `message` to every member of `room`, encoded once. */
  broadcast(room: string, message: ServerMessage): void {
    const data = encode(message);
    for (const member of this.rooms.get(room) ?? []) send(member.socket, data);
  }
}

/**
 * The most a client may have waiting in the server's memory, in bytes: a megabyte, some
 * hundreds of chat messages. ws.send() never blocks: what the network cannot take yet waits
 * in memory (socket.bufferedAmount), so one client that stops reading would make the server
 * hold every message the room sends, without end.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Sends only to an OPEN socket: one that is closing or closed is skipped, never an error. A
 * socket whose bufferedAmount is past MAX_BUFFERED_BYTES is a slow consumer: it is
 * terminated instead, and the others in the room are served as before.
 */
export function send(socket: WebSocket, data: string): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  // #region TODO(server-send): when socket.bufferedAmount is more than MAX_BUFFERED_BYTES, terminate() the
  // socket and send nothing. A close frame would wait behind the megabyte the client is not reading,
  // and the memory with it; terminate() frees both now, and the client sees the drop (1006).
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return;
  }
  // #endregion
  socket.send(data);
}
