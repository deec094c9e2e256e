/**
 * The chat's server side: what the app server does with every /ws connection.
 * Each frame a client sends is untrusted input, validated here at the edge: a
 * frame that is not a ClientMessage is answered with an error frame, and the
 * connection stays open. A valid message goes to the chat hub (app/lib/chat-hub.ts):
 * since lesson 06 it stores every chat before the room hears it, and a join with
 * a cursor gets what the page missed. Since lesson 07 a ping gets a pong, the
 * page's proof that the connection still works.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import type { ChatHub } from './chat-hub';
import { encode, parseClientMessage, type ParseResult, type ServerMessage } from './protocol';
import type { Member } from './rooms';

/** The answer to a binary frame: the protocol is JSON text. */
const BINARY_FRAME: ParseResult = {
  ok: false,
  error: { type: 'error', code: 'bad-message', message: 'Binary frames are not part of the protocol: send JSON text.' },
};

/** Speaks the chat protocol with every client that connects to `wss`, through `hub`. */
export function serveChat(wss: WebSocketServer, hub: ChatHub): void {
  wss.on('connection', (ws: WebSocket) => {
    // An 'error' event nobody listens to would end the whole server.
    ws.on('error', (error) => {
      console.warn(`WebSocket error: ${error.message}`);
      ws.terminate();
    });
    const member: Member = { socket: ws, userId: randomUUID() };
    send(ws, { type: 'welcome', userId: member.userId });
    // The hub's work is asynchronous now (the store): a failure is told to this client, never left to end the server.
    const unavailable = (error: unknown): void => {
      console.warn(`The chat store failed: ${error instanceof Error ? error.message : String(error)}`);
      send(ws, { type: 'error', code: 'unavailable', message: 'The chat could not store or read messages just now; try again.' });
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const result = isBinary ? BINARY_FRAME : parseClientMessage(data.toString());
      if (!result.ok) {
        send(ws, result.error);
        return;
      }

      const message = result.message;
      switch (message.type) {
        case 'join':
          hub.join(member, message.room, message.after).catch(unavailable);
          break;
        case 'leave':
          hub.rooms.leave(member, message.room);
          break;
        case 'chat':
          if (!hub.rooms.has(member, message.room)) {
            send(ws, { type: 'error', code: 'not-in-room', message: `Join the room "${message.room}" before you chat there.` });
            break;
          }
          hub.post({ room: message.room, from: member.userId, text: message.text }).catch(unavailable);
          break;
        case 'ping':
          send(ws, { type: 'pong' });
          break;
      }
    });

    ws.on('close', () => hub.rooms.disconnect(member));
  });
}

/** Sends `message` to one socket, as one text frame. */
function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(encode(message));
}
