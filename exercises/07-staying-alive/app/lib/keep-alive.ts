/**
 * The server's half of keep-alive. A connection can die without a word: a laptop
 * lid closes, a phone leaves the Wi-Fi, a NAT forgets the mapping. No close frame
 * and no TCP FIN arrive, so the socket stays OPEN on the server, and every
 * broadcast to it piles up in memory. WebSocket ping and pong frames (RFC 6455,
 * section 5.5.2) find out: the browser answers every ping with a pong by itself,
 * with no code on the page. A peer that has not answered by the next round is
 * gone, and is terminated: a close handshake would wait for an answer that cannot come.
 */
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * How often the server pings every client, in milliseconds. Under the idle timeouts of
 * common proxies and load balancers (60 s is a frequent default), so the traffic of the
 * pings alone keeps an idle chat's connection from being cut; a dead peer is found within
 * two intervals.
 */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Pings every client of `wss` every `intervalMs`. A client that has not answered the
 * previous round's ping with a pong when the next round comes is terminated; a client that
 * answers is never. The timer stops when `wss` closes, or when the function this returns
 * is called, whichever comes first.
 */
export function keepAlive(wss: WebSocketServer, intervalMs: number = HEARTBEAT_INTERVAL_MS): () => void {
  // TODO(keep-alive): remember which sockets answered since the last round (a WeakSet of the alive
  // ones: a socket is alive when it connects and again at each 'pong'). Every intervalMs, for each socket in
  // wss.clients: if it did not answer, terminate() it; else take it out of the set and ping() it. Clear the
  // interval when wss emits 'close' and in the function you return. A socket ping()ed and then checked in
  // the same round is always "silent": check first, then ping. And close() instead of terminate() waits
  // for a close frame that a peer which is gone never sends.
  return () => undefined;
}
