/**
 * What the lesson 02 tests share: starting the learner's server in either mode,
 * and the test's own raw ends of a connection (plain HTTP, a hand-made upgrade
 * request, Vite's HMR client), so each test sees exactly what a browser would.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { call, check, describeValue, GradeFailure, onCleanup, type GradedExercise } from '../../harness';
import type * as ServerModule from '../../../solutions/02-socket-on-remix-server/server';

export type AppServer = ServerModule.AppServer;

/** Vite takes a moment to start; on a busy machine, a few. */
export const DEV_START_MS = 10_000;
export const CLOSE_MS = 3000;

export async function startServer(
  ex: GradedExercise,
  options: ServerModule.AppServerOptions,
  what = `startAppServer({ mode: '${options.mode}' })`,
): Promise<AppServer> {
  const { startAppServer } = await ex.load<typeof ServerModule>('server.ts', ['startAppServer']);
  const server = await call(what, () => startAppServer(options), DEV_START_MS);
  onCleanup(() => server.close());
  check(
    Number.isInteger(server.port) && server.port > 0,
    `${what} resolved with port ${describeValue(server.port)}; it should be the port the OS chose (httpServer.address().port, read once it listens)`,
  );
  return server;
}

export const wsUrl = (server: AppServer, path: string): string => `ws://127.0.0.1:${server.port}${path}`;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A plain GET without keep-alive, so no idle connection outlives the test. */
export function httpGet(port: number, path: string, ms = 5000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (res) => {
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
      reject(new GradeFailure(`GET ${path} was not answered within ${ms} ms`));
    }, ms);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new GradeFailure(`GET ${path} failed: ${error.message}`));
    });
    req.end();
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
