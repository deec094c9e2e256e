/**
 * WRONG, on purpose: exercise 02 with `new WebSocketServer({ server: httpServer, path: '/ws' })`
 * instead of `noServer: true` and an 'upgrade' handler of its own. ws then answers every
 * upgrade for another path with 400, Vite's HMR socket included, so HMR breaks in development.
 * test/course/alternatives.test.ts expects dev-leaves-hmr-alone (connect) to fail.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
  const wss = new WebSocketServer({ server: httpServer, path: SOCKET_PATH });

  let vite: ViteDevServer | undefined;
  if (mode === 'development') {
    const devServer = await startVite(httpServer);
    vite = devServer;
    app.use(devServer.middlewares);
    app.all(
      '*',
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
    app.all('*', createRequestHandler({ mode, build }));
  }

  wss.on('connection', (ws: WebSocket) => {
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
    for (const client of wss.clients) client.close(1001, 'Server shutting down');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await vite?.close();
    await new Promise<void>((resolve, reject) => {
      httpServer.close((error) => (error ? reject(error) : resolve()));
    });
  }

  return { port: actualPort, url: `http://${host}:${actualPort}`, wss, close };
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
