/**
 * WRONG, on purpose, as a learner might write it: instead of one 'close'
 * listener per connection that calls rooms.disconnect(member), the server adds a
 * 'close' listener each time a socket joins a room, to take it out of that room
 * when it closes. No leave takes its listener off, so a page that moves from room
 * to room piles one more 'close' listener on its socket with every join (Node
 * prints MaxListenersExceededWarning past 10). Every frame a client receives is
 * right, a dropped connection's rooms included; the leave-presence test
 * (server-process) must fail on the listeners it counts.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, parseClientMessage, type ServerMessage } from './protocol';
import { Rooms, type Member } from './rooms';

export function serveChat(wss: WebSocketServer): void {
  const rooms = new Rooms();

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    const member: Member = { socket: ws, userId: randomUUID() };
    send(ws, { type: 'welcome', userId: member.userId });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        send(ws, { type: 'error', code: 'bad-message', message: 'Send JSON text, not binary.' });
        return;
      }
      const result = parseClientMessage(data.toString());
      if (!result.ok) {
        send(ws, result.error);
        return;
      }
      const message = result.message;
      if (message.type === 'join') {
        rooms.join(member, message.room);
        // The mistake: one more listener for every join, and none ever taken off.
        ws.on('close', () => rooms.leave(member, message.room));
      } else if (message.type === 'leave') {
        rooms.leave(member, message.room);
      } else {
        rooms.chat(member, message.room, message.text);
      }
    });
  });
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(encode(message));
}
