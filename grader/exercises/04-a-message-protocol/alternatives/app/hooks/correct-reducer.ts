/**
 * A correct useWebSocket.ts for lesson 04 written differently: one reducer
 * holds everything, handlers are onX properties, the socket lives in a ref,
 * the URL is relative (browsers since 2024 resolve it, ws: or wss: as the
 * page), and the queue is a small class of its own.
 */
import { useEffect, useReducer, useRef } from 'react';
import { ServerMessage, type ChatMessage, type ClientMessage } from '../lib/protocol';

type Word = 'connecting' | 'open' | 'closing' | 'closed';
const WORDS: Record<number, Word> = { 0: 'connecting', 1: 'open', 2: 'closing', 3: 'closed' };

interface Snapshot {
  state: Word;
  lastMessage: ServerMessage | null;
  userId: string | null;
  messages: ChatMessage[];
  ignored: number;
}

type Action = { kind: 'ready'; readyState: number } | { kind: 'frame'; message: ServerMessage } | { kind: 'junk' };

function reduce(current: Snapshot, action: Action): Snapshot {
  switch (action.kind) {
    case 'ready':
      return { ...current, state: WORDS[action.readyState] ?? 'closed' };
    case 'junk':
      return { ...current, ignored: current.ignored + 1 };
    case 'frame': {
      const next = { ...current, lastMessage: action.message };
      if (action.message.type === 'welcome') next.userId = action.message.userId;
      if (action.message.type === 'chat') next.messages = current.messages.concat(action.message);
      return next;
    }
  }
}

class Outbox {
  private readonly waiting: string[] = [];
  add(text: string): void {
    this.waiting.push(text);
  }
  drainInto(socket: WebSocket): void {
    while (this.waiting.length > 0) socket.send(this.waiting.shift() as string);
  }
}

function decode(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const checked = ServerMessage.safeParse(JSON.parse(data));
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
}

export function useWebSocket(route = '/ws') {
  const [snapshot, dispatch] = useReducer(reduce, { state: 'connecting', lastMessage: null, userId: null, messages: [], ignored: 0 });
  const live = useRef<WebSocket | undefined>(undefined);
  const outbox = useRef(new Outbox());

  useEffect(() => {
    const ws = new WebSocket(route);
    live.current = ws;
    ws.onopen = () => {
      dispatch({ kind: 'ready', readyState: ws.readyState });
      outbox.current.drainInto(ws);
    };
    ws.onclose = () => dispatch({ kind: 'ready', readyState: ws.readyState });
    ws.onerror = () => dispatch({ kind: 'ready', readyState: ws.readyState });
    ws.onmessage = (event) => {
      const message = decode(event.data);
      dispatch(message ? { kind: 'frame', message } : { kind: 'junk' });
    };
    return () => {
      ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
      if (live.current === ws) live.current = undefined;
      ws.close(1000);
    };
  }, [route]);

  const send = useRef((message: ClientMessage) => {
    outbox.current.add(JSON.stringify(message));
    const ws = live.current;
    if (ws && ws.readyState === ws.OPEN) outbox.current.drainInto(ws);
  }).current;

  return { ...snapshot, send };
}
