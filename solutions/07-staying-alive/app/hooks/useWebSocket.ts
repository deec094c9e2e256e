/**
 * useWebSocket(): the page's connection to the app server's /ws socket, as
 * React state. The socket is opened in an effect, so rendering on the server
 * never touches WebSocket or window, and it is closed with 1000 when the
 * component that uses the hook unmounts. Since lesson 04 it speaks the chat
 * protocol: what arrives is parsed as a ServerMessage, and send() takes a
 * ClientMessage, queued until the socket is open. Since lesson 05 it also keeps
 * the presence list of each room, as the server last sent it. Since lesson 07 it
 * watches the open socket (app/lib/watch-connection.ts): a connection that has
 * gone silent is closed and shown as 'closed', where the browser would go on
 * saying OPEN for minutes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { encode, parseServerMessage, type ChatMessage, type ClientMessage, type ServerMessage } from '../lib/protocol';
import { watchConnection } from '../lib/watch-connection';

/** The path the app server answers WebSocket upgrades on (server.ts). */
export const SOCKET_PATH = '/ws';

/** A WebSocket's readyState as a word: index 0 is CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
export const SOCKET_STATES = ['connecting', 'open', 'closing', 'closed'] as const;
export type SocketState = (typeof SOCKET_STATES)[number];

export interface WebSocketStatus {
  /** The socket's readyState, mirrored into React state. 'connecting' on the server and on the first render. */
  readonly state: SocketState;
  /** The last ServerMessage that arrived, or null before the first. */
  readonly lastMessage: ServerMessage | null;
  /** This page's user id, from the server's welcome; null until it arrives. */
  readonly userId: string | null;
  /** The chat messages that arrived, oldest first, from every room this page is in. */
  readonly messages: readonly ChatMessage[];
  /** Who is in each room, as the last presence message for it said: room → user ids, sorted. */
  readonly presence: Readonly<Record<string, readonly string[]>>;
  /** How many frames arrived that were not ServerMessages: each was ignored. */
  readonly ignored: number;
  /** Sends `message` as one JSON text frame: at once when the socket is open, else as soon as it opens, in order. */
  readonly send: (message: ClientMessage) => void;
}

/** The URL of the socket at `path` on the page's own host: ws: for an http: page, wss: for https:. */
export function socketUrl(path: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

export function useWebSocket(path: string = SOCKET_PATH): WebSocketStatus {
  const [state, setState] = useState<SocketState>('connecting');
  const [lastMessage, setLastMessage] = useState<ServerMessage | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [presence, setPresence] = useState<Record<string, readonly string[]>>({});
  const [ignored, setIgnored] = useState(0);
  // The socket of the current effect, for send(); null before the effect and after its cleanup.
  const socketRef = useRef<WebSocket | null>(null);
  // Frames waiting for the socket to open, oldest first. A ref, so they outlive StrictMode's first socket.
  const outbox = useRef<string[]>([]);

  useEffect(() => {
    const socket = new WebSocket(socketUrl(path, window.location));
    socketRef.current = socket;

    const mirror = (): void => setState(SOCKET_STATES[socket.readyState] ?? 'closed');
    const flush = (): void => {
      // The socket has just opened: send every queued frame, oldest first,
      // and empty the queue (outbox.current.splice(0) returns them and empties it).
      for (const frame of outbox.current.splice(0)) socket.send(frame);
    };
    const receive = (event: MessageEvent): void => {
      // The frame is untrusted too. Parse it with parseServerMessage()
      // (text only: event.data may be a Blob); when it is null, count it in `ignored` and stop.
      // Otherwise keep it in lastMessage; a 'welcome' sets userId, a 'chat' joins `messages`,
      // and a 'presence' replaces its room's list in `presence`.
      const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
      if (message === null) {
        setIgnored((count) => count + 1);
        return;
      }
      setLastMessage(message);
      if (message.type === 'welcome') setUserId(message.userId);
      if (message.type === 'chat') setMessages((list) => [...list, message]);
      if (message.type === 'presence') setPresence((rooms) => ({ ...rooms, [message.room]: message.members }));
      // A 'pong' only proves the connection works: watchConnection() has heard it, and there is nothing to show.
    };

    // While the socket is open, a silence past SILENCE_LIMIT_MS means the connection is gone.
    let unwatch = (): void => undefined;
    const detach = (): void => {
      unwatch();
      socket.removeEventListener('open', mirror);
      socket.removeEventListener('open', flush);
      socket.removeEventListener('open', watch);
      socket.removeEventListener('close', mirror);
      socket.removeEventListener('close', unwatchNow);
      socket.removeEventListener('error', mirror);
      socket.removeEventListener('message', receive);
      if (socketRef.current === socket) socketRef.current = null;
    };
    const silent = (): void => {
      // close() would only start a handshake the server cannot answer: the browser may say
      // CLOSING for a minute. The page stops using the socket now and says so.
      detach();
      socket.close();
      setState('closed');
    };
    const watch = (): void => {
      unwatch = watchConnection(socket, { onSilent: silent });
    };
    const unwatchNow = (): void => unwatch();

    socket.addEventListener('open', mirror);
    socket.addEventListener('open', flush);
    socket.addEventListener('open', watch);
    socket.addEventListener('close', mirror);
    socket.addEventListener('close', unwatchNow);
    socket.addEventListener('error', mirror);
    socket.addEventListener('message', receive);
    return () => {
      detach();
      socket.close(1000, 'Page closed');
    };
  }, [path]);

  const send = useCallback((message: ClientMessage): void => {
    // A WebSocket sends strings, so encode(message) (JSON text). Queue
    // the frame in outbox.current; then, if the current socket is OPEN, flush the queue now.
    // Sending while the socket is CONNECTING throws; a frame that is not queued is lost.
    outbox.current.push(encode(message));
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) {
      for (const frame of outbox.current.splice(0)) socket.send(frame);
    }
  }, []);

  return { state, lastMessage, userId, messages, presence, ignored, send };
}
