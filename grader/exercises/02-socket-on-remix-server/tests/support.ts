/**
 * What the lesson 02 tests share: starting the learner's server in either mode,
 * and the test's own raw ends of a connection (plain HTTP, a hand-made upgrade
 * request, Vite's HMR client), so each test sees exactly what a browser would.
 *
 * The learner's server runs only in the subject process. What crosses back is
 * what startAppServer() resolved with (its port and url as data, close() as a
 * remote call); everything else the tests judge is observed here, on loopback.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  call,
  check,
  describeValue,
  eventually,
  fail,
  GradeFailure,
  GradeTimeout,
  onCleanup,
  sleep,
  startWireTap,
  type GradedExercise,
  type ProbeSocket,
  type Remote,
  type Subject,
} from '../../../harness';
import { FrameReader } from '../../../harness/frames';
import type * as ServerModule from '../../../../solutions/02-socket-on-remix-server/server';

/** What startAppServer() resolves with, as it crossed: `port` and `url` are data read then, close() runs in the subject. */
export type AppServer = Remote<Pick<ServerModule.AppServer, 'port' | 'url' | 'close'>>;

/** Vite takes a moment to start; on a busy machine, a few. */
export const DEV_START_MS = 10_000;
export const CLOSE_MS = 3000;
/** How long close() itself may take in all, a hold on its close handshake included (the tests bound their own waits). */
const CLOSE_CALL_MS = 30_000;
/**
 * Loading Vite, Remix and Express into a fresh subject: most of them are
 * CommonJS, whose require() graph loads in one synchronous stretch (and tsx,
 * with the subject's cache empty, turns Vite's ESM into CommonJS on the way):
 * about four seconds alone, many more on a busy machine.
 */
const PRELOAD_MS = 30_000;
/** At most this long for Vite to finish what a page request started. */
const SETTLE_MS = 10_000;
/** A test may wait for its subject to load those packages, for Vite to settle, and for everything DEV_START_MS and the probes allow. */
export const TEST_TIMEOUT_MS = PRELOAD_MS + SETTLE_MS + 15_000;

/** Course code in the subject (grader/subject/fixtures/app-server.ts). */
const FIXTURE = 'app-server';


/** Subjects that have loaded the packages already (a subject serves a file's tests while they pass). */
const preloaded = new WeakSet<Subject>();

/**
 * Starts the learner's startAppServer(options) (of the exercise's own server.ts) in the subject,
 * and closes it after the test. Later lessons' options add their own fields (06: `database`).
 */
export async function startServer(
  ex: GradedExercise,
  options: ServerModule.AppServerOptions & Readonly<Record<string, unknown>>,
  what = `startAppServer({ mode: '${options.mode}' })`,
): Promise<AppServer> {
  const subject = await ex.subject();
  if (!preloaded.has(subject)) {
    // Course code, before any of the learner's: a long synchronous stretch here is the packages loading, not a loop.
    await ex.courseFixture(FIXTURE, 'preload', null, { ms: PRELOAD_MS, what: 'loading Vite, Remix and Express', blockedMs: PRELOAD_MS }).catch((error: unknown) => {
      if (!(error instanceof GradeTimeout)) throw error;
      throw new GradeTimeout(`the grader could not load Vite, Remix and Express for the code under test within ${PRELOAD_MS} ms: the machine is too busy, try again`);
    });
    preloaded.add(subject);
  }
  // Loaded here first, so that a file that does not compile or lacks the export is reported as such.
  await ex.load<typeof ServerModule>('server.ts', ['startAppServer']);
  // The fixture calls the learner's startAppServer(options) in the subject and keeps what it returned at hand there.
  // Vite's start has synchronous stretches of its own (bundling and loading vite.config.ts): on a busy machine, long ones.
  const server = (await call(
    what,
    () => ex.courseFixture(FIXTURE, 'startAppServer', { file: `${ex.spec.slug}/server.ts`, options }, { ms: DEV_START_MS + 1000, what, blockedMs: DEV_START_MS }),
    DEV_START_MS,
  )) as AppServer | null;
  const port = typeof server === 'object' && server !== null ? (server as { port?: unknown }).port : undefined;
  if (typeof port === 'number') onCleanup(async () => void (await ex.courseFixture(FIXTURE, 'forget', { port }, { ms: 1000, what: 'clean-up' })));
  if (typeof (server as { close?: unknown } | null)?.close === 'function') onCleanup(() => (server as AppServer).close());
  check(
    typeof port === 'number' && Number.isInteger(port) && port > 0,
    typeof server === 'object' && server !== null
      ? `${what} resolved with port ${describeValue(port)}; it should be the port the OS chose (httpServer.address().port, read once it listens)`
      : `${what} resolved with ${describeValue(server)}; it should resolve with the server, { port, url, wss, close }`,
  );
  return server as AppServer;
}

