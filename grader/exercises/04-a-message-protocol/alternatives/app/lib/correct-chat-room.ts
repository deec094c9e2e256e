/**
 * A correct socket-server.ts written differently: a class that keeps its own
 * Map of members, validates with zod's safeParse directly, and tracks ids itself.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, parseClientMessage, type ErrorMessage, type ServerMessage } from './protocol';

class ChatRoom {
  private readonly members = new Map<WebSocket, string>();

  constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket: WebSocket) => this.admit(socket));
  }

  private admit(socket: WebSocket): void {
    socket.on('error', () => socket.terminate());
    const id = `user-${randomUUID()}`;
    this.members.set(socket, id);
    socket.on('close', () => this.members.delete(socket));
    this.deliver(socket, { type: 'welcome', userId: id });
    socket.on('message', (payload: RawData, binary: boolean) => this.onFrame(socket, payload, binary));
  }

  private onFrame(socket: WebSocket, payload: RawData, binary: boolean): void {
    if (binary) return this.refuse(socket, { type: 'error', code: 'bad-message', message: 'Only JSON text is understood here.' });
    const parsed = parseClientMessage(Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload));
    if (!parsed.ok) return this.refuse(socket, parsed.error);
    const author = this.members.get(socket) ?? 'unknown';
    const outgoing: ServerMessage = { type: 'chat', id: randomUUID(), from: author, text: parsed.message.text, at: Date.now() };
    const text = encode(outgoing);
    this.server.clients.forEach((peer) => {
      if (peer.readyState === peer.OPEN) peer.send(text);
    });
  }

  private refuse(socket: WebSocket, error: ErrorMessage): void {
    this.deliver(socket, error);
  }

  private deliver(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(encode(message));
  }
}

export function serveChat(wss: WebSocketServer): void {
  new ChatRoom(wss);
}
