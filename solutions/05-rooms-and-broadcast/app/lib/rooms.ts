/**
 * The rooms hub: which sockets are in which rooms, and who hears what. The
 * server makes one, and calls it for every join, leave and chat a client sends,
 * and once more when a socket closes, however it closed.
 */
import { randomUUID } from 'node:crypto';
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
    // #region TODO(server-process): `member` is in `room` afterwards, once, however often it
    // joined: a second join adds nobody, so one leave is enough (the room's first member
    // creates its Set).
    let members = this.rooms.get(room);
    if (!members) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(member);
    // #endregion
    // #region TODO(server-send): everyone in the room, the joiner included, gets the room's
    // presence: its name and its members' sorted user ids. Sent before the joiner is added, it
    // names nobody new and misses the joiner, whose own list stays empty.
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
    // #endregion
  }

  /** Takes `member` out of `room`; those who remain get the new presence list. */
  leave(member: Member, room: string): void {
    // #region TODO(server-process): remove `member` from the room's Set; if it was not there,
    // stop. Forget a room nobody is left in, and send the new presence to those who remain.
    const members = this.rooms.get(room);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.rooms.delete(room);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
    // #endregion
  }

  /**
   * The socket closed: cleanly, or dropped without a close frame. Either way it
   * leaves every room it was in, and each of those rooms hears the news.
   */
  disconnect(member: Member): void {
    // #region TODO(server-process): a socket that closed is in no room any more. Leave every
    // room `member` is in (this.leave does the rest).
    for (const [room, members] of this.rooms) {
      if (members.has(member)) this.leave(member, room);
    }
    // #endregion
  }

  /** Fans a chat out to the members of `room`, the sender included, if the sender is one of them. */
  chat(member: Member, room: string, text: string): void {
    // #region TODO(server-process): only members may speak in a room. A chat from anyone else
    // is answered, to the sender alone, with an error whose code is 'not-in-room', and goes no
    // further: the room hears nothing, and the sender's connection stays open.
    if (!this.rooms.get(room)?.has(member)) {
      send(member.socket, encode({ type: 'error', code: 'not-in-room', message: `Join the room "${room}" before you chat there.` }));
      return;
    }
    // #endregion
    // #region TODO(server-send): every member of the room gets the same chat frame: a new id for
    // each chat, the room, the sender's user id, the text and the time in milliseconds. Built
    // per member, the frames would differ (a new id each): build it once, then broadcast it.
    this.broadcast(room, { type: 'chat', id: randomUUID(), room, from: member.userId, text, at: Date.now() });
    // #endregion
  }

  /** The user ids in `room`, sorted, each once (one user may have two tabs open). */
  members(room: string): string[] {
    // #region TODO(server-process): the userIds of the room's members, without repeats, sorted.
    // starter: return [];
    const ids = new Set<string>();
    for (const member of this.rooms.get(room) ?? []) ids.add(member.userId);
    return [...ids].sort();
    // #endregion
  }

  /** Sends `message` to every member of `room`, encoded once. */
  private broadcast(room: string, message: ServerMessage): void {
    // #region TODO(server-send): encode the message once, then send it to each member of the room.
    const data = encode(message);
    for (const member of this.rooms.get(room) ?? []) send(member.socket, data);
    // #endregion
  }
}

/** Sends only to an OPEN socket: one that is closing or closed is skipped, never an error. */
function send(socket: WebSocket, data: string): void {
  // #region TODO(server-send): a member's socket may already be CLOSING or CLOSED (its 'close'
  // event has not reached disconnect() yet). Such a socket gets nothing and nothing throws: only
  // an OPEN socket is sent to, so one closing member never stops a broadcast half-way.
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
  // #endregion
}
