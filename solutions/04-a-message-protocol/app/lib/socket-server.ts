/**
 * The chat's server side: what the app server does with every /ws connection.
 * Each frame a client sends is untrusted input, validated here at the edge: a
 * frame that is not a ClientMessage is answered with an error frame, and the
 * connection stays open. Nothing a client sends can make this code throw.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, parseClientMessage, type ChatMessage, type ParseResult, type ServerMessage } from './protocol';

/** The answer to a binary frame: the protocol is JSON text. */
const BINARY_FRAME: ParseResult = {
  ok: false,
  error: { type: 'error', code: 'bad-message', message: 'Binary frames are not part of the protocol: send JSON text.' },
};

/** Speaks the chat protocol with every client that connects to `wss`. */
export function serveChat(wss: WebSocketServer): void {
  wss.on('connection', (ws: WebSocket) => {
    // An 'error' event nobody listens to would end the whole server.
    ws.on('error', (error) => {
      console.warn(`WebSocket error: ${error.message}`);
      ws.terminate();
    });
    const userId = randomUUID();
    send(ws, { type: 'welcome', userId });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      // #region TODO(server-receive): validate the frame at the edge: only a text frame that
      // parseClientMessage() accepts goes on. Anything else is answered with its error frame (a
      // binary one with BINARY_FRAME's), to this client only, and the connection stays open.
      // ws hands you a Buffer, and a throw here is uncaught: it ends the server for everyone.
      const result = isBinary ? BINARY_FRAME : parseClientMessage(data.toString());
      if (!result.ok) {
        send(ws, result.error);
        return;
      }
      // #endregion

      // #region TODO(server-send): a valid chat goes to every open client, the sender too, as one
      // chat message: a new id for each chat, from this connection's userId, the parsed (trimmed)
      // text, and the time in milliseconds. Build it once, so every client gets the same id.
      const chat: ChatMessage = { type: 'chat', id: randomUUID(), from: userId, text: result.message.text, at: Date.now() };
      broadcast(wss, chat);
      // #endregion
    });
  });
}

/** Sends `message` to one socket, as one text frame. */
function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(encode(message));
}

/** Sends `message` to every open client of `wss`, encoded once. */
function broadcast(wss: WebSocketServer, message: ServerMessage): void {
  const frame = encode(message);
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(frame);
  }
}
