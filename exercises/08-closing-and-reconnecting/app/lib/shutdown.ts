/**
 * A graceful shutdown. Stopping a server ends its TCP connections either way; the
 * difference is what the pages learn. A close frame with 1001 (going away) or 1012
 * (restarting) tells each page why, and that it may come back, and lets it close
 * cleanly. A page that does not answer in time (its network is gone) is not
 * waited for: the server would never stop.
 */
import type { WebSocketServer } from 'ws';

/** How long the clients get to answer the close frame before their connections are ended. */
export const SHUTDOWN_GRACE_MS = 2000;

/**
 * Sends every client of `wss` a close frame with `code` and `reason`, waits until each has closed
 * or `graceMs` have passed, whichever comes first, then terminates those still open. Resolves
 * when every connection has ended.
 */
export async function closeClients(wss: WebSocketServer, code: 1001 | 1012, reason: string, graceMs: number = SHUTDOWN_GRACE_MS): Promise<void> {
  // TODO(close): close(code, reason) every socket in wss.clients; wait for each one's 'close' event,
  // but no longer than graceMs (a setTimeout that you clear once all have closed); then terminate() every
  // socket that is still open, and wait for those to close too. close() alone waits for answers that a
  // silent client never sends; terminate() alone tells no client why.
  for (const client of wss.clients) client.terminate();
}
