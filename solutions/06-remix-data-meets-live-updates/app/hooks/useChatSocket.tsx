/**
 * One socket per tab. The root route renders <ChatSocketProvider> around every
 * route, so the socket opens once when the app starts in the browser and stays
 * open while the user moves between rooms; a route reads it with useChatSocket().
 * Opened inside a route instead, it would close and open again on every navigation.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useWebSocket, type WebSocketStatus } from './useWebSocket';

const ChatSocket = createContext<WebSocketStatus | null>(null);

/** Opens the tab's socket (lesson 03's hook, in an effect: nothing opens on the server) and shares it. */
export function ChatSocketProvider({ children }: { children: ReactNode }) {
  const socket = useWebSocket();
  return <ChatSocket.Provider value={socket}>{children}</ChatSocket.Provider>;
}

/** The tab's socket, from the nearest <ChatSocketProvider>. */
export function useChatSocket(): WebSocketStatus {
  const socket = useContext(ChatSocket);
  if (socket === null) throw new Error('useChatSocket() needs a <ChatSocketProvider> above it: app/root.tsx puts one around every route.');
  return socket;
}
