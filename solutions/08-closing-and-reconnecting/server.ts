/**
 * The course app's own Node server. Express serves the Remix app (through Vite
 * in development, from the build in production), and a `ws` WebSocketServer
 * answers WebSocket upgrades on /ws. Both share one HTTP server, so one port.
 * Every /ws connection speaks the chat protocol of app/lib/socket-server.ts.
 * Since lesson 06 the server also opens the message store and makes the one
 * chat hub, which the sockets and every loader and action share. Since lesson 07
 * it pings every client on an interval and drops the ones that stopped answering.
 */
import { existsSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import type { ViteDevServer } from 'vite';
import { WebSocketServer } from 'ws';
import { ChatHub, type ChatContext } from './app/lib/chat-hub';
import { MAX_PAYLOAD_BYTES } from './app/lib/protocol';
import { keepAlive } from './app/lib/keep-alive';
import { closeClients } from './app/lib/shutdown';
import { serveChat } from './app/lib/socket-server';
import { openStore } from './app/lib/store';

// vite.config.ts turns single fetch on; this tells TypeScript, so useLoaderData() and useActionData() are typed for it.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/** The one path the app's WebSocketServer answers. */
export const SOCKET_PATH = '/ws';

export interface AppServerOptions {
  /** development: Vite compiles the app on request; production: serve the build in build/. */
  readonly mode: 'development' | 'production';
  /** 0, the default, lets the OS choose a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Production only: the folder the build is in. Defaults to this snapshot's build/. */
  readonly buildDirectory?: string;
  /** Where the messages are kept: a SQLite file (created when missing), or ':memory:'. Defaults to .data/chat.db in the working folder. */
  readonly database?: string;
}

export interface AppServer {
  /** The port the server really listens on. */
  readonly port: number;
  /** Where the app is served, such as http://127.0.0.1:3000 */
  readonly url: string;
  /** The WebSocketServer behind /ws. */
  readonly wss: WebSocketServer;
  /** The chat hub the sockets, loaders and actions share. */
  readonly chat: ChatHub;
  /**
   * Closes every socket client with 1001 (or 1012 with `restart`: the pages come back at once), waits a
   * moment for their answers, then closes Vite (in development), the HTTP server, and the store.
   */
  close(options?: { readonly restart?: boolean }): Promise<void>;
}

const VITE_CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const BUILD_DIRECTORY = fileURLToPath(new URL('./build', import.meta.url));
const DEFAULT_DATABASE = join('.data', 'chat.db');

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { mode, port = 0, host = '127.0.0.1', buildDirectory = BUILD_DIRECTORY, database = DEFAULT_DATABASE } = options;

  // One store and one hub for the whole server, made here in the server entry (outside Vite's
  // module graph): the sockets and every loader and action must reach this very object.
  const store = await openStore(database);
  const chat = new ChatHub(store);

  // The routes run in another copy of the app's modules (Vite's in development, the build's in
  // production): the hub made above reaches them through getLoadContext, as context.chat.
  const getLoadContext = (): ChatContext => ({ chat });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // Created here, in the server entry and outside Vite's module graph, so there is
  // exactly one, however often Vite reloads the routes. maxPayload is the real edge: ws
  // buffers a frame up to it (100 MiB by default) before any handler sees a byte, and
  // closes the connection with 1009 (Message Too Big) past it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });

  let vite: ViteDevServer | undefined;
  if (mode === 'development') {
    const devServer = await startVite(httpServer);
    vite = devServer;
    app.use(devServer.middlewares);
    // app.use, not app.all('*'): Express 5 refuses a bare '*' path, and app.use matches every path in 4 and 5.
    app.use(
      createRequestHandler({
        mode,
        build: () => devServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
        getLoadContext,
      }),
    );
  } else {
    const build = await loadBuild(buildDirectory);
    const client = join(buildDirectory, 'client');
    // Vite puts hashed file names under assets/: they never change, so cache them for a year.
    app.use('/assets', express.static(join(client, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(client, { maxAge: '1h' }));
    app.use(createRequestHandler({ mode, build, getLoadContext }));
  }

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands over the raw TCP socket with none of its own listeners. An 'error' nobody
    // listens to would end the process; and a request no listener takes (in development,
    // neither /ws nor Vite's) would stay half-open after its client leaves, holding up
    // httpServer.close(), unless we end our side too.
    socket.on('error', () => socket.destroy());
    socket.on('end', () => socket.end());

    // Every WebSocket handshake on this port arrives here, Vite's too.
    // Take only the path /ws (compare the pathname: a query string may follow). For any
    // other path: in development do nothing at all, because Vite's own 'upgrade' listener
    // answers its HMR socket; in production refuse it with refuse(socket, 404).
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== SOCKET_PATH) {
      if (mode === 'production') refuse(socket, 404);
      return;
    }

    // Finish the handshake with wss.handleUpgrade(request, socket, head, …)
    // and, in its callback, emit 'connection' on wss with the new WebSocket and the request.
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  });

  // Lesson 04: the 'connection' handler is the chat's. It adds each socket's 'error' listener, sends the welcome with the client's user id, and validates every message; since lesson 06 it talks to the hub.
  serveChat(wss, chat);
  // Lesson 07: a ping to every client every 30 s; one that did not answer the last is terminated. It stops when wss closes.
  keepAlive(wss);

  try {
    await listen(httpServer, port, host);
  } catch (error) {
    await vite?.close();
    await store.close();
    throw error;
  }
  const actualPort = (httpServer.address() as AddressInfo).port;

  async function close(options: { readonly restart?: boolean } = {}): Promise<void> {
    // Shut down in order: the clients first, told why (a restart or a goodbye) and given a moment to
    // answer; then wss, Vite if it runs, and last the HTTP server.
    await closeClients(wss, options.restart ? 1012 : 1001, options.restart ? 'Server restarting' : 'Server shutting down');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await vite?.close();
    await new Promise<void>((resolve, reject) => {
      httpServer.close((error) => (error ? reject(error) : resolve()));
    });
    // Last: no request or socket is left that could still post.
    await store.close();
  }

  return { port: actualPort, url: `http://${host}:${actualPort}`, wss, chat, close };
}

/** Answers a handshake we do not accept with an HTTP error, then drops the connection. */
function refuse(socket: Duplex, status: number): void {
  const response = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  socket.end(response, () => socket.destroy());
}

async function startVite(httpServer: Server): Promise<ViteDevServer> {
  const { createServer: createViteServer } = await import('vite');
  return createViteServer({
    // The snapshot's vite.config.ts: the Remix plugin, pointed at ./app.
    configFile: VITE_CONFIG,
    // middlewareMode: Express owns the HTTP server. hmr.server: Vite's HMR socket shares
    // that server, and its port, instead of opening port 24678 where a second app collides.
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
}

async function loadBuild(buildDirectory: string): Promise<ServerBuild> {
  const serverBuild = join(buildDirectory, 'server', 'index.js');
  if (!existsSync(serverBuild)) {
    throw new Error(
      `There is no production build at ${serverBuild}: run the build first (npm run app -- 02 --production builds the app, then serves it).`,
    );
  }
  return (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
}

function listen(httpServer: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
}
