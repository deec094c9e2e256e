/**
 * The test's own server for browser code under jsdom: mock-socket's Server on
 * one URL. While it runs, the global WebSocket is mock-socket's, wrapped so that
 * every socket the code under test constructs is recorded, with the raw values
 * it passed to send() (a test must tell a string from an object: mock-socket
 * delivers either). Each lifecycle event becomes a trace step in the wire tap's
 * words, with the states this side could see. Stopped after the test.
 *
 * mock-socket 9.3 in short: opening and client sends go through setTimeout(…, 4);
 * send() while CONNECTING throws; what the server sends reaches the client at
 * once; simulate('error') fires no 'close'; '/ws' and '/ws/' are different URLs;
 * and a second server on the same URL throws, so one runs per URL at a time.
 */
import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import { NOT_OBSERVED, WAITING, type Actor, type StepKind } from '../trace/types';
import { describeValue, GradeFailure } from './failure';
import { addStep, newConnectionNumber } from './recorder';
import { onCleanup } from './resources';
import { Inbox } from './sockets';
import { describeError } from './timing';

const TEXT_LIMIT = 60;
const STATES = ['Connecting', 'Open', 'Closing', 'Closed'] as const;
const NOT_LISTENING = 'not listening';

/** One message the client sent, as the mock server received it. */
export interface MockFrame {
  /** What the client's code passed to send(), unchanged. */
  readonly raw: unknown;
  /** Whether that was a string: only a string leaves a browser as a text frame of that text. */
  readonly isString: boolean;
  /** The text a browser would have sent (String(raw) for anything that is not binary). */
  readonly text: string;
}

export interface MockClose {
  /** Who began the close: the client's close(), the test's MockConnection.close(), or neither (the server stopped, or nothing listened). */
  readonly by: Actor | null;
  readonly code: number;
  readonly reason: string;
  /** Whether the connection had opened before it closed. */
  readonly opened: boolean;
}

/** A WebSocket the code under test constructed, and the server's end of it once accepted. */
export interface MockConnection {
  /** The socket as the code under test holds it. */
  readonly socket: WebSocket;
  /** The URL the socket connects to: what the code under test passed, resolved as a browser does (a relative URL against the page). */
  readonly url: string;
  /** Every value the client passed to send(), in order, whether or not it reached the server. */
  readonly sent: readonly unknown[];
  /** What reached the server, in order. */
  readonly received: Inbox<MockFrame>;
  /** The close() calls the client made: [code, reason] as passed. */
  readonly closeCalls: ReadonlyArray<readonly [unknown, unknown]>;
  /** Whether the server accepted it (it may have closed since). */
  readonly accepted: boolean;
  /** How it closed, once it has. */
  readonly closedWith: MockClose | null;
  readonly closed: Promise<MockClose>;
  readonly isOpen: boolean;
  /**
   * Sends `text` from the server. mock-socket delivers it at once, so the
   * client's handlers run inside this call: if they throw, this fails saying so.
   */
  send(text: string): void;
  /** Sends a binary frame from the server: the page's code gets a Blob, as a browser's default binaryType gives. */
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
  /** Closes from the server's side; the client sees 'close' with `code` 4 ms later. */
  close(code?: number, reason?: string): void;
}

export interface MockServer {
  readonly url: string;
  /** Every WebSocket constructed while this server ran, to any URL, in order. */
  readonly sockets: readonly MockConnection[];
  /** The connections the server accepted, in order. */
  readonly connections: Inbox<MockConnection>;
  nextConnection(ms: number, failure: string): Promise<MockConnection>;
  /** The connections that are OPEN now. */
  openConnections(): MockConnection[];
  /** Stops the server and puts the global WebSocket back; also done after the test. */
  stop(): void;
}

function shown(text: string): string {
  return text.length > TEXT_LIMIT ? `'${text.slice(0, TEXT_LIMIT - 1)}…'` : `'${text}'`;
}

/** mock-socket looks servers up by URL without the query string. */
function sameEndpoint(a: string, b: string): boolean {
  try {
    const strip = (u: string): string => {
      const url = new URL(u);
      url.search = '';
      return url.href;
    };
    return strip(a) === strip(b);
  } catch {
    return false;
  }
}

/**
 * Browsers (the WHATWG WebSocket constructor, since 2024) resolve a relative URL
 * against the page and turn http: into ws: and https: into wss:; mock-socket
 * does neither, so the wrapper does it first. Anything else is left as given.
 */
function resolveLikeABrowser(address: string): string {
  try {
    const base = typeof document === 'undefined' ? undefined : document.baseURI;
    const url = new URL(address, base);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    else if (url.protocol === 'https:') url.protocol = 'wss:';
    return url.href;
  } catch {
    return address;
  }
}

const isBinary = (value: unknown): boolean =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value) || Object.prototype.toString.call(value) === '[object Blob]';

