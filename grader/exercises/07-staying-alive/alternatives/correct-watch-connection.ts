/**
 * A correct watchConnection() written differently from the reference
 * solution: one interval that both pings and looks at the clock, and the time
 * of the last message instead of a silence timer. It notices a silence at the
 * first ping after silenceMs has passed, which the contract allows, and it
 * writes its JSON by hand.
 */
export const CLIENT_PING_MS = 15_000;
export const SILENCE_LIMIT_MS = 35_000;

export interface WatchedSocket {
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface WatchOptions {
  readonly pingMs?: number;
  readonly silenceMs?: number;
  readonly onSilent: () => void;
}

export function watchConnection(socket: WatchedSocket, options: WatchOptions): () => void {
  const pingMs = options.pingMs ?? CLIENT_PING_MS;
  const silenceMs = options.silenceMs ?? SILENCE_LIMIT_MS;
  let lastHeard = Date.now();
  const heard = (): void => {
    lastHeard = Date.now();
  };
  socket.addEventListener('message', heard);

  const tick = setInterval(() => {
    if (Date.now() - lastHeard >= silenceMs) {
      stop();
      options.onSilent();
      return;
    }
    socket.send(JSON.stringify({ type: 'ping' }));
  }, pingMs);

  function stop(): void {
    clearInterval(tick);
    socket.removeEventListener('message', heard);
  }
  return stop;
}
