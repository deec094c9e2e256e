/**
 * The page's connection to the chat, kept up. A WebSocket lives once: after it
 * closes it never opens again. A ChatConnection makes a new one each time the
 * last one dropped, unless the close said not to come back. While there is no
 * open socket, chats wait in a bounded queue; on each new socket it rejoins the
 * rooms the page is in, each with the id of the last message it has, so the
 * server sends what was missed, then sends what waited.
 */
import { backoffDelay, type BackoffOptions } from './backoff';
import { CloseCode, reconnectAfter } from './close-codes';
import { encode, parseServerMessage, type ClientMessage, type ServerMessage } from './protocol';
import { watchConnection, type WatchedSocket } from './watch-connection';

/** A connection that stayed open this long counts as up: after it drops, the backoff starts again from attempt 0. */
export const STABLE_MS = 10_000;
/** The most chats that wait while the page is disconnected; send() refuses more. */
export const QUEUE_LIMIT = 100;

/** 'reconnecting': the last socket dropped and the next attempt is scheduled; 'closed': no more attempts. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What ChatConnection needs of a socket: a browser WebSocket has it, and so does ws's. */
export interface ChatSocket extends WatchedSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'open', listener: () => void): void;
  removeEventListener(type: 'close', listener: (event: { readonly code: number }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface ChatConnectionOptions extends BackoffOptions {
  /** Defaults to STABLE_MS. */
  readonly stableMs?: number;
  /** Defaults to QUEUE_LIMIT. */
  readonly queueLimit?: number;
  /** The page's heartbeat (lesson 07); default CLIENT_PING_MS and SILENCE_LIMIT_MS. */
  readonly pingMs?: number;
  readonly silenceMs?: number;
  /** Every ServerMessage that arrives, parsed. */
  readonly onMessage?: (message: ServerMessage) => void;
  /** A frame that was not a ServerMessage arrived, and was ignored. */
  readonly onIgnored?: () => void;
  readonly onState?: (state: ConnectionState) => void;
  /** Makes each socket. Defaults to the browser's `new WebSocket(url)`. */
  readonly createSocket?: (url: string) => ChatSocket;
}

/** A socket's readyState when it is OPEN, in the browser's WebSocket and in ws's. */
const OPEN = 1;

export class ChatConnection {
  private socket: ChatSocket | null = null;
  private current: ConnectionState = 'connecting';
  /** Attempts since the last connection that stayed up: the next wait's exponent. */
  private attempt = 0;
  /** When the current socket opened (Date.now()), or null while it has not. */
  private openedAt: number | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** Chats waiting for an open socket, oldest first, as JSON text. */
  private readonly outbox: string[] = [];
  /** The rooms the page is in, each with the id of the last message it has there. */
  private readonly rooms = new Map<string, number>();
  private detach: () => void = () => undefined;

  constructor(
    private readonly url: string,
    private readonly options: ChatConnectionOptions = {},
  ) {
    this.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /**
   * Sends `message`, or keeps it for the next open socket. A join or a leave is remembered,
   * never queued: each new socket starts with a join for every room the page is in. A chat
   * is queued, unless queueLimit chats already wait: then it is refused, and this returns false.
   */
  send(message: ClientMessage): boolean {
    if (this.stopped) return false;
    if (message.type === 'join') this.rooms.set(message.room, Math.max(this.rooms.get(message.room) ?? 0, message.after ?? 0));
    if (message.type === 'leave') this.rooms.delete(message.room);
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) {
      socket.send(encode(message));
      return true;
    }
    if (message.type === 'join' || message.type === 'leave') return true;
    // TODO(client-send): queue the chat as encode(message) in this.outbox and return true, unless
    // this.outbox already holds queueLimit (default QUEUE_LIMIT) chats: then return false and keep nothing.
    // A queue without a bound grows for as long as the server is away, and sends it all in one burst.
    return false;
  }

  /** Closes the connection on purpose (the page is left): with 1000, and no attempt follows. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retry);
    const socket = this.socket;
    this.drop();
    socket?.close(CloseCode.Normal, 'Page closed');
    this.setState('closed');
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onState?.(state);
  }

  private connect(): void {
    const socket = (this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as ChatSocket))(this.url);
    this.socket = socket;
    let unwatch = (): void => undefined;
    const onOpen = (): void => {
      this.openedAt = Date.now();
      unwatch = watchConnection(socket, {
        ...(this.options.pingMs === undefined ? {} : { pingMs: this.options.pingMs }),
        ...(this.options.silenceMs === undefined ? {} : { silenceMs: this.options.silenceMs }),
        // Silent: gone as surely as a drop, though no close event may come for a minute.
        onSilent: () => {
          this.drop();
          socket.close();
          this.dropped(CloseCode.Abnormal);
        },
      });
      this.setState('open');
      this.resume(socket);
    };
    const onMessage = (event: { readonly data: unknown }): void => {
      const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
      if (message === null) {
        this.options.onIgnored?.();
        return;
      }
      const cursor = message.type === 'chat' ? this.rooms.get(message.room) : undefined;
      if (message.type === 'chat' && cursor !== undefined && message.id > cursor) this.rooms.set(message.room, message.id);
      this.options.onMessage?.(message);
    };
    const onClose = (event: { readonly code: number }): void => {
      this.drop();
      this.dropped(event.code);
    };
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    this.detach = () => {
      unwatch();
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
    };
  }

  /** Lets go of the current socket: none of its events reach this connection any more. */
  private drop(): void {
    this.detach();
    this.detach = () => undefined;
    this.socket = null;
  }

  /** A new socket is open: rejoin every room at its cursor, then send what waited, in order. */
  private resume(socket: ChatSocket): void {
    // TODO(client-send): first send a join for every room in this.rooms, with after: its cursor (the
    // server then sends what this page missed there, once each), then every chat in this.outbox, oldest
    // first, and empty it. A chat sent before its room's join is refused ('not-in-room').
    for (const frame of this.outbox.splice(0)) socket.send(frame);
  }

  /** The socket is gone, closed with `code`: try again later, or never. */
  private dropped(code: number): void {
    if (this.stopped) return;
    // TODO(keep-alive): if reconnectAfter(code) is false, the state is 'closed' and nothing more
    // happens. Else: when the socket that dropped had stayed open for stableMs (default STABLE_MS) or more,
    // start again at attempt 0; set openedAt to null; wait backoffDelay(this.attempt, this.options), with one
    // more attempt counted, in state 'reconnecting', then this.connect(). Without the reset, one drop a day
    // makes a page wait the cap each time; without the wait, a server that is down is hammered.
    this.setState('closed');
  }
}
