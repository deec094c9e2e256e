/**
 * WRONG, on purpose: a chat goes to every member of every room, not to the room
 * it was said in (presence is still per room). Room isolation is broken; the
 * chat-room-only test (server-process) must fail. Otherwise the reference solution.
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
    // The mistake: everyone the hub knows hears it, whatever room they are in.
    const data = JSON.stringify({ type: 'chat', id: randomUUID(), room, from: member.userId, text, at: Date.now() } satisfies Outgoing);
    const everyone = new Set<Member>();
    for (const members of this.rooms.values()) for (const m of members) everyone.add(m);
    for (const m of everyone) send(m.socket, data);
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
