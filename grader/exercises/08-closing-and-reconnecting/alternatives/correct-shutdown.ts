/**
 * A correct closeClients() written differently from the reference solution:
 * one promise counts the clients down as they close, and the grace timer
 * terminates whoever is left from inside it.
 */
import { WebSocket, type WebSocketServer } from 'ws';

export const SHUTDOWN_GRACE_MS = 2000;

export function closeClients(wss: WebSocketServer, code: 1001 | 1012, reason: string, graceMs: number = SHUTDOWN_GRACE_MS): Promise<void> {
  const open = new Set([...wss.clients].filter((client) => client.readyState !== WebSocket.CLOSED));
  return new Promise((resolve) => {
    if (open.size === 0) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      for (const client of open) client.terminate();
    }, graceMs);
    for (const client of open) {
      client.once('close', () => {
        open.delete(client);
        if (open.size > 0) return;
        clearTimeout(timer);
        resolve();
      });
      client.close(code, reason);
    }
  });
}
