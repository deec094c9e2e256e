/**
 * A WebSocket the test drives by hand, for browser code under jsdom. Nothing
 * happens on its own: the test says when a socket opens and when a socket the
 * page closed finishes closing. So it can play an order a real network allows
 * but mock-socket's fixed 4 ms delays never produce, such as the close of a
 * socket the page is done with arriving after its new socket opened.
 *
 * It behaves as the WHATWG WebSocket does where page code can tell: send()
 * while CONNECTING throws InvalidStateError, close() with a code other than 1000
 * or 3000–4999 throws InvalidAccessError, close() only starts closing (the
 * 'close' event comes later), and a failed connection fires 'error' before
 * 'close'. on* handler properties work as well as addEventListener().
 */
import { NOT_OBSERVED } from '../trace/types';
import { describeValue } from './failure';
import { addStep, newConnectionNumber } from './recorder';
import { onCleanup } from './resources';

const STATES = ['Connecting', 'Open', 'Closing', 'Closed'] as const;
type Handler = ((event: Event) => void) | null;

export class ScriptedSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readyState = 0;
  binaryType: BinaryType = 'blob';
  readonly bufferedAmount = 0;
  readonly extensions = '';
  readonly protocol = '';
  onopen: Handler = null;
  onmessage: Handler = null;
  onerror: Handler = null;
  onclose: Handler = null;

  /** The close() calls the page made: [code, reason] as passed. */
  readonly closeCalls: Array<readonly [unknown, unknown]> = [];
  private readonly number = newConnectionNumber();

  constructor(readonly url: string) {
    super();
    this.step('connect', 'client', `Client constructs WebSocket(${describeValue(url)})`, 'connect', 'Connection requested');
  }

  /** No test reads what is sent: it only throws where a browser would. */
  send(): void {
    if (this.readyState === 0) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, 'InvalidAccessError');
    }
    this.closeCalls.push([code, reason]);
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.step('close', 'client', `Client calls close(${code ?? ''})`, 'close', 'Close started; its close event comes later');
  }

  // The test's side.

  /** The server accepts: readyState OPEN, then 'open'. */
  open(): void {
    this.readyState = 1;
    this.step('accept', 'server', 'Server accepts the connection', 'open', 'Connection established');
    this.fire(new Event('open'));
  }

  /** Closing ends: readyState CLOSED, then 'error' if the connection failed, then 'close'. */
  finishClose(close: { readonly code: number; readonly failed: boolean }): void {
    this.readyState = 3;
    this.step('drop', 'client', `The close of socket #${this.number} ends only now: ${close.failed ? "'error', then " : ''}'close' with ${close.code}`, 'close', 'Connection closed');
    if (close.failed) this.fire(new Event('error'));
    const event = new Event('close');
    Object.defineProperties(event, { code: { value: close.code }, reason: { value: '' }, wasClean: { value: !close.failed } });
    this.fire(event);
  }

  private fire(event: Event): void {
    this.dispatchEvent(event);
    const handler = (this as unknown as Record<string, Handler>)[`on${event.type}`];
    handler?.call(this, event);
  }

  private step(kind: 'connect' | 'accept' | 'close' | 'drop', actor: 'client' | 'server', action: string, stage: 'connect' | 'open' | 'close', result: string): void {
    const state = STATES[this.readyState] ?? NOT_OBSERVED;
    addStep({
      kind,
      actor,
      stage,
      client: state,
      server: NOT_OBSERVED,
      connection: this.number,
      action: this.number >= 2 ? `#${this.number} ${action}` : action,
      message: null,
      result,
    });
  }
}

/** Puts ScriptedSocket in the global scope for this test; every socket the page constructs is in `sockets`, in order. */
export function installScriptedSockets(): { readonly sockets: readonly ScriptedSocket[] } {
  const scope = globalThis as { WebSocket?: unknown };
  const previous = scope.WebSocket;
  const sockets: ScriptedSocket[] = [];
  const base = typeof document === 'undefined' ? undefined : document.baseURI;
  class PageWebSocket extends ScriptedSocket {
    constructor(address: string | URL) {
      super(new URL(String(address), base).href);
      sockets.push(this);
    }
  }
  scope.WebSocket = PageWebSocket;
  onCleanup(() => {
    scope.WebSocket = previous;
  });
  return { sockets };
}
