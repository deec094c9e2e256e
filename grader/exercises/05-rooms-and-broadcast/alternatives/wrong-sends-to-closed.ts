/**
 * WRONG, on purpose: sends to every member without looking at readyState, so a
 * socket that has closed (its 'close' event not yet handled) still gets send()
 * calls; the broadcast-skips-closed test (server-send) must fail. Otherwise the
 * reference solution.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';

export interface Member {
  readonly socket: WebSocket;
  readonly userId: string;
}

type Outgoing =
  | { type: 'presence'; room: string; members: string[] }
  | { type: 'chat'; id: string; room: string; from: string; text: string; at: number }
  | { type: 'error'; code: 'not-in-room'; message: string };

export class Rooms {
  private readonly rooms = new Map<string, Set<Member>>();

  join(member: Member, room: string): void {
    let members = this.rooms.get(room);
    if (!members) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(member);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  leave(member: Member, room: string): void {
    const members = this.rooms.get(room);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.rooms.delete(room);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  disconnect(member: Member): void {
    for (const [room, members] of this.rooms) {
      if (members.has(member)) this.leave(member, room);
    }
  }

  chat(member: Member, room: string, text: string): void {
    if (!this.rooms.get(room)?.has(member)) {
      send(member.socket, JSON.stringify({ type: 'error', code: 'not-in-room', message: `Join the room "${room}" before you chat there.` }));
      return;
    }
    this.broadcast(room, { type: 'chat', id: randomUUID(), room, from: member.userId, text, at: Date.now() });
  }

  members(room: string): string[] {
    const ids = new Set<string>();
    for (const member of this.rooms.get(room) ?? []) ids.add(member.userId);
    return [...ids].sort();
  }

  private broadcast(room: string, message: Outgoing): void {
    const data = JSON.stringify(message);
    for (const member of this.rooms.get(room) ?? []) send(member.socket, data);
  }
}

function send(socket: WebSocket, data: string): void {
  // The mistake: no readyState check.
  socket.send(data);
}
