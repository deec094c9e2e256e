/**
 * A correct useWebSocket.ts for lesson 03 written differently: the listener
 * is an object with a handleEvent() method (the DOM's EventListener
 * interface), added for every event type as `socket.addEventListener(type,
 * this)` and removed the same way; the socket's URL comes from replacing
 * 'http' with 'ws' in the page's scheme; the state word is read from a map.
 * A browser's WebSocket calls handleEvent(); a WebSocket that only calls
 * functions would never tell this hook anything.
 */
import { useEffect, useState } from 'react';

export type SocketState = 'connecting' | 'open' | 'closing' | 'closed';

const WORDS: Readonly<Record<number, SocketState>> = { 0: 'connecting', 1: 'open', 2: 'closing', 3: 'closed' };
const TYPES = ['open', 'message', 'error', 'close'] as const;

export interface WebSocketStatus {
  readonly state: SocketState;
  readonly lastMessage: string | null;
}

/** Follows one socket: it is the listener of all its events, until let go. */
class SocketFollower implements EventListenerObject {
  constructor(
    private readonly socket: WebSocket,
    private readonly onState: (state: SocketState) => void,
    private readonly onText: (text: string) => void,
  ) {
    for (const type of TYPES) socket.addEventListener(type, this);
  }

  handleEvent(event: Event): void {
    if (event.type === 'message') {
      const { data } = event as MessageEvent<unknown>;
      if (typeof data === 'string') this.onText(data);
      return;
    }
    this.onState(WORDS[this.socket.readyState] ?? 'closed');
  }

  letGo(): void {
    for (const type of TYPES) this.socket.removeEventListener(type, this);
    this.socket.close(1000);
  }
}

export function useWebSocket(path = '/ws'): WebSocketStatus {
  const [state, setState] = useState<SocketState>('connecting');
  const [lastMessage, setLastMessage] = useState<string | null>(null);

  useEffect(() => {
    const { protocol, host } = window.location;
    const follower = new SocketFollower(new WebSocket(`${protocol.replace('http', 'ws')}//${host}${path}`), setState, setLastMessage);
    return () => follower.letGo();
  }, [path]);

  return { state, lastMessage };
}