/**
 * Waits until the subject answers promptly again. Having answered GET / in
 * development, Vite goes on preparing the page's browser modules (Babel, for
 * React Refresh): a second or more of synchronous work, several on a busy
 * machine, that the next test (which shares the subject while tests pass)
 * would otherwise take for a blocked process.
 */
export async function settle(ex: GradedExercise, ms = SETTLE_MS): Promise<void> {
  const subject = await ex.subject();
  const deadline = Date.now() + ms;
  let prompt = 0;
  while (prompt < 3 && Date.now() < deadline) {
    const asked = Date.now();
    await subject.request('ping', {}, { ms, what: 'waiting for Vite to finish preparing the page', blockedMs: ms });
    prompt = Date.now() - asked < 100 ? prompt + 1 : 0;
    await sleep(100);
  }
}

/**
 * Whether `clients` are the sockets of the WebSocketServer startAppServer()
 * returned as `wss`: course code in the subject pings every socket in
 * server.wss.clients with a marker, and each probe says whether the marker
 * reached it. Returns how many of them it reached within `ms`.
 */
export async function reachedThroughWss(ex: GradedExercise, server: AppServer, clients: readonly ProbeSocket[], ms: number): Promise<number> {
  const marker = `grader-${randomBytes(6).toString('hex')}`;
  const seen = clients.map(() => false);
  const listeners = clients.map((client, index) => {
    const onPing = (data: Buffer): void => {
      if (data.toString('utf8') === marker) seen[index] = true;
    };
    client.socket.on('ping', onPing);
    return onPing;
  });
  try {
    // The wait counts from the moment the subject has sent the pings (or failed to).
    await ex.courseFixture(FIXTURE, 'pingEachClient', { port: server.port, marker }, { ms: 1000, what: 'pinging the sockets in server.wss.clients' }).catch(() => undefined);
    await eventually(() => seen.every(Boolean), ms);
  } finally {
    clients.forEach((client, index) => client.socket.off('ping', listeners[index] as (data: Buffer) => void));
  }
  return seen.filter(Boolean).length;
}

export const wsUrl = (server: AppServer, path: string): string => `ws://127.0.0.1:${server.port}${path}`;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A plain GET without keep-alive, so no idle connection outlives the test. */
export function httpGet(port: number, path: string, ms = 5000): Promise<HttpAnswer> {
  return httpSend(port, { method: 'GET', path }, ms);
}

/** One HTTP request without keep-alive (redirects are not followed): its status, headers and body. */
export function httpSend(
  port: number,
  request: { readonly method: string; readonly path: string; readonly headers?: Readonly<Record<string, string | number>>; readonly body?: string },
  ms = 5000,
): Promise<HttpAnswer> {
  const { method, path } = request;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, agent: false, headers: { connection: 'close', ...request.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new GradeFailure(`${method} ${path} was not answered within ${ms} ms`));
    }, ms);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new GradeFailure(`${method} ${path} failed: ${error.message}`));
    });
    req.end(request.body);
  });
}

