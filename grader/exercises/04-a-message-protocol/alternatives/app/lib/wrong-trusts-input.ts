/**
 * WRONG (Key Moment: trusting the client): parses every frame with a bare
 * JSON.parse and believes what it finds. Bad JSON throws in the message
 * handler; anything else is broadcast as if it were a chat.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, type ClientMessage } from './protocol';

export function serveChat(wss: WebSocketServer): void {
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    const userId = randomUUID();
    ws.send(encode({ type: 'welcome', userId }));
    ws.on('message', (data: RawData) => {
      const message = JSON.parse(data.toString()) as ClientMessage;
      const frame = encode({ type: 'chat', id: randomUUID(), from: userId, text: message.text, at: Date.now() });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
    });
  });
}
