/**
 * useWebSocket(): the page's connection to the app server's /ws socket, as
 * React state. The connection is made in an effect, so rendering on the server
 * never touches WebSocket or window, and it is closed with 1000 when the
 * component that uses the hook unmounts. What arrives is parsed as a
 * ServerMessage, and send() takes a ClientMessage. Since lesson 05 it keeps the
 * presence list of each room, and since lesson 07 a silent connection counts as
 * dropped. Since lesson 08 the connection is a ChatConnection
 * (app/lib/chat-connection.ts): it connects again after a drop, with backoff,
 * rejoins the page's rooms where it left off, and sends what waited meanwhile.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatConnection, type ConnectionState } from '../lib/chat-connection';
import type { ChatMessage, ClientMessage, ServerMessage } from '../lib/protocol';

/** The path the app server answers WebSocket upgrades on (server.ts). */
export const SOCKET_PATH = '/ws';

export interface WebSocketStatus {
  /** 'connecting' on the server and on the first render; 'reconnecting' between a drop and the next attempt. */
  readonly state: ConnectionState;
  /** The last ServerMessage that arrived, or null before the first. */
  readonly lastMessage: ServerMessage | null;
  /** This page's user id, from the server's latest welcome (each new connection gets one); null until it arrives. */
  readonly userId: string | null;
  /** The chat messages that arrived, oldest first, from every room this page is in. */
  readonly messages: readonly ChatMessage[];
  /** Who is in each room, as the last presence message for it said: room → user ids, sorted. */
  readonly presence: Readonly<Record<string, readonly string[]>>;
  /** How many frames arrived that were not ServerMessages: each was ignored. */
  readonly ignored: number;
  /**
   * Sends `message` as one JSON text frame, at once when the connection is open. Otherwise a join or
   * leave is remembered for the next connection and a chat waits for it; false when too many chats
   * wait already, and this one was not kept.
   */
  readonly send: (message: ClientMessage) => boolean;
}

/** The URL of the socket at `path` on the page's own host: ws: for an http: page, wss: for https:. */
export function socketUrl(path: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

export function useWebSocket(path: string = SOCKET_PATH): WebSocketStatus {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [lastMessage, setLastMessage] = useState<ServerMessage | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [presence, setPresence] = useState<Record<string, readonly string[]>>({});
  const [ignored, setIgnored] = useState(0);
  // The connection of the current effect; null before the effect and after its cleanup.
  const connection = useRef<ChatConnection | null>(null);
  // What was sent before the effect made a connection (a child's effect runs first), oldest first.
  const early = useRef<ClientMessage[]>([]);

  useEffect(() => {
    const current = new ChatConnection(socketUrl(path, window.location), {
      onState: setState,
      onIgnored: () => setIgnored((count) => count + 1),
      onMessage: (message) => {
        setLastMessage(message);
        if (message.type === 'welcome') setUserId(message.userId);
        if (message.type === 'chat') setMessages((list) => [...list, message]);
        if (message.type === 'presence') setPresence((rooms) => ({ ...rooms, [message.room]: message.members }));
      },
    });
    connection.current = current;
    for (const message of early.current.splice(0)) current.send(message);
    return () => {
      if (connection.current === current) connection.current = null;
      current.close();
    };
  }, [path]);

  const send = useCallback((message: ClientMessage): boolean => {
    const current = connection.current;
    if (current) return current.send(message);
    early.current.push(message);
    return true;
  }, []);

  return { state, lastMessage, userId, messages, presence, ignored, send };
}
