/**
 * WRONG (Key Moment: a bad message is answered, not punished): validates
 * correctly and sends the error frame, then closes the connection with 1008.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import { encode, parseClientMessage } from './protocol';

export function serveChat(wss: WebSocketServer): void {
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    const userId = randomUUID();
    ws.send(encode({ type: 'welcome', userId }));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const result = isBinary
        ? ({ ok: false, error: { type: 'error', code: 'bad-message', message: 'No binary frames.' } } as const)
        : parseClientMessage(data.toString());
      if (!result.ok) {
        ws.send(encode(result.error));
        ws.close(1008, 'Policy Violation');
        return;
      }
      const frame = encode({ type: 'chat', id: randomUUID(), from: userId, text: result.message.text, at: Date.now() });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
    });
  });
}
