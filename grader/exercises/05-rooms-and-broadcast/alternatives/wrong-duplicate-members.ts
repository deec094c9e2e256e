/**
 * WRONG, on purpose: a room is an array, and join() pushes the member whether
 * it is there already or not. A member who sent join twice is in it twice, so
 * one leave leaves it in the room, still listed and still hearing it; the
 * leave-presence test (server-process) must fail. Otherwise the reference solution.
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
  private readonly rooms = new Map<string, Member[]>();

  join(member: Member, room: string): void {
    const members = this.rooms.get(room) ?? [];
    this.rooms.set(room, members);
    // The mistake: an array takes the same member twice when it joins twice.
    members.push(member);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  leave(member: Member, room: string): void {
    const members = this.rooms.get(room);
    const at = members?.indexOf(member) ?? -1;
    if (!members || at < 0) return;
    members.splice(at, 1);
    if (members.length === 0) this.rooms.delete(room);
    this.broadcast(room, { type: 'presence', room, members: this.members(room) });
  }

  disconnect(member: Member): void {
    for (const [room, members] of this.rooms) {
      if (members.includes(member)) this.leave(member, room);
    }
  }

  chat(member: Member, room: string, text: string): void {
    if (!this.rooms.get(room)?.includes(member)) {
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
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
}
