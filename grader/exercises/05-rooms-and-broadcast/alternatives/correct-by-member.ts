/**
 * A correct app/lib/rooms.ts for exercise 05, written differently from the
 * reference solution: it keeps, for each member, the set of rooms it is in (not
 * the members of each room), finds a room's members by scanning, numbers its
 * chat ids instead of using UUIDs, sorts with localeCompare, and builds its
 * frames with JSON.stringify. test/course/alternatives.test.ts grades it and expects 100%.
 */
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
  private readonly roomsOf = new Map<Member, Set<string>>();
  private sequence = 0;

  join(member: Member, room: string): void {
    const joined = this.roomsOf.get(member) ?? new Set<string>();
    joined.add(room);
    this.roomsOf.set(member, joined);
    this.announce(room);
  }

  leave(member: Member, room: string): void {
    const joined = this.roomsOf.get(member);
    if (!joined || !joined.delete(room)) return;
    if (joined.size === 0) this.roomsOf.delete(member);
    this.announce(room);
  }

  disconnect(member: Member): void {
    const joined = this.roomsOf.get(member);
    this.roomsOf.delete(member);
    for (const room of joined ?? []) this.announce(room);
  }

  chat(member: Member, room: string, text: string): void {
    if (!this.roomsOf.get(member)?.has(room)) {
      deliver([member], { type: 'error', code: 'not-in-room', message: `You are not in ${room}.` });
      return;
    }
    this.sequence += 1;
    const id = `${process.pid}-${Date.now().toString(36)}-${this.sequence}`;
    deliver(this.inRoom(room), { type: 'chat', id, room, from: member.userId, text, at: Date.now() });
  }

  members(room: string): string[] {
    const ids = this.inRoom(room).map((m) => m.userId);
    return ids.filter((id, i) => ids.indexOf(id) === i).sort((a, b) => a.localeCompare(b));
  }

  private inRoom(room: string): Member[] {
    return [...this.roomsOf].filter(([, joined]) => joined.has(room)).map(([member]) => member);
  }

  private announce(room: string): void {
    deliver(this.inRoom(room), { type: 'presence', room, members: this.members(room) });
  }
}

function deliver(to: readonly Member[], message: Outgoing): void {
  const frame = JSON.stringify(message);
  for (const { socket } of to) {
    if (socket.readyState !== socket.OPEN) continue;
    socket.send(frame);
  }
}