export type HandshakeOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly statusLine: string; readonly socket: Socket }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'silent' };

/**
 * Sends a WebSocket upgrade request by hand and reports what came back within
 * `ms`: an HTTP status line, the connection closed without one, or nothing.
 */
export function rawHandshake(port: number, path: string, ms = 1000): Promise<HandshakeOutcome> {
  const socket = connect(port, '127.0.0.1');
  onCleanup(() => {
    socket.destroy();
  });
  socket.on('error', () => undefined); // a reset is one of the outcomes, not a crash
  return new Promise((resolve) => {
    let received = '';
    const done = (outcome: HandshakeOutcome): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ kind: 'silent' }), ms);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      const statusLine = received.slice(0, end);
      const status = Number(statusLine.split(' ')[1]);
      done({ kind: 'answered', status, statusLine, socket });
    });
    socket.on('close', () => done({ kind: 'dropped' }));
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

export interface HmrClient {
  readonly socket: WebSocket;
  readonly messages: string[];
  /** Why the connection ended, once it has: a close code, an HTTP status, or an error. */
  ended: string | null;
}

/** Connects as Vite's browser client does: subprotocol vite-hmr, on Vite's HMR path (/ here). */
export function connectHmr(port: number, ms = 2000): Promise<HmrClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`, 'vite-hmr');
  onCleanup(() => socket.terminate());
  const client: HmrClient = { socket, messages: [], ended: null };
  socket.on('message', (data) => client.messages.push(data.toString()));
  socket.on('close', (code) => (client.ended ??= `it was closed with code ${code}`));
  socket.on('unexpected-response', (_req, res) => {
    client.ended ??= `the handshake was answered with HTTP ${res.statusCode}`;
    socket.terminate();
  });
  socket.on('error', (error) => (client.ended ??= `the connection failed (${error.message})`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new GradeFailure(`Vite's HMR client (subprotocol vite-hmr, path /) was not accepted within ${ms} ms`));
    }, ms);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(
        new GradeFailure(
          `Vite's HMR client (subprotocol vite-hmr, path /) could not connect: ${client.ended ?? 'the connection closed'}. ` +
            'In development, leave upgrade requests for paths other than /ws alone: Vite answers its own',
        ),
      );
    });
  });
}

/** Whether a TCP connection to `port` is refused (true) or accepted (false). */
export function connectionRefused(port: number, ms = 1000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new GradeFailure(`a TCP connection to port ${port} was neither accepted nor refused within ${ms} ms`));
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Parses a frame's text as JSON, or fails saying what arrived instead. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GradeFailure(`${what} was ${describeValue(text)}, which is not JSON; send JSON.stringify({ type: 'welcome' })`);
  }
}

/** What a test saw at the moment close() resolved: `seen` is what its own `atResolution` read then. */
export interface ClosingOutcome<T> {
  settled: boolean;
  /** Why close() failed, in a learner's words (a throw, a rejection, a blocked process), when it did. */
  error?: GradeFailure | GradeTimeout;
  seen?: T;
  /** Whether a TCP connection to the server's port, tried in the tick close() resolved, was refused (null: neither, within 1000 ms). */
  refused?: Promise<boolean | null>;
  /**
   * How many file watchers the code under test's process said it still held then, beyond those it
   * held before startAppServer() (Vite's, in development). Its own word: for a failure's message only.
   */
  watchers?: number;
}

/**
 * Calls the learner's close() in the background, as the test would through its
 * handle (course code in the subject makes the call, to count its file watchers
 * in the tick it resolves). In the tick the test learns that close() resolved,
 * it calls `atResolution` and tries a TCP connection to the port: what was still
 * open then, observed from outside. `promise` never rejects: read `outcome`.
 */
