/**
 * A correct server.ts for exercise 02, written differently from the reference
 * solution: a class, a Set of its own for the sockets, a 400 for wrong paths,
 * the socket path matched with a regular expression, Vite created after the
 * upgrade listener. test/course/alternatives.test.ts grades it and expects 100%.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import url from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type Express } from 'express';
import type { ViteDevServer } from 'vite';
import { WebSocketServer, type WebSocket } from 'ws';

export interface AppServer {
  readonly port: number;
  readonly url: string;
  readonly wss: WebSocketServer;
  close(): Promise<void>;
}

interface Options {
  readonly mode: 'development' | 'production';
  readonly port?: number;
  readonly host?: string;
  readonly buildDirectory?: string;
}

const here = path.dirname(url.fileURLToPath(import.meta.url));

class CourseServer {
  readonly sockets = new WebSocketServer({ noServer: true });
  readonly web: Express = express();
  readonly server = http.createServer(this.web);
  private viteServer: ViteDevServer | null = null;
  private readonly live = new Set<WebSocket>();

  constructor(private readonly mode: Options['mode']) {
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.sockets.on('connection', (socket) => this.onSocket(socket));
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const isOurs = /^\/ws(\?|$)/.test(req.url ?? '');
    if (!isOurs) {
      if (this.mode === 'development') return; // Vite's HMR listener decides about its own requests
      socket.on('error', () => undefined);
      socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    this.sockets.handleUpgrade(req, socket, head, (client) => this.sockets.emit('connection', client, req));
  }

  private onSocket(socket: WebSocket): void {
    this.live.add(socket);
    socket.once('close', () => this.live.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.send('{"type":"welcome"}');
  }

  async mountDevelopment(): Promise<void> {
    const vite = await import('vite');
    this.viteServer = await vite.createServer({
      configFile: path.join(here, 'vite.config.ts'),
      server: { middlewareMode: true, hmr: { server: this.server } },
    });
    const dev = this.viteServer;
    this.web.use(dev.middlewares);
    this.web.all('*', createRequestHandler({ build: () => dev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild> }));
  }

  async mountProduction(buildDirectory: string): Promise<void> {
    const entry = path.join(buildDirectory, 'server', 'index.js');
    if (!existsSync(entry)) throw new Error(`Missing ${entry}: run the build first`);
    const build = (await import(url.pathToFileURL(entry).href)) as ServerBuild;
    this.web.use(express.static(path.join(buildDirectory, 'client')));
    this.web.all('*', createRequestHandler({ build, mode: 'production' }));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async shutdown(): Promise<void> {
    const gone = [...this.live].map((socket) => new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1001, 'Going away');
    }));
    await Promise.all(gone);
    this.sockets.close();
    if (this.viteServer) await this.viteServer.close();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

export async function startAppServer({ mode, port = 0, host = '127.0.0.1', buildDirectory }: Options): Promise<AppServer> {
  const app = new CourseServer(mode);
  if (mode === 'development') await app.mountDevelopment();
  else await app.mountProduction(buildDirectory ?? path.join(here, 'build'));
  const actual = await app.listen(port, host);
  return { port: actual, url: `http://${host}:${actual}`, wss: app.sockets, close: () => app.shutdown() };
}
