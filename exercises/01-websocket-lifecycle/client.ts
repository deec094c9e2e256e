import WebSocket from 'ws';

export const GREETING = 'Hello Server';

/**
 * Connects to `url`, sends 'Hello Server' once the connection is open, and
 * resolves with the server's first reply after closing the connection with 1000.
 * Rejects if the connection fails before a reply arrives.
 */
export function greet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // TODO(connect): open a WebSocket to `url`. If it emits 'error' (nobody is
    // listening, the handshake is refused), reject the promise with that error.
    reject(new Error('greet() is not written yet'));

    // TODO(client-send): send GREETING, as text, when the socket fires 'open'.
    // Sending earlier throws: the socket is still CONNECTING.

    // TODO(client-receive): on the first 'message', keep its text as the reply
    // (ws hands you a Buffer) and start closing the connection with code 1000.

    // TODO(close): when 'close' fires, the handshake is over and the socket is
    // CLOSED: resolve with the reply, or reject if the connection ended without one.
  });
}
