/**
 * WRONG (Key Moment: the URL comes from the page): the URL is the one of the
 * author's laptop, ws://localhost:3000/ws. Behind HTTPS, or on any other host
 * or port, it connects to the wrong place, or a browser refuses a ws: socket
 * on an https: page.
 */
import { useEffect, useState } from 'react';

/** The path the app server answers WebSocket upgrades on (server.ts). */
export const SOCKET_PATH = '/ws';

/** A WebSocket's readyState as a word: index 0 is CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
export const SOCKET_STATES = ['connecting', 'open', 'closing', 'closed'] as const;
export type SocketState = (typeof SOCKET_STATES)[number];

export interface WebSocketStatus {
  /** The socket's readyState, mirrored into React state. 'connecting' on the server and on the first render. */
  readonly state: SocketState;
  /** The text of the last message the server sent, or null before the first. */
  readonly lastMessage: string | null;
}

/** The URL of the socket at `path` on the page's own host: ws: for an http: page, wss: for https:. */
export function socketUrl(path: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

export function useWebSocket(path: string = SOCKET_PATH): WebSocketStatus {
  const [state, setState] = useState<SocketState>('connecting');
  const [lastMessage, setLastMessage] = useState<string | null>(null);

  useEffect(() => {
    const socket = new WebSocket(`ws://localhost:3000${path}`);

    const mirror = (): void => setState(SOCKET_STATES[socket.readyState] ?? 'closed');
    socket.addEventListener('open', mirror);
    socket.addEventListener('close', mirror);
    socket.addEventListener('error', mirror);

    const receive = (event: MessageEvent): void => {
      if (typeof event.data === 'string') setLastMessage(event.data);
    };
    socket.addEventListener('message', receive);

    return () => {
      socket.removeEventListener('open', mirror);
      socket.removeEventListener('close', mirror);
      socket.removeEventListener('error', mirror);
      socket.removeEventListener('message', receive);
      socket.close(1000, 'Page closed');
    };
  }, [path]);

  return { state, lastMessage };
}
