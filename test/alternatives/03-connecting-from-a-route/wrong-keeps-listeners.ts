/**
 * WRONG (Key Moment: remove the listeners before you close): the cleanup closes
 * the socket but leaves its listeners, so when that socket's close ends late,
 * after the next socket opened, it sets the state to 'closed'.
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
    const socket = new WebSocket(socketUrl(path, window.location));

    const mirror = (): void => setState(SOCKET_STATES[socket.readyState] ?? 'closed');
    socket.addEventListener('open', mirror);
    socket.addEventListener('close', mirror);
    socket.addEventListener('error', mirror);

    const receive = (event: MessageEvent): void => {
      if (typeof event.data === 'string') setLastMessage(event.data);
    };
    socket.addEventListener('message', receive);

    // The mistake: the socket is closed, but its listeners stay. Its late 'close' still sets the state.
    return () => socket.close(1000, 'Page closed');
  }, [path]);

  return { state, lastMessage };
}
