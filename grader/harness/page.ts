/**
 * Browser code under test, judged from outside: the learner's hook or route
 * runs on a page in the subject process (grader/subject/page.ts: jsdom, React,
 * jsdom's real WebSocket), and every socket it opens reaches the page server
 * here, a real `ws` server on 127.0.0.1 behind a wire tap. The test sees the
 * frames on the wire, drives the page (mount, re-render, unmount, move) and
 * reads what it rendered; it never runs the learner's code itself.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Actor } from '../trace/types';
import { PAGE_LOAD_BLOCKED_MS } from './exercise';
import { describeValue, fail, GradeFailure } from './failure';
import { onCleanup } from './resources';
import { Inbox } from './sockets';
import { RemoteError, RemoteThrow, SubjectEnded, type Subject } from './subject';
import { describeError, explainFailure, sleep } from './timing';
import { startWireTap } from './wire-tap';
import { PAGE_PREFIX } from '../subject/page-route';

/**
 * A page test's time limit: it may first wait for its subject to start and load jsdom and React
 * (one long synchronous require: 3 s on an idle laptop, over 10 s on a busy machine while other
 * subjects load theirs), then for its own waits, each bounded. Set it with
 * `vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS })` in the test file.
 */
export const PAGE_TEST_TIMEOUT_MS = 30_000;

/** The page's URL unless a test moves it. */
export const PAGE_URL = 'http://localhost:3000/';

/** One frame the page's code sent, as it arrived. */
export interface PageFrame {
  readonly text: string;
  /** A text frame: what a browser sends for a string (anything else but binary is first turned into one with String()). */
  readonly isText: boolean;
}

export interface PageClose {
  /** Who sent the first close frame, or null when the connection dropped without one. */
  readonly by: Actor | null;
  readonly code: number;
  readonly reason: string;
}

/** A WebSocket the page's code opened, as the server saw it. */
export interface PageConnection {
  /** The URL the code asked for (resolved against the page, as a browser does). */
  readonly url: string;
  readonly protocols: readonly string[];
  /** Whether the server has accepted it (it may have closed since). */
  readonly accepted: boolean;
  readonly isOpen: boolean;
  /** The close handshake has begun on the server's side: the page's close frame arrived (or the test closed it). */
  readonly closeStarted: boolean;
  readonly received: Inbox<PageFrame>;
  readonly closed: Promise<PageClose>;
  readonly closedWith: PageClose | null;
  send(text: string): void;
  sendBinary(bytes: Uint8Array): void;
  /** Frames the test has sent on it. */
  readonly sent: number;
  close(code?: number, reason?: string): void;
  /** Drops the TCP connection without a close frame (and without anything held back by holdReplies()). */
  drop(): void;
  /**
   * Holds back everything the server sends on it (its close reply included) until the returned
   * function is called; drop() meanwhile discards it, so the page never gets a close frame back.
   */
  holdReplies(): () => void;
  /**
   * Pings the page's socket and resolves once its pong is back (false after `ms`): the page's
   * WebSocket has read every frame sent before the ping. Nothing of the page's code answers it.
   */
  roundTrip(ms?: number): Promise<boolean>;
}

export interface PageServerOptions {
  /** Hold every handshake this long before accepting it. */
  readonly acceptDelayMs?: number;
}

export interface PageServer {
  /** Every WebSocket the page's code opened, in order, accepted or not yet. */
  readonly sockets: readonly PageConnection[];
  /** The ones accepted, in order. */
  readonly connections: Inbox<PageConnection>;
  nextConnection(ms: number, failure: string): Promise<PageConnection>;
  openConnections(): PageConnection[];
  /** Frames the test has sent to the page, on all its connections. */
  framesSent(): number;
}

class Connection implements PageConnection {
  readonly received = new Inbox<PageFrame>();
  accepted = false;
  closedWith: PageClose | null = null;
  readonly closed: Promise<PageClose>;
  private markClosed: (close: PageClose) => void = () => undefined;
  private socket: WebSocket | null = null;
  private closedByServer = false;
  private held: { write: Socket['write']; writes: unknown[][] } | null = null;
  sent = 0;

