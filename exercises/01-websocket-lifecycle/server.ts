import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export const GREETING = 'Hello Server';
export const REPLY = 'Hello Client';
export const UNKNOWN = 'Unknown message';

export interface GreetingServer {
  /** The port the server really listens on: ask for 0 and the OS picks a free one. */
  readonly port: number;
  /** The last text message the server received, or null before the first one. */
  readonly lastReceived: string | null;
  /** Closes every client with 1001 "Going Away", stops listening, resolves when done. */
  close(): Promise<void>;
}

export function startGreetingServer(port = 0): Promise<GreetingServer> {
  let lastReceived: string | null = null;

  function onMessage(socket: WebSocket, data: RawData): void {
    // TODO(server-receive): ws hands every message to you as a Buffer, not a string.
    // Turn `data` into text and remember it as `lastReceived`.

    // TODO(server-process): decide the answer: 'Hello Client' (REPLY) for exactly
    // 'Hello Server' (GREETING), 'Unknown message' (UNKNOWN) for anything else.

    // TODO(server-send): send the answer back to this socket only, as text.
    // Keep the socket open afterwards: the client may have more to say.
  }

  return new Promise((resolve, reject) => {
    // TODO(connect): create a WebSocketServer on host '127.0.0.1' at `port`.
    // Reject if it cannot listen. Once it is 'listening', resolve with a GreetingServer
    // whose `port` is the one it really got (see wss.address()).
    reject(new Error('startGreetingServer() is not written yet'));

    // TODO(open): on 'connection' the handshake is done and both sides are OPEN.
    // Give the socket an 'error' listener (an unhandled 'error' event crashes Node),
    // then pass each of its messages to onMessage().
  });
}

function closeAll(wss: WebSocketServer): Promise<void> {
  // TODO(close): since ws 8, wss.close() leaves open connections alone. Close each
  // client in wss.clients with 1001 ("Going Away"), then close the server and resolve
  // when its callback runs.
  return Promise.resolve();
}
