/**
 * useWebSocket(): the page's connection to the app server's /ws socket, as
 * React state. The socket is opened in an effect, so rendering on the server
 * never touches WebSocket or window, and it is closed with 1000 when the
 * component that uses the hook unmounts.
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
  // TODO(connect): build the socket's URL from the page's location: the scheme is
  // wss: for an https: page and ws: for an http: one, then location.host (name and port), then path.
  return `ws://localhost:3000${path}`;
}

export function useWebSocket(path: string = SOCKET_PATH): WebSocketStatus {
  const [state, setState] = useState<SocketState>('connecting');
  const [lastMessage, setLastMessage] = useState<string | null>(null);

  useEffect(() => {
    // TODO(connect): open the socket to `path` on the page's own host (socketUrl() gives
    // its address), here in the effect and never during render: Remix renders on the server
    // too, where there is no window, and effects run only in the browser.

    // TODO(open): `state` is always the word for the socket's own readyState (SOCKET_STATES
    // lists the words in readyState order). Update it on 'open', 'close' and 'error' alike: miss
    // one and the page goes on showing a state the socket has left.

    // TODO(client-receive): on 'message', keep the text the server sent in `lastMessage`.
    // A binary frame's event.data is a Blob, not text: leave lastMessage as it was.

    // TODO(close): return a cleanup function. It runs on unmount, when `path` changes,
    // and in development StrictMode also runs it once right after the first effect. Stop
    // listening first, so a socket you are done with cannot change the state any more, then
    // close it with 1000.
  }, [path]);

  return { state, lastMessage };
}