  constructor(
    readonly url: string,
    readonly protocols: readonly string[],
    private readonly request: IncomingMessage,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  attach(socket: WebSocket): void {
    this.socket = socket;
    this.accepted = true;
    socket.on('error', () => undefined);
    socket.on('message', (raw: RawData, isBinary) => {
      const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      this.received.push({ text: bytes.toString('utf8'), isText: !isBinary });
    });
    socket.on('close', (code, reason) => {
      const by: Actor | null = this.closedByServer ? 'server' : code === 1006 ? null : 'client';
      this.closedWith = { by, code, reason: reason.toString() };
      this.markClosed(this.closedWith);
    });
  }

  /** The handshake ended before it was accepted (the page gave up, or the test ended). */
  abandon(): void {
    if (this.accepted || this.closedWith) return;
    this.closedWith = { by: null, code: 1006, reason: '' };
    this.markClosed(this.closedWith);
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  get closeStarted(): boolean {
    return this.socket !== null && this.socket.readyState >= WebSocket.CLOSING;
  }

  private open(what: string): WebSocket {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) throw new GradeFailure(`the test could not ${what}: the connection is not open`);
    return this.socket;
  }

  send(text: string): void {
    this.open(`send ${describeValue(text)}`).send(text);
    this.sent += 1;
  }

  sendBinary(bytes: Uint8Array): void {
    this.open('send a binary frame').send(bytes, { binary: true });
    this.sent += 1;
  }

  close(code = 1000, reason = ''): void {
    this.closedByServer = true;
    this.socket?.close(code, reason);
  }

  drop(): void {
    this.release(false);
    this.socket?.terminate();
  }

  holdReplies(): () => void {
    // Held where the server writes, so that drop() can discard what is held: the wire then never carries it.
    const raw = this.request.socket;
    if (!this.held) {
      const held = { write: raw.write, writes: [] as unknown[][] };
      this.held = held;
      raw.write = ((...args: unknown[]) => {
        held.writes.push(args);
        return true;
      }) as Socket['write'];
    }
    return () => this.release(true);
  }

  private release(deliver: boolean): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    const raw = this.request.socket;
    raw.write = held.write;
    if (!deliver || raw.destroyed) return;
    for (const args of held.writes) (raw.write as (...a: unknown[]) => boolean).apply(raw, args);
  }

  async roundTrip(ms = 1000): Promise<boolean> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        socket.off('pong', pong);
        socket.off('close', closed);
        resolve(ok);
      };
      const pong = (): void => done(true);
      const closed = (): void => done(false);
      socket.on('pong', pong);
      socket.on('close', closed);
      socket.ping();
    });
  }
}

function askedUrl(path: string): string | null {
  if (!path.startsWith(PAGE_PREFIX)) return null;
  try {
    return Buffer.from(path.slice(PAGE_PREFIX.length), 'base64url').toString('utf8');
  } catch {
    return null;
  }
}

