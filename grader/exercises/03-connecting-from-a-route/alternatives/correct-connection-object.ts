/**
 * A correct useWebSocket.ts for lesson 03 written differently: one state
 * object instead of two, onX handler properties instead of listeners, a
 * switch instead of a lookup table, the URL built with the URL class, and an
 * `active` flag instead of removing handlers to ignore a socket that was let go.
 */
import { useEffect, useState } from 'react';

type Phase = 'connecting' | 'open' | 'closing' | 'closed';

function phaseOf(socket: WebSocket): Phase {
  switch (socket.readyState) {
    case WebSocket.CONNECTING:
      return 'connecting';
    case WebSocket.OPEN:
      return 'open';
    case WebSocket.CLOSING:
      return 'closing';
    default:
      return 'closed';
  }
}

export function useWebSocket(endpoint = '/ws') {
  const [view, setView] = useState<{ state: Phase; lastMessage: string | null }>({ state: 'connecting', lastMessage: null });

  useEffect(() => {
    const address = new URL(endpoint, window.location.href);
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(address.href);
    let active = true;
    const update = (): void => {
      if (active) setView((old) => ({ ...old, state: phaseOf(socket) }));
    };
    socket.onopen = update;
    socket.onclose = update;
    socket.onerror = update;
    socket.onmessage = (event: MessageEvent) => {
      if (active && typeof event.data === 'string') setView((old) => ({ ...old, lastMessage: event.data as string }));
    };
    return () => {
      active = false;
      socket.close(1000);
    };
  }, [endpoint]);

  return view;
}
