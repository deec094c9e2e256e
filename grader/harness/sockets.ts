/**
 * The test's own ends of a connection: a probe client to talk to the learner's
 * server, and a probe server for the learner's client. Both are real `ws` on
 * loopback, record what they see, and are closed after each test.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { GradeFailure } from './failure';
import { currentSubject, describeEnd } from './subject';
import { onCleanup } from './resources';
import { within } from './timing';
import { startWireTap, type WireTap } from './wire-tap';

export interface Frame {
  readonly text: string;
  readonly isBinary: boolean;
  /** What the learner's code really passed: a Buffer when binary. */
  readonly raw: RawData;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** A queue that a test can wait on: `next()` takes the oldest item or waits for one. */
export class Inbox<T> {
  readonly seen: T[] = [];
  private readonly queued: T[] = [];
  private readonly waiting: Array<(item: T) => void> = [];

  push(item: T): void {
    this.seen.push(item);
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.queued.push(item);
  }

  /**
   * Takes the next item, waiting at most `ms`; gives up at once if the learner's process ends
   * meanwhile. When the connection the items come from closes first (`closed`), the failure says so.
   */
  next(ms: number, failure: string, closed?: Promise<CloseInfo>): Promise<T> {
    const item = this.queued.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const give = (error: Error): void => {
        clearTimeout(timer);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(error);
      };
      const waiter = (value: T): void => {
        clearTimeout(timer);
        resolve(value);
      };
      let closedWith: number | null = null;
      const closedFailure = (code: number): GradeFailure => new GradeFailure(`${failure}: the connection closed first, with code ${code}`);
      const timer = setTimeout(() => give(closedWith === null ? new GradeFailure(failure) : closedFailure(closedWith)), ms);
      this.waiting.push(waiter);
      // Nothing more will come from a process that has ended: say why now, not after the wait.
      void currentSubject()?.ended.then((end) => {
        if (!end.stopped && this.waiting.includes(waiter)) give(new GradeFailure(`${failure}: ${describeEnd(end)}`));
      });
      // ws emits every message that came before the close frame ahead of 'close', so none is lost here.
      void closed?.then(({ code }) => {
        closedWith = code;
        // A process that ends drops its connections too, and its end (the handler above) is the better reason:
        // while a subject runs, the wait goes on to its bound and then says the connection closed.
        if (!currentSubject() && this.waiting.includes(waiter)) give(closedFailure(code));
      });
    });
  }

  /** Waits `ms` and returns what arrived meanwhile without taking it. */
  async quietFor(ms: number): Promise<readonly T[]> {
    const before = this.seen.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.seen.slice(before);
  }
}

function toFrame(raw: RawData, isBinary: boolean): Frame {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
  return { text, isBinary, raw };
}

/** One end of a connection, seen from the test's side. */
export class ProbeSocket {
  readonly messages = new Inbox<Frame>();
  /** Every ping frame that reached this end (ws answers each with a pong by itself, as a browser does). */
  readonly pings = new Inbox<number>();
  readonly closed: Promise<CloseInfo>;
  /** The wire tap this connection runs through, when it runs through one (connectProbe()). */
  tap: WireTap | null = null;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw, isBinary) => this.messages.push(toFrame(raw, isBinary)));
    socket.on('ping', () => this.pings.push(this.pings.seen.length + 1));
    socket.on('error', () => undefined); // the learner's side may break the connection; that is data, not a crash
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  nextMessage(ms: number, failure: string): Promise<Frame> {
    return this.messages.next(ms, failure, this.closed);
  }

  closedWithin(ms: number, failure: string): Promise<CloseInfo> {
    return within(ms, this.closed, failure);
  }
}

/**
 * Connects a probe client through a wire tap, so the test's trace shows the
 * connection; fails in plain words if the handshake does not complete.
 */
export async function connectProbe(url: string, ms = 1000): Promise<ProbeSocket> {
  const target = new URL(url);
  const tap = await startWireTap(Number(target.port));
  const socket = new WebSocket(tap.url(`${target.pathname}${target.search}`), { headers: { host: target.host } });
  onCleanup(() => socket.terminate());
  const probe = new ProbeSocket(socket);
  probe.tap = tap;
  return new Promise<ProbeSocket>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new GradeFailure(`a client connecting to ${url} was not accepted within ${ms} ms`)),
      ms,
    );
    socket.once('open', () => (clearTimeout(timer), resolve(probe)));
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new GradeFailure(`a client could not connect to ${url}: ${error.message}`));
    });
  });
}

export interface ProbeConnection extends ProbeSocket {
  /** The request line's path and query, as the client sent them. */
  readonly path: string;
  readonly request: IncomingMessage;
}

export interface ProbeServer {
  readonly port: number;
  url(path?: string): string;
  readonly connections: Inbox<ProbeConnection>;
  /** Every upgrade request's path, accepted or not, in arrival order. */
  readonly upgradeRequests: Inbox<string>;
  nextConnection(ms: number, failure: string): Promise<ProbeConnection>;
  /** The wire tap in front of the server, which every connection to `port` runs through. */
  readonly tap: WireTap;
  /** From now on, refuses every handshake with `status` (a server that is away), or, with null, accepts them again. */
  refuse(status: number | null): void;
}

export interface ProbeServerOptions {
  /** Hold every handshake this long before accepting it, to catch clients that do not wait for 'open'. */
  readonly acceptDelayMs?: number;
  /** Refuse every handshake with this HTTP status instead of accepting it. */
  readonly refuseWithStatus?: number;
}

/** A real `ws` server on 127.0.0.1 and a port the OS chooses. */
export async function startProbeServer(options: ProbeServerOptions = {}): Promise<ProbeServer> {
  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true });
  const connections = new Inbox<ProbeConnection>();
  const upgradeRequests = new Inbox<string>();
  let refusal = options.refuseWithStatus ?? null;

  http.on('upgrade', (request: IncomingMessage, socket, head) => {
    socket.on('error', () => socket.destroy());
    upgradeRequests.push(request.url ?? '');
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    setTimeout(() => {
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const probe = new ProbeSocket(ws) as ProbeSocket & { path: string; request: IncomingMessage };
        probe.path = request.url ?? '';
        probe.request = request;
        connections.push(probe);
      });
    }, options.acceptDelayMs ?? 0);
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  // Learner clients connect through a wire tap, so the test's trace shows what they do.
  const { port: serverPort } = http.address() as AddressInfo;
  const tap = await startWireTap(serverPort);
  const { port } = tap;
  return {
    port,
    tap,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    connections,
    upgradeRequests,
    nextConnection: (ms, failure) => connections.next(ms, failure),
    refuse: (status) => void (refusal = status),
  };
}

/** A loopback port that nobody listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  await new Promise((resolve) => http.close(resolve));
  return port;
}
