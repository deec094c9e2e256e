/**
 * The chat's server side: what the app server does with every /ws connection.
 * Each frame a client sends is untrusted input, validated here at the edge: a
 * frame that is not a ClientMessage is answered with an error frame, and the
 * connection stays open. Since lesson 05 a valid message goes to the rooms hub
 * (app/lib/rooms.ts), which decides who hears what.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, parseClientMessage, type ParseResult, type ServerMessage } from './protocol';
import { Rooms, type Member } from './rooms';

/** The answer to a binary frame: the protocol is JSON text. */
const BINARY_FRAME: ParseResult = {
  ok: false,
  error: { type: 'error', code: 'bad-message', message: 'Binary frames are not part of the protocol: send JSON text.' },
};

/** Speaks the chat protocol with every client that connects to `wss`, through one rooms hub. */
export function serveChat(wss: WebSocketServer): void {
  const rooms = new Rooms();

  wss.on('connection', (ws: WebSocket) => {
    // An 'error' event nobody listens to would end the whole server.
    ws.on('error', (error) => {
      console.warn(`WebSocket error: ${error.message}`);
      ws.terminate();
    });
    const member: Member = { socket: ws, userId: randomUUID() };
    send(ws, { type: 'welcome', userId: member.userId });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const result = isBinary ? BINARY_FRAME : parseClientMessage(data.toString());
      if (!result.ok) {
        send(ws, result.error);
        return;
      }

      // #region TODO(server-process): each valid message goes to the hub method named for its type,
      // with this connection's `member` and the message's room (a chat's text too). The hub's Sets
      // know a member by identity: a new { socket, userId } object per message is a stranger.
      const message = result.message;
      switch (message.type) {
        case 'join':
          rooms.join(member, message.room);
          break;
        case 'leave':
          rooms.leave(member, message.room);
          break;
        case 'chat':
          rooms.chat(member, message.room, message.text);
          break;
      }
      // #endregion
    });

    // #region TODO(server-process): a socket that has closed is in no room any more, and every
    // room it was in hears the new presence (the hub's disconnect() does both). 'close' fires
    // however the connection ended, a drop with no close frame (and no 'leave') included: it is
    // the only goodbye some clients ever say. One listener per connection, added here: one
    // added per join piles up with every room switch.
    ws.on('close', () => rooms.disconnect(member));
    // #endregion
  });
}

/** Sends `message` to one socket, as one text frame. */
function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(encode(message));
}