/** The server every page socket reaches; closed after the test. */
export async function startPageServer(options: PageServerOptions = {}): Promise<{ server: PageServer; port: number }> {
  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true });
  const sockets: Connection[] = [];
  const connections = new Inbox<PageConnection>();
  const { port: serverPort } = await new Promise<AddressInfo>((resolve) => http.listen(0, '127.0.0.1', () => resolve(http.address() as AddressInfo)));
  const tap = await startWireTap(serverPort, { shownPath: (path) => askedUrl(path) ?? path });
  const raw = new Set<Socket>();

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head) => {
    socket.on('error', () => socket.destroy());
    raw.add(socket);
    const url = askedUrl(request.url ?? '') ?? `(a request for ${request.url ?? ''} that did not come from the page)`;
    const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const connection = new Connection(url, protocols, request);
    sockets.push(connection);
    socket.on('close', () => {
      raw.delete(socket);
      connection.abandon();
    });
    setTimeout(() => {
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => {
        connection.attach(ws);
        connections.push(connection);
      });
    }, options.acceptDelayMs ?? 0);
  });
  onCleanup(async () => {
    for (const client of wss.clients) client.terminate();
    // Handshakes still waiting for acceptDelayMs, too.
    for (const socket of raw) socket.destroy();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
  return {
    port: tap.port,
    server: {
      sockets,
      connections,
      nextConnection: (ms, failure) => connections.next(ms, failure),
      openConnections: () => sockets.filter((s) => s.isOpen),
      framesSent: () => sockets.reduce((sum, s) => sum + s.sent, 0),
    },
  };
}

/** What the page showed at one moment. */
export interface PageSnapshot<T> {
  /** Every value the hook returned, render by render (StrictMode renders twice). */
  readonly values: readonly T[];
  /** The page's text, text nodes joined by spaces. */
  readonly text: string;
  /** What the page's code threw in event handlers, up to this snapshot, not yet told. */
  readonly errors: readonly Error[];
  /** The last value the hook returned (nested data whole), or undefined before the first render. */
  readonly latest: T | undefined;
  /** What the child of mountHook(…, { child }) got thrown back when it made its call: nothing when it did not throw. */
  readonly childErrors: readonly unknown[];
}

/** Where and how page.mountRoute() mounts a route module. */
export interface RouteMount {
  /** The route's path pattern, such as 'rooms/:room'. */
  readonly path: string;
  /** Where the page starts, such as '/rooms/lobby'. */
  readonly url: string;
  /** A component of the app's (a provider) that renders the route inside it. */
  readonly wrapper?: { readonly file: string; readonly export: string };
  /** The subject fixture whose `export` makes the load context, called with `args`. */
  readonly context?: { readonly fixture: string; readonly export: string; readonly args: unknown };
  readonly what?: string;
}

/** A call the child of a mounted hook makes from its own effect, on mount: `value[method](...args)`. */
export interface ChildCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface Page<T> {
  /**
   * Mounts a component that calls `hook` of `file` with `args` on every render. With `child`, it
   * renders a child that makes that call on the hook's value from its own mount effect, which
   * React runs before the hook's effects.
   */
  mountHook(file: string, hook: string, options?: { strict?: boolean; args?: readonly unknown[]; child?: ChildCall; what?: string }): Promise<void>;
  /** Mounts the default export of `file`. */
  mountComponent(file: string, options?: { strict?: boolean; what?: string }): Promise<void>;
  /**
   * Mounts the Remix route module `file` (its component, loader and action) on the route `path`,
   * at `url`, inside `wrapper` when given; its loader and action get the load context that the
   * subject fixture `context` makes. Open the page with `routes: true`.
   */
  mountRoute(file: string, options: RouteMount): Promise<void>;
  /** Clicks the first link or button whose text is `text` (spaces collapsed), as a user would; false when there is none. */
  click(text: string): Promise<boolean>;
  /** Renders again; with `args`, the hook is called with those from now on. */
  rerender(args?: readonly unknown[]): Promise<void>;
  unmount(): Promise<void>;
  /** Moves the page to `url` (scheme, host, path) for the sockets opened from now on. */
  move(url: string): Promise<void>;
  snapshot(): Promise<PageSnapshot<T>>;
  /** The values of the last snapshot taken (by snapshot() or a wait). */
  readonly values: readonly T[];
  /** The last value the hook returned, at the last snapshot. */
  latest(): T;
  text(): string;
  /**
   * Takes snapshots until `condition` holds; fails after `ms` with `failure`,
   * given the last snapshot so it says what was seen at the end of the wait.
   * Fails at once if the page's code threw.
   */
  waitFor(condition: (page: PageSnapshot<T>) => boolean, ms: number, failure: (page: PageSnapshot<T>) => string): Promise<PageSnapshot<T>>;
  /** Fails if the page's code threw since the last check. */
  checkNoCrash(when: string): Promise<void>;
  /**
   * Waits (at most `ms`) until the page's sockets have dispatched `frames` message events in all,
   * so the page's code has run for each; false when they did not. Never fails: what the page's code
   * threw meanwhile is kept for checkNoCrash(), which says after which frame.
   */
  delivered(frames: number, ms?: number): Promise<boolean>;
}

const PAGE_MS = 5000;

/**
 * A value the page's code threw, as an Error. One from another realm (jsdom's DOMException, say)
 * crosses as an object with its name and message.
 */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'object' && value !== null) {
    const { name, message, stack } = value as { name?: unknown; message?: unknown; stack?: unknown };
    if (typeof name === 'string' && typeof message === 'string') return new RemoteError(name, message, typeof stack === 'string' ? stack : '');
  }
  return new Error(String(value));
}