export function startClosing<T>(
  ex: GradedExercise,
  server: AppServer,
  atResolution: () => T,
  what = 'close()',
): { readonly outcome: ClosingOutcome<T>; readonly promise: Promise<void> } {
  const outcome: ClosingOutcome<T> = { settled: false };
  const promise = call(what, () => ex.courseFixture(FIXTURE, 'closeAndCountWatchers', { port: server.port }, { ms: CLOSE_CALL_MS, what }), CLOSE_CALL_MS).then(
    (watchers) => {
      outcome.seen = atResolution();
      outcome.refused = connectionRefused(server.port).catch(() => null);
      outcome.settled = true;
      if (typeof watchers === 'number' && Number.isInteger(watchers) && watchers > 0) outcome.watchers = watchers;
    },
    (error: unknown) => {
      outcome.settled = true;
      outcome.error = error instanceof GradeFailure || error instanceof GradeTimeout ? error : new GradeFailure(`${what} failed: ${String(error)}`);
    },
  );
  return { outcome, promise };
}

/**
 * Resolves once the subject has answered a request sent now. It answers requests
 * in order, one event-loop turn at a time: whatever it sent the test before it
 * read this one (such as close()'s outcome) has arrived by then.
 */
export async function roundTrip(ex: GradedExercise, what = 'close()'): Promise<void> {
  const subject = await ex.subject();
  // Only a process blocked in synchronous code (named as `what`'s doing) leaves a ping unanswered.
  await subject.request('ping', {}, { ms: 10_000, what });
}

/**
 * Once the held client has its close frame and has not answered: fails when close() resolved
 * meanwhile (it cannot have waited for that connection), saying what was still open then.
 */
export async function failIfResolvedWhileHeld(
  ex: GradedExercise,
  server: AppServer,
  closing: { readonly outcome: ClosingOutcome<number> },
  held: HeldClient,
  context: { readonly where: string; readonly what: string; readonly hmrOpen: () => boolean; readonly viteWatchers: boolean },
): Promise<void> {
  // One that resolved did so before the code under test answers a request sent now.
  await roundTrip(ex, context.what);
  await eventually(() => closing.outcome.settled, 200);
  if (closing.outcome.error) throw closing.outcome.error;
  if (!closing.outcome.settled || held.ended) return;
  fail(
    leftOpenMessage({
      where: context.where,
      port: server.port,
      heldOpen: true,
      probesOpen: closing.outcome.seen ?? 0,
      hmrOpen: context.hmrOpen(),
      portAccepted: (await closing.outcome.refused) === false,
      ...(context.viteWatchers && closing.outcome.watchers !== undefined ? { watchers: closing.outcome.watchers } : {}),
    }),
  );
}

export interface HeldClient {
  /** The close frame the server sent it, once it has one (its code, or null when the frame had none). */
  readonly closeFrame: { readonly code: number | null; readonly reason: string } | null;
  /** Whether its TCP connection has ended, from either side. */
  readonly ended: boolean;
  /** Whether it has answered the server's close frame (answer()). */
  readonly answered: boolean;
  /** Answers the server's close frame as a client must (masked, with the same code), then ends its side of the connection. */
  answer(): void;
}

/**
 * A /ws client that completes the handshake and reads what the server sends,
 * but answers a close frame only when the test calls answer(): a client on a
 * slow network, whose close handshake is not over until it answers. Until
 * then its connection is open, so a close() that resolves meanwhile did not
 * wait for it. It connects through a wire tap, so the trace shows it.
 */
