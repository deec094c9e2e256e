/**
 * A correct keepAlive() written differently from the reference solution: the
 * time of each socket's last pong in a Map instead of a set of the alive, one
 * timeout that schedules the next instead of an interval, and a socket taken
 * for dead when its last pong is older than one interval.
 */
import type { WebSocket, WebSocketServer } from 'ws';

export const HEARTBEAT_INTERVAL_MS = 30_000;

export function keepAlive(wss: WebSocketServer, intervalMs: number = HEARTBEAT_INTERVAL_MS): () => void {
  const lastPong = new Map<WebSocket, number>();
  const onConnection = (socket: WebSocket): void => {
    lastPong.set(socket, Date.now());
    socket.on('pong', () => lastPong.set(socket, Date.now()));
    socket.on('close', () => lastPong.delete(socket));
  };
  wss.on('connection', onConnection);

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = (): void => {
    const now = Date.now();
    for (const socket of wss.clients) {
      if (now - (lastPong.get(socket) ?? now) > intervalMs) socket.terminate();
      else socket.ping();
    }
    if (!stopped) timer = setTimeout(round, intervalMs);
  };
  timer = setTimeout(round, intervalMs);

  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    wss.off('connection', onConnection);
  };
  wss.on('close', stop);
  return stop;
}
