// A correct server.ts written differently from the solution: listening awaited with
// events.once(), state kept in a closure object, the reply chosen from a Map.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const GREETING = 'Hello Server';
export const REPLY = 'Hello Client';
export const UNKNOWN = 'Unknown message';

export interface GreetingServer {
  readonly port: number;
  readonly lastReceived: string | null;
  close(): Promise<void>;
}

const REPLIES = new Map([[GREETING, REPLY]]);

export async function startGreetingServer(port = 0): Promise<GreetingServer> {
  const state = { lastReceived: null as string | null };
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  wss.on('connection', (socket: WebSocket) => {
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? data.toString('utf8') : String(data);
      state.lastReceived = text;
      socket.send(REPLIES.get(text) ?? UNKNOWN);
    });
  });
  await once(wss, 'listening');
  return {
    port: (wss.address() as AddressInfo).port,
    get lastReceived() {
      return state.lastReceived;
    },
    async close() {
      wss.clients.forEach((client) => client.close(1001, 'Going away'));
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
