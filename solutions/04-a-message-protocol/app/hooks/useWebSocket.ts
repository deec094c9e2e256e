/**
 * useWebSocket(): the page's connection to the app server's /ws socket, as
 * React state. The socket is opened in an effect, so rendering on the server
 * never touches WebSocket or window, and it is closed with 1000 when the
 * component that uses the hook unmounts. Since lesson 04 it speaks the chat
 * protocol: what arrives is parsed as a ServerMessage, and send() takes a
 * ClientMessage, queued until the socket is open.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { encode, parseServerMessage, type ChatMessage, type ClientMessage, type ServerMessage } from '../lib/protocol';

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
  /** The chat messages that arrived, oldest first. */
  readonly messages: readonly ChatMessage[];
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
      // #region TODO(client-send): the socket has just opened: every queued frame goes out now,
      // oldest first, each once, and the queue ends empty. A frame sent but left in the queue
      // goes out a second time at the next flush.
      for (const frame of outbox.current.splice(0)) socket.send(frame);
      // #endregion
    };
    const receive = (event: MessageEvent): void => {
      // #region TODO(client-receive): the frame is untrusted too. Parse it with parseServerMessage()
      // (text only: event.data may be a Blob); when it is null, count it in `ignored` and stop.
      // Otherwise keep it in lastMessage; a 'welcome' sets userId, a 'chat' joins `messages`.
      const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
      if (message === null) {
        setIgnored((count) => count + 1);
        return;
      }
      setLastMessage(message);
      if (message.type === 'welcome') setUserId(message.userId);
      if (message.type === 'chat') setMessages((list) => [...list, message]);
      // #endregion
    };

    socket.addEventListener('open', mirror);
    socket.addEventListener('open', flush);
    socket.addEventListener('close', mirror);
    socket.addEventListener('error', mirror);
    socket.addEventListener('message', receive);
    return () => {
      socket.removeEventListener('open', mirror);
      socket.removeEventListener('open', flush);
      socket.removeEventListener('close', mirror);
      socket.removeEventListener('error', mirror);
      socket.removeEventListener('message', receive);
      if (socketRef.current === socket) socketRef.current = null;
      socket.close(1000, 'Page closed');
    };
  }, [path]);

  const send = useCallback((message: ClientMessage): void => {
    // #region TODO(client-send): every message goes out once, as one JSON text frame (encode() gives
    // it), in the order send() was called: at once when the current socket is OPEN, else when it
    // opens. socket.send() on a CONNECTING socket throws, there may be no socket yet at all (a
    // child's effect runs before this hook's), and a frame that is not queued is lost.
    // starter: void message;
    outbox.current.push(encode(message));
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) {
      for (const frame of outbox.current.splice(0)) socket.send(frame);
    }
    // #endregion
  }, []);

  return { state, lastMessage, userId, messages, ignored, send };
}