export async function connectHeldClient(port: number, path = '/ws', ms = 1000): Promise<HeldClient> {
  const tap = await startWireTap(port);
  const socket = connect(tap.port, '127.0.0.1');
  onCleanup(() => {
    socket.destroy();
  });
  socket.on('error', () => undefined); // the server may drop it: that is data, not a crash
  const reader = new FrameReader();
  const client: { closeFrame: HeldClient['closeFrame']; ended: boolean; answered: boolean } = { closeFrame: null, ended: false, answered: false };
  socket.on('close', () => (client.ended = true));
  const held: HeldClient = {
    get closeFrame() {
      return client.closeFrame;
    },
    get ended() {
      return client.ended;
    },
    get answered() {
      return client.answered;
    },
    answer() {
      if (client.answered || socket.destroyed) return;
      client.answered = true;
      const code = client.closeFrame?.code;
      const payload = Buffer.alloc(code === null || code === undefined ? 0 : 2);
      if (payload.length === 2) payload.writeUInt16BE(code as number, 0);
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
      socket.end(Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), mask, masked]));
    },
  };
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => reject(new GradeFailure(`a client connecting to /ws on port ${port} was not accepted within ${ms} ms`)), ms);
    socket.on('data', (chunk: Buffer) => {
      let frames = chunk;
      if (!upgraded) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
        if (Number(statusLine.split(' ')[1]) !== 101) {
          clearTimeout(timer);
          reject(new GradeFailure(`a client connecting to /ws on port ${port} was answered ${describeValue(statusLine)}, expected 101 Switching Protocols`));
          return;
        }
        upgraded = true;
        clearTimeout(timer);
        resolve(held);
        frames = head.subarray(end + 4);
      }
      for (const message of reader.push(frames)) {
        if (message.kind === 'close' && client.closeFrame === null) client.closeFrame = { code: message.code, reason: message.reason };
      }
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new GradeFailure(`a client connecting to /ws on port ${port} was disconnected before the handshake was answered`));
    });
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** What was still open when close() resolved, as a test observed it: each part is said only when it was seen. */
export interface LeftOpen {
  /** `mode`'s name in the message ('' in development). */
  readonly where: string;
  readonly port: number;
  /** The held client's connection was still open after close() resolved, its close frame not answered. */
  readonly heldOpen: boolean;
  /** How many of the other /ws clients were still OPEN (had not even received the close frame) when close() resolved. */
  readonly probesOpen: number;
  readonly hmrOpen: boolean;
  readonly portAccepted: boolean;
  /** The subject's own count of file watchers it still held (its word, a lead only). */
  readonly watchers?: number;
}

/** The failure message for a close() that resolved while something was still open: what was seen, then its likeliest cause. */
export function leftOpenMessage(open: LeftOpen): string {
  const seen: string[] = [];
  if (open.heldOpen) seen.push("a /ws client's connection was still open (sent 1001, it had not answered yet)");
  if (open.probesOpen > 0) seen.push(`${open.probesOpen === 1 ? 'another /ws client was' : `${open.probesOpen} other /ws clients were`} still OPEN (no close frame received yet)`);
  if (open.hmrOpen) seen.push("Vite's HMR socket was still open");
  if (open.portAccepted) seen.push(`port ${open.port} still accepted connections`);
  if (open.watchers !== undefined) {
    seen.push(`the code under test's process said it still held ${open.watchers} file watcher${open.watchers === 1 ? '' : 's'} it did not have before startAppServer()`);
  }
  const list = seen.length <= 1 ? seen.join('') : `${seen.slice(0, -1).join(', ')} and ${seen[seen.length - 1]}`;
  const causes: string[] = [];
  if (open.portAccepted) causes.push('The HTTP server was still listening: call httpServer.close() last and resolve in its callback');
  else if (open.heldOpen) {
    causes.push(
      `Port ${open.port} already refused new connections, so httpServer.close() was called, but close() did not wait for its callback ` +
        '(it runs once the last connection has ended)',
    );
  }
  if (open.watchers !== undefined || open.hmrOpen) causes.push(`${open.hmrOpen ? 'Vite was still running' : 'Those watchers are Vite\'s'}: await vite.close()`);
  return `when close()${open.where} resolved, ${list}. ${causes.map((cause) => `${cause}. `).join('')}Await each close before resolving`;
}