class Recorded implements MockConnection {
  readonly sent: unknown[] = [];
  readonly received = new Inbox<MockFrame>();
  readonly closeCalls: Array<readonly [unknown, unknown]> = [];
  readonly closed: Promise<MockClose>;
  accepted = false;
  closedWith: MockClose | null = null;
  /** The server's end, once accepted. */
  peer: Client | null = null;
  private closingBy: Actor | null = null;
  private serverState: string;
  private readonly number = newConnectionNumber();
  private readonly prefix = this.number >= 2 ? `#${this.number} ` : '';
  private settle: (close: MockClose) => void = () => undefined;

  constructor(
    readonly socket: WebSocket,
    readonly url: string,
    listening: boolean,
  ) {
    this.serverState = listening ? WAITING : NOT_LISTENING;
    this.closed = new Promise((resolve) => (this.settle = resolve));
    // The path alone when the URL is the server's, as the wire tap shows it; the whole URL when it is not.
    const where = listening ? new URL(url).pathname + new URL(url).search : url;
    this.step('connect', 'client', {
      action: `${this.prefix}Client creates WebSocket connection to ${where}`,
      message: null,
      result: listening ? 'Connection attempt started' : 'Connection attempt started, to a URL the test server does not listen on',
    });
    // Added before any handler of the code under test, so these run first.
    socket.addEventListener('open', () => this.onOpen());
    socket.addEventListener('message', (event) => this.onMessage(event as MessageEvent));
    socket.addEventListener('close', (event) => this.onClose(event as CloseEvent));
  }

  get isOpen(): boolean {
    return this.socket.readyState === 1;
  }

  private get clientState(): string {
    return STATES[this.socket.readyState] ?? NOT_OBSERVED;
  }

  private onOpen(): void {
    this.accepted = true;
    this.serverState = 'Open';
    this.step('accept', 'server', { action: `${this.prefix}Server accepts connection`, message: null, result: 'Connection established (mock server)' });
  }

  private onMessage(event: MessageEvent): void {
    const data: unknown = event.data;
    const label = typeof data === 'string' ? shown(data) : describeValue(data);
    this.step('receive', 'client', {
      action: `${this.prefix}Client receives ${label}`,
      message: `Server -> Client: ${label}`,
      ...(typeof data === 'string' ? { text: data.slice(0, TEXT_LIMIT) } : {}),
      result: 'Message delivered',
    });
  }

  private onClose(event: CloseEvent): void {
    if (this.closedWith) return;
    const opened = this.accepted;
    const close: MockClose = { by: this.closingBy, code: event.code, reason: event.reason, opened };
    this.closedWith = close;
    if (this.serverState !== NOT_LISTENING) this.serverState = opened ? 'Closed' : this.serverState;
    const described = `${event.code}${event.reason ? ` '${event.reason}'` : ''}`;
    if (this.closingBy && opened) {
      const Name = this.closingBy === 'client' ? 'Client' : 'Server';
      const other = this.closingBy === 'client' ? 'Server' : 'Client';
      this.step('close', this.closingBy, {
        action: `${this.prefix}${Name} closes connection (${described})`,
        message: `${Name} -> ${other}: close ${described}`,
        code: event.code,
        result: 'Connection closed',
      });
    } else if (this.closingBy === 'client') {
      this.step('close', 'client', {
        action: `${this.prefix}Client closes the connection before it opened (${described})`,
        message: null,
        code: event.code,
        result: 'Connection attempt abandoned',
      });
    } else if (!opened) {
      this.step('drop', 'server', {
        action: `${this.prefix}Nothing listens at ${this.url}: the connection fails`,
        message: null,
        result: 'No WebSocket was opened',
      });
    } else {
      this.step('drop', 'server', {
        action: `${this.prefix}The test server went away (${described})`,
        message: null,
        code: event.code,
        result: 'Connection ended',
      });
    }
    this.settle(close);
  }

  /** Called by the wrapped WebSocket before the real send(). */
  clientSends(data: unknown, send: () => void): void {
    this.sent.push(data);
    const label = typeof data === 'string' ? shown(data) : `${describeValue(data)}, not a string`;
    const base = {
      action: `${this.prefix}Client sends ${label}`,
      message: `Client -> Server: ${label}`,
      ...(typeof data === 'string' ? { text: data.slice(0, TEXT_LIMIT) } : {}),
    };
    const connecting = this.socket.readyState === 0;
    try {
      send();
    } catch (error) {
      this.step('send', 'client', {
        ...base,
        message: null,
        result: connecting ? 'send() threw: the socket is still CONNECTING, nothing was sent' : `send() threw ${describeError(error)}`,
      });
      throw error;
    }
    this.step('send', 'client', { ...base, result: this.accepted && this.closedWith === null ? 'Message sent' : 'Sent on a socket that is not open' });
  }

  /** Called by the wrapped WebSocket once its close() has begun closing a socket that was not closing yet. */
  clientCloses(): void {
    this.closingBy ??= 'client';
  }

  /** The server's 'connection' event for this socket. */
  attach(peer: Client): void {
    this.peer = peer;
    peer.on('message', (raw: unknown) => {
      const text = typeof raw === 'string' ? raw : isBinary(raw) ? '(binary)' : String(raw);
      const label = typeof raw === 'string' ? shown(raw) : `${describeValue(raw)}, not a string`;
      this.step('receive', 'server', {
        action: `${this.prefix}Server receives ${label}`,
        message: `Client -> Server: ${label}`,
        ...(typeof raw === 'string' ? { text: raw.slice(0, TEXT_LIMIT) } : {}),
        result: 'Message delivered',
      });
      this.received.push({ raw, isString: typeof raw === 'string', text });
    });
  }

