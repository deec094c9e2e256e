/**
 * WRONG, on purpose: exercise 02 whose close() starts every close and resolves at once. It
 * sends 1001 to each client and calls wss.close(), vite.close() and httpServer.close(), but
 * awaits none of them: when close() resolves, the /ws clients have not answered the close
 * frame yet, their connections are open, and Vite is still closing its watchers.
 * grader/exercises/02-socket-on-remix-server/alternatives/index.ts expects close-going-away
 * and prod-close (close) to fail.
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
import { WebSocketServer, type WebSocket } from 'ws';

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
}

export interface AppServer {
  /** The port the server really listens on. */
  readonly port: number;
  /** Where the app is served, such as http://127.0.0.1:3000 */
  readonly url: string;
  /** The WebSocketServer behind /ws. */
  readonly wss: WebSocketServer;
  /** Closes every socket client with 1001, then Vite (in development), then the HTTP server. */
  close(): Promise<void>;
}

const VITE_CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const BUILD_DIRECTORY = fileURLToPath(new URL('./build', import.meta.url));

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { mode, port = 0, host = '127.0.0.1', buildDirectory = BUILD_DIRECTORY } = options;

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // Created here, in the server entry and outside Vite's module graph, so there is
  // exactly one, however often Vite reloads the routes.
  const wss = new WebSocketServer({ noServer: true });

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
      }),
    );
  } else {
    const build = await loadBuild(buildDirectory);
    const client = join(buildDirectory, 'client');
    // Vite puts hashed file names under assets/: they never change, so cache them for a year.
    app.use('/assets', express.static(join(client, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(client, { maxAge: '1h' }));
    app.use(createRequestHandler({ mode, build }));
  }

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands over the raw TCP socket with none of its own listeners. An 'error' nobody
    // listens to would end the process; and a request no listener takes (in development,
    // neither /ws nor Vite's) would stay half-open after its client leaves, holding up
    // httpServer.close(), unless we end our side too.
    socket.on('error', () => socket.destroy());
    socket.on('end', () => socket.end());

    // TODO(connect): every WebSocket handshake on this port arrives here, Vite's too.
    // Take only the path /ws (compare the pathname: a query string may follow). For any
    // other path: in development do nothing at all, because Vite's own 'upgrade' listener
    // answers its HMR socket; in production refuse it with refuse(socket, 404).
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== SOCKET_PATH) {
      if (mode === 'production') refuse(socket, 404);
      return;
    }

    // TODO(open): a /ws request must end as an OPEN WebSocket that wss knows about. In
    // noServer mode wss finishes no handshake by itself (wss.handleUpgrade() does, once per
    // request), and a finished handshake alone does not fire wss's 'connection': until wss
    // emits it, with the new socket and the request, the handler below never runs.
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  });

  wss.on('connection', (ws: WebSocket) => {
    // TODO(open): the handshake is done and the socket is OPEN. First it needs an
    // 'error' listener (an unhandled 'error' event ends the whole server). Then it gets one
    // text frame, the JSON text of the welcome message, an object whose type is 'welcome':
    // ws sends strings and Buffers, not objects (send() throws on one, a Buffer goes out binary).
    ws.on('error', (error) => {
      console.warn(`WebSocket error: ${error.message}`);
      ws.terminate();
    });
    ws.send(JSON.stringify({ type: 'welcome' }));
  });

  try {
    await listen(httpServer, port, host);
  } catch (error) {
    await vite?.close();
    throw error;
  }
  const actualPort = (httpServer.address() as AddressInfo).port;

  async function close(): Promise<void> {
    // TODO(close): when close() resolves, every /ws client has been closed with 1001
    // (Going Away), wss and Vite (if it runs) are closed, and nothing listens on the port.
    // Order matters: wss.close() leaves open clients alone, and httpServer.close() waits for
    // every open connection, upgraded ones included, so close the HTTP server last or it hangs.
    for (const client of wss.clients) client.close(1001, 'Server shutting down');
    wss.close();
    void vite?.close();
    httpServer.close();
  }

  return { port: actualPort, url: `http://${host}:${actualPort}`, wss, close };
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
