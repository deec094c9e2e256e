/**
 * A correct useWebSocket.ts for lesson 04 written differently: every listener
 * is added with the effect's AbortSignal (`{ signal }`), so the cleanup lets go
 * of them all with one abort(); the queue is flushed by a listener added with
 * `{ once: true }`; the URL is a URL object built from the page's; a switch
 * sorts the frames. A browser's WebSocket honours both options, as the DOM
 * standard says for every EventTarget.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { encode, parseServerMessage, type ChatMessage, type ClientMessage, type ServerMessage } from '../lib/protocol';

type Word = 'connecting' | 'open' | 'closing' | 'closed';
const WORDS: readonly Word[] = ['connecting', 'open', 'closing', 'closed'];

export function useWebSocket(path = '/ws') {
  const [state, setState] = useState<Word>('connecting');
  const [lastMessage, setLastMessage] = useState<ServerMessage | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [ignored, setIgnored] = useState(0);
  const live = useRef<WebSocket | null>(null);
  const waiting = useRef<string[]>([]);

  useEffect(() => {
    const address = new URL(path, window.location.href);
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(address);
    live.current = socket;
    const done = new AbortController();
    const { signal } = done;

    socket.addEventListener(
      'open',
      () => {
        for (const text of waiting.current.splice(0)) socket.send(text);
      },
      { once: true, signal },
    );
    const follow = (): void => setState(WORDS[socket.readyState] ?? 'closed');
    for (const type of ['open', 'close', 'error'] as const) socket.addEventListener(type, follow, { signal });
    socket.addEventListener(
      'message',
      (event: MessageEvent<unknown>) => {
        const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
        if (!message) {
          setIgnored((n) => n + 1);
          return;
        }
        setLastMessage(message);
        switch (message.type) {
          case 'welcome':
            setUserId(message.userId);
            break;
          case 'chat':
            setMessages((list) => [...list, message]);
            break;
          default:
            break;
        }
      },
      { signal },
    );

    return () => {
      done.abort();
      if (live.current === socket) live.current = null;
      socket.close(1000);
    };
  }, [path]);

  const send = useCallback((message: ClientMessage): void => {
    waiting.current.push(encode(message));
    const socket = live.current;
    if (socket && socket.readyState === WebSocket.OPEN) {
      for (const text of waiting.current.splice(0)) socket.send(text);
    }
  }, []);

  return { state, lastMessage, userId, messages, ignored, send };
}