  send(text: string): void {
    const peer = this.peer;
    if (!peer || !this.isOpen) {
      const state = STATES[this.socket.readyState] ?? 'not open';
      throw new GradeFailure(
        `the server was about to send ${shown(text)}, but the page's socket is ${state.toLowerCase()}` +
          (this.closedWith?.by === 'client' ? `: the page closed it (${this.closedWith.code})` : ''),
      );
    }
    this.step('send', 'server', {
      action: `${this.prefix}Server sends ${shown(text)}`,
      message: `Server -> Client: ${shown(text)}`,
      text: text.slice(0, TEXT_LIMIT),
      result: 'Message sent',
    });
    try {
      peer.send(text);
    } catch (error) {
      throw new GradeFailure(`the page's code threw while handling the message ${shown(text)}: ${describeError(error)}`);
    }
  }

  sendBinary(bytes: Uint8Array<ArrayBuffer>): void {
    const peer = this.peer;
    if (!peer || !this.isOpen) throw new GradeFailure(`the server was about to send a binary frame, but the page's socket is not open`);
    const label = `a binary frame of ${bytes.length} bytes`;
    this.step('send', 'server', { action: `${this.prefix}Server sends ${label}`, message: `Server -> Client: ${label}`, result: 'Message sent' });
    try {
      peer.send(new Blob([bytes]));
    } catch (error) {
      throw new GradeFailure(`the page's code threw while handling ${label}: ${describeError(error)}`);
    }
  }

  close(code = 1000, reason = ''): void {
    const peer = this.peer;
    if (!peer || this.socket.readyState > 1) return;
    this.closingBy ??= 'server';
    this.serverState = 'Closing';
    peer.close({ code, reason, wasClean: true });
  }

  private step(
    kind: StepKind,
    actor: Actor,
    rest: { action: string; message: string | null; result: string; text?: string; code?: number | null },
  ): void {
    addStep({ kind, actor, stage: STAGE_OF[kind](actor), client: this.clientState, server: this.serverState, connection: this.number, ...rest });
  }
}

const STAGE_OF: Record<StepKind, (actor: Actor) => Parameters<typeof addStep>[0]['stage']> = {
  connect: () => 'connect',
  accept: () => 'open',
  refuse: () => 'connect',
  send: (a) => (a === 'client' ? 'client-send' : 'server-send'),
  receive: (a) => (a === 'server' ? 'server-receive' : 'client-receive'),
  'stay-open': () => 'keep-alive',
  ping: () => 'keep-alive',
  pong: () => 'keep-alive',
  close: () => 'close',
  drop: () => 'close',
  unreadable: () => 'server-receive',
};

/**
 * Starts mock-socket's Server on `url` (such as 'ws://localhost:3000/ws') and
 * puts a recording WebSocket in the global scope. Needs a DOM environment
 * (jsdom); stopped after the test.
 */
export function startMockServer(url: string): MockServer {
  const scope = globalThis as { WebSocket?: unknown };
  const previous = scope.WebSocket;
  let server: Server;
  try {
    server = new Server(url);
  } catch (error) {
    throw new Error(`startMockServer('${url}'): ${error instanceof Error ? error.message : String(error)} (stop the other one first)`);
  }
  // mock-socket normalises the URL (a bare host gets the path /); its types leave the field out.
  const serverUrl = (server as unknown as { url: string }).url;
  const sockets: Recorded[] = [];
  const byTarget = new WeakMap<object, Recorded>();
  const connections = new Inbox<MockConnection>();

  class RecordingWebSocket extends MockWebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const url = resolveLikeABrowser(String(address));
      super(url, protocols);
      const record = new Recorded(this as unknown as WebSocket, url, sameEndpoint(this.url, serverUrl));
      sockets.push(record);
      byTarget.set(this, record);
    }

    override send(data: string | Blob | ArrayBuffer | ArrayBufferView): void {
      const record = byTarget.get(this);
      if (!record) return super.send(data);
      record.clientSends(data, () => super.send(data));
    }

    override close(code?: number, reason?: string): void {
      const record = byTarget.get(this);
      const before = this.readyState;
      record?.closeCalls.push([code, reason]);
      super.close(code, reason); // throws, as a browser does, for a code other than 1000 or 3000-4999
      if (before < 2) record?.clientCloses();
    }
  }

  server.on('connection', (peer: Client) => {
    const record = byTarget.get(peer.target);
    if (!record) return;
    record.attach(peer);
    connections.push(record);
  });
  scope.WebSocket = RecordingWebSocket;

  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    server.stop();
    scope.WebSocket = previous;
  };
  onCleanup(stop);

  return {
    url: serverUrl,
    sockets,
    connections,
    nextConnection: (ms, failure) => connections.next(ms, failure),
    openConnections: () => sockets.filter((s) => s.accepted && s.isOpen),
    stop,
  };
}