async function askSubject(subject: Subject, op: string, args: Record<string, unknown>, what: string): Promise<unknown> {
  try {
    // 'page' loads jsdom and React (the course's code) unless the subject has them already: a long synchronous require.
    const options = op === 'page' ? { ms: 30_000, what, blockedMs: PAGE_LOAD_BLOCKED_MS } : { ms: PAGE_MS, what };
    return subject.decode(await subject.request(op, args, options));
  } catch (error) {
    if (error instanceof RemoteThrow) return fail(`${what} threw ${describeError(asError(error.thrown))}`);
    if (error instanceof SubjectEnded) return fail(`while ${what}, ${error.message}`);
    throw explainFailure(what, error);
  }
}

/** What a server render (renderToString, no DOM) gave: its HTML, or what it threw. */
export interface ServerRender {
  readonly html: string | null;
  /** What the render threw, as an Error; null when it returned. */
  readonly thrown: Error | null;
}

/**
 * Renders `file`'s default export (or, with `hook`, a component that calls that hook and shows
 * its `state`) to HTML in the subject, as Remix does on the server: no window, no document. A
 * WebSocket the code constructs meanwhile connects to `server`, so the test sees it there.
 */
export async function renderOnServer(subject: Subject, server: PageServerHandle, options: { file: string; hook?: string; what: string }): Promise<ServerRender> {
  await askSubject(subject, 'page', {}, 'preparing the server render');
  try {
    const html = subject.decode(
      await subject.request('page.renderToString', { file: options.file, port: server.port, ...(options.hook ? { hook: options.hook } : {}) }, { ms: PAGE_MS, what: `rendering ${options.what} on the server` }),
    );
    return { html: typeof html === 'string' ? html : String(html), thrown: null };
  } catch (error) {
    if (error instanceof RemoteThrow) return { html: null, thrown: asError(error.thrown) };
    if (error instanceof SubjectEnded) return fail(`while rendering ${options.what} on the server, ${error.message}`);
    throw explainFailure(`rendering ${options.what} on the server`, error);
  }
}

/** A page server and the port its sockets reach, for renderOnServer(). */
export interface PageServerHandle {
  readonly server: PageServer;
  readonly port: number;
}

/**
 * Opens a page in the test's subject, at `url`, whose sockets reach a fresh
 * page server. Everything is closed after the test.
 */
