import WebSocket from 'ws';

export const GREETING = 'Hello Server';

/**
 * Connects to `url`, sends 'Hello Server' once the connection is open, and
 * resolves with the server's first reply after closing the connection with 1000.
 * Rejects if the connection fails before a reply arrives.
 */
export function greet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // #region TODO(connect): open a WebSocket to `url`. If it emits 'error' (nobody is
    // listening, the handshake is refused), reject the promise with that error.
    // starter: reject(new Error('greet() is not written yet'));
    const socket = new WebSocket(url);
    let reply: string | null = null;
    socket.on('error', reject);
    // #endregion

    // #region TODO(client-send): send GREETING, as text, when the socket fires 'open'.
    // Sending earlier throws: the socket is still CONNECTING.
    socket.on('open', () => socket.send(GREETING));
    // #endregion

    // #region TODO(client-receive): on the first 'message', keep its text as the reply
    // (ws hands you a Buffer) and start closing the connection with code 1000.
    socket.on('message', (data) => {
      if (reply !== null) return;
      reply = data.toString();
      socket.close(1000, 'Done');
    });
    // #endregion

    // #region TODO(close): when 'close' fires, the handshake is over and the socket is
    // CLOSED: resolve with the reply, or reject if the connection ended without one.
    socket.on('close', (code) => {
      if (reply === null) reject(new Error(`Connection closed with ${code} before any reply`));
      else resolve(reply);
    });
    // #endregion
  });
}
