/**
 * The page's half of keep-alive. A browser answers the server's pings by itself,
 * but its JavaScript can neither send a ping frame nor see one arrive. So the
 * page keeps its own heartbeat in the chat protocol: it sends { type: 'ping' }
 * on an interval, the server answers { type: 'pong' }, and any frame at all from
 * the server proves the connection still works. When nothing has come for too
 * long, the connection is dead even though its readyState still says OPEN.
 */
import { encode } from './protocol';

/** How often the page sends a ping while its socket is open, in milliseconds. */
export const CLIENT_PING_MS = 15_000;
/** After this long without a single frame from the server, the connection is taken for dead (two pings unanswered, and some slack). */
export const SILENCE_LIMIT_MS = 35_000;

/** What watchConnection() needs of a socket: a browser WebSocket has it, and so does ws's. */
export interface WatchedSocket {
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface WatchOptions {
  /** How often to send a ping. Defaults to CLIENT_PING_MS. */
  readonly pingMs?: number;
  /** How long a silence may last. Defaults to SILENCE_LIMIT_MS. */
  readonly silenceMs?: number;
  /** Called once, when nothing has arrived for silenceMs: the connection is dead. */
  readonly onSilent: () => void;
}

/**
 * Watches an open socket: sends { type: 'ping' } every pingMs, and calls onSilent()
 * once, then stops, when no message of any kind has arrived for silenceMs. The
 * function it returns stops it: no more pings, no onSilent(), no timer left behind.
 */
export function watchConnection(socket: WatchedSocket, options: WatchOptions): () => void {
  const { pingMs = CLIENT_PING_MS, silenceMs = SILENCE_LIMIT_MS, onSilent } = options;
  // TODO(keep-alive): send encode({ type: 'ping' }) every pingMs (setInterval). Keep a silence timer
  // (setTimeout, silenceMs) and start it again on every 'message', whatever the message is: a chat proves
  // the line works as well as a pong does. When it fires, stop everything, then call onSilent(). Return a
  // function that clears both timers and removes the listener. Counting only pongs calls a busy room silent.
  return () => undefined;
}
