/**
 * WRONG, on purpose, as a learner might write it: each room keeps an array of
 * the members to send to, and join() pushes the member without asking whether it
 * is there already; who is listed is kept apart, as a Set of user ids per room.
 * A page that sends join twice for one room (a retry, a double click) is pushed
 * twice, and one leave takes one copy out: the presence lists say it left, but it
 * still hears the room, and may still chat in it. The leave-presence test
 * (server-process) must fail.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

export interface Member {
  readonly socket: WebSocket;
  readonly userId: string;
}

type Outgoing =
  | { type: 'presence'; room: string; members: string[] }
  | { type: 'chat'; id: string; room: string; from: string; text: string; at: number }
  | { type: 'error'; code: 'not-in-room'; message: string };

export class Rooms {
  /** Who to send to, per room. */
  private rooms: Record<string, Member[]> = {};
  /** Who is listed, per room. */
  private here: Record<string, Set<string>> = {};

  join(member: Member, room: string): void {
    if (!this.rooms[room]) {
      this.rooms[room] = [];
      this.here[room] = new Set();
    }
    this.rooms[room].push(member);
    this.here[room]?.add(member.userId);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  leave(member: Member, room: string): void {
    const list = this.rooms[room];
    if (!list) return;
    const index = list.indexOf(member);
    if (index === -1) return;
    list.splice(index, 1);
    this.here[room]?.delete(member.userId);
    if (list.length === 0) {
      delete this.rooms[room];
      delete this.here[room];
    }
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  disconnect(member: Member): void {
    for (const room of Object.keys(this.rooms)) {
      while (this.rooms[room]?.includes(member)) this.leave(member, room);
    }
  }

  chat(member: Member, room: string, text: string): void {
    if (!this.rooms[room]?.includes(member)) {
      send(member.socket, JSON.stringify({ type: 'error', code: 'not-in-room', message: `You are not in ${room}.` }));
      return;
    }
    this.broadcast(room, { type: 'chat', id: randomUUID(), room, from: member.userId, text, at: Date.now() });
  }

  members(room: string): string[] {
    return [...(this.here[room] ?? [])].sort();
  }

  private broadcast(room: string, message: Outgoing): void {
    const data = JSON.stringify(message);
    for (const member of this.rooms[room] ?? []) send(member.socket, data);
  }
}

function send(socket: WebSocket, data: string): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
}