export async function openPage<T>(
  subject: Subject,
  options: PageServerOptions & { url?: string; what?: string; routes?: boolean } = {},
): Promise<{ page: Page<T>; server: PageServer }> {
  const { server, port } = await startPageServer(options);
  const ask = (op: string, args: Record<string, unknown>, what: string): Promise<unknown> => askSubject(subject, op, args, what);
  await ask('page', { routes: options.routes === true }, 'opening the page');
  await ask('page.open', { url: options.url ?? PAGE_URL, port }, 'opening the page');
  onCleanup(async () => {
    await subject.request('page.unmount', {}, { ms: 1000, what: 'unmounting' }).catch(() => undefined);
    // Let the page's sockets send their close frames before the server goes.
    await sleep(10);
  });
  let what = options.what ?? 'the component';
  let last: PageSnapshot<T> = { values: [], text: '', errors: [], latest: undefined, childErrors: [] };
  /** The page's count of message events its sockets dispatched, at the last snapshot. */
  let deliveredCount = 0;
  const pending: Error[] = [];
  const crashText = (errors: readonly Error[]): string | null =>
    errors.length === 0 ? null : `the page's code threw ${describeError(errors[0])}${errors.length > 1 ? ` (and ${errors.length - 1} more error(s))` : ''}`;

  const page: Page<T> = {
    async mountHook(file, hook, mountOptions = {}) {
      what = mountOptions.what ?? `a component that calls ${hook}()`;
      await ask(
        'page.mountHook',
        {
          file,
          export: hook,
          strict: mountOptions.strict ?? false,
          args: mountOptions.args ?? [],
          ...(mountOptions.child ? { child: { method: mountOptions.child.method, args: mountOptions.child.args } } : {}),
        },
        `rendering ${what}`,
      );
    },
    async mountComponent(file, mountOptions = {}) {
      what = mountOptions.what ?? what;
      await ask('page.mountComponent', { file, strict: mountOptions.strict ?? false }, `rendering ${what}`);
    },
    async mountRoute(file, mount) {
      what = mount.what ?? `the route ${mount.path}`;
      await ask('page.mountRoute', { file, path: mount.path, url: mount.url, wrapper: mount.wrapper, context: mount.context }, `rendering ${what} at ${mount.url}`);
    },
    async click(text) {
      return (await ask('page.click', { text }, `clicking ${describeValue(text)} on ${what}`)) === true;
    },
    async rerender(args) {
      await ask('page.rerender', args ? { args } : {}, `re-rendering ${what}`);
    },
    async unmount() {
      await ask('page.unmount', {}, `unmounting ${what}`);
    },
    async move(url) {
      await ask('page.move', { url }, `moving the page to ${url}`);
    },
    async snapshot() {
      const raw = (await ask('page.snapshot', {}, `reading what ${what} rendered`)) as {
        values?: unknown;
        text?: unknown;
        errors?: unknown;
        latest?: unknown;
        childErrors?: unknown;
        delivered?: unknown;
      };
      deliveredCount = typeof raw.delivered === 'number' ? raw.delivered : 0;
      const errors = (Array.isArray(raw.errors) ? raw.errors : []).map(asError);
      pending.push(...errors);
      const values = (Array.isArray(raw.values) ? raw.values : []) as T[];
      last = {
        values,
        text: typeof raw.text === 'string' ? raw.text : '',
        errors: [...pending],
        latest: (values.length > 0 ? raw.latest : undefined) as T | undefined,
        childErrors: (Array.isArray(raw.childErrors) ? raw.childErrors : []).map(asError),
      };
      return last;
    },
    get values() {
      return last.values;
    },
    latest() {
      const value = last.latest;
      if (last.values.length === 0) fail(`${what} never rendered`);
      return value as T;
    },
    text: () => last.text,
    async waitFor(condition, ms, failure) {
      const deadline = Date.now() + ms;
      for (;;) {
        const seen = await page.snapshot();
        const crash = crashText(seen.errors);
        if (crash) fail(`${crash} while the test waited`);
        if (condition(seen)) return seen;
        if (Date.now() >= deadline) fail(failure(seen));
        await sleep(10);
      }
    },
    async delivered(frames, ms = 1000) {
      const deadline = Date.now() + ms;
      for (;;) {
        await page.snapshot();
        if (deliveredCount >= frames) return true;
        if (Date.now() >= deadline) return false;
        await sleep(5);
      }
    },
    async checkNoCrash(when) {
      const seen = await page.snapshot();
      const crash = crashText(seen.errors);
      if (crash) fail(`${crash} ${when}`);
    },
  };
  return { page, server };
}
