/**
 * A loopback TCP relay placed between a client and a server under test. It
 * forwards every byte unchanged and records what it sees as trace steps:
 * the upgrade request, the server's answer, each frame leaving one side and
 * reaching the other, close frames, and the end of the TCP connection.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FrameReader, type WireMessage } from './frames';
import { addStep, newConnectionNumber } from './recorder';
import { onCleanup } from './resources';
import { WAITING, type Actor } from '../trace/types';

const TEXT_LIMIT = 60;

export interface TappedClose {
  /** Who sent the first close frame, or null when the connection dropped without one. */
  readonly by: Actor | null;
  readonly code: number | null;
  /** Whether the TCP connection has ended. */
  readonly ended: boolean;
}

export interface WireTap {
  readonly port: number;
  /** The tapped address for `path`: connect here instead of to the server. */
  url(path?: string): string;
  /** How each connection through the tap has closed so far, in the order they were opened. */
  closes(): readonly TappedClose[];
  /** Resolves true once every connection through the tap has ended, false after `ms`. */
  allEnded(ms: number): Promise<boolean>;
  /**
   * From now on nothing crosses the tap, either way, on every connection: what each side sends is
   * lost, as on a network that went away without a word (the trace still shows it sent). The
   * connections stay open until a side ends its own.
   */
  silence(): void;
}

export interface WireTapOptions {
  /** How the trace shows a request's path (a page socket's routed path as the URL its code asked for). */
  readonly shownPath?: (path: string) => string;
}

const other = (actor: Actor): Actor => (actor === 'client' ? 'server' : 'client');
const Name = (actor: Actor): string => (actor === 'client' ? 'Client' : 'Server');

function shown(text: string): string {
  return text.length > TEXT_LIMIT ? `'${text.slice(0, TEXT_LIMIT - 1)}…'` : `'${text}'`;
}

class TappedConnection {
  private readonly number = newConnectionNumber();
  private readonly state: Record<Actor, string> = { client: 'Connecting', server: WAITING };
  private readonly readers: Record<Actor, FrameReader> = { client: new FrameReader(), server: new FrameReader() };
  private readonly heads: Record<Actor, Buffer> = { client: Buffer.alloc(0), server: Buffer.alloc(0) };
  private upgraded = false;
  private refusedStatus: number | null = null;
  private exchanged = false;
  private lastMessageAt = 0;
  private closing: { from: Actor; code: number | null; described: string; answered: boolean } | null = null;
  private closeRecorded = false;
  private ended = false;
  private readonly prefix: string;

  constructor(
    private readonly clientSide: Socket,
    private readonly serverSide: Socket,
    private readonly options: WireTapOptions,
    private readonly network: { silent: boolean },
  ) {
    // Most tests open one connection; when there are more, the later ones are numbered.
    this.prefix = this.number >= 2 ? `#${this.number} ` : '';
    clientSide.on('data', (chunk: Buffer) => this.relay('client', chunk));
    serverSide.on('data', (chunk: Buffer) => this.relay('server', chunk));
    const end = (): void => this.end();
    clientSide.on('close', end);
    serverSide.on('close', end);
    clientSide.on('error', () => serverSide.destroy());
    serverSide.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && !this.ended) {
        this.ended = true;
        this.state.client = 'Closed';
        this.state.server = 'not listening';
        this.step('drop', 'server', { action: `${this.prefix}Nothing listens there: the connection is refused`, message: null, result: 'No WebSocket was opened' });
      }
      clientSide.destroy();
    });
  }

  /** Bytes from `from`: forward them, then record what they were once delivered. */
  private relay(from: Actor, chunk: Buffer): void {
    const to = from === 'client' ? this.serverSide : this.clientSide;
    const observed = this.observe(from, chunk);
    if (this.network.silent) return;
    to.write(chunk, () => observed.forEach((deliver) => deliver()));
  }

  private observe(from: Actor, chunk: Buffer): Array<() => void> {
    if (!this.upgraded) {
      const head = Buffer.concat([this.heads[from], chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        this.heads[from] = head;
        return [];
      }
      this.heads[from] = Buffer.alloc(0);
      const text = head.subarray(0, end).toString('latin1');
      const rest = head.subarray(end + 4);
      const delivered = from === 'client' ? this.request(text) : this.response(text);
      return rest.length > 0 && this.upgraded ? [...delivered, ...this.observe(from, rest)] : delivered;
    }
    return this.readers[from].push(chunk).flatMap((message) => this.frame(from, message));
  }

  private request(head: string): Array<() => void> {
    const [method = '', path = ''] = head.split('\r\n')[0]?.split(' ') ?? [];
    this.step('connect', 'client', {
      action: `${this.prefix}Client creates WebSocket connection to ${this.options.shownPath ? this.options.shownPath(path) : path}`,
      message: null,
      result: method === 'GET' && /\r\nupgrade:\s*websocket/i.test(head) ? 'Connection attempt started' : `Not a WebSocket upgrade (${method})`,
    });
    return [];
  }

  private response(head: string): Array<() => void> {
    const status = Number(head.split(' ')[1]);
    if (status === 101) {
      // Recorded as it passes, so it precedes any frame that came in the same chunk.
      this.upgraded = true;
      this.state.server = 'Open';
      this.state.client = 'Open';
      this.step('accept', 'server', { action: `${this.prefix}Server accepts connection`, message: null, result: 'Connection established (101)' });
      return [];
    }
    this.refusedStatus = status;
    this.state.server = `Refused (HTTP ${status})`;
    return [
      () => this.step('refuse', 'server', { action: `${this.prefix}Server refuses the handshake (HTTP ${status})`, message: null, result: 'Connection refused' }),
    ];
  }

  private frame(from: Actor, message: WireMessage): Array<() => void> {
    const to = other(from);
    if (message.kind === 'text' || message.kind === 'binary') {
      const text = message.compressed ? '(compressed, not observed)' : message.kind === 'text' ? message.payload.toString('utf8') : `<${message.payload.length} bytes, binary>`;
      const label = message.kind === 'text' && !message.compressed ? shown(text) : text;
      const base = { text: text.slice(0, TEXT_LIMIT), message: `${Name(from)} -> ${Name(to)}: ${label}` };
      this.step('send', from, { ...base, action: `${this.prefix}${Name(from)} sends ${label}`, result: 'Message sent' });
      return [
        () => {
          this.exchanged = true;
          this.lastMessageAt = Date.now();
          this.step('receive', to, { ...base, action: `${this.prefix}${Name(to)} receives ${label}`, result: 'Message delivered' });
        },
      ];
    }
    if (message.kind === 'ping' || message.kind === 'pong') {
      this.step(message.kind, from, {
        action: `${this.prefix}${Name(from)} sends a ${message.kind}`,
        message: `${Name(from)} -> ${Name(to)}: ${message.kind}`,
        result: message.kind === 'ping' ? 'Asks: are you still there?' : 'Answers: still here',
      });
      return [];
    }
    if (message.kind !== 'close') return [];
    const described = message.code === null ? 'no code' : `${message.code}${message.reason ? ` '${message.reason}'` : ''}`;
    if (!this.closing) {
      this.stayedOpen('then the close began');
      this.closing = { from, code: message.code, described, answered: false };
      this.state[from] = 'Closing';
      return [() => (this.state[to] = 'Closing')];
    }
    if (from !== this.closing.from) this.closing.answered = true;
    this.state[from] = 'Closing';
    return [];
  }

  /** The close handshake is one step, as in the seed lesson, recorded when it is over (or when the test ends). */
  private closeStep(result: string): void {
    const closing = this.closing;
    if (!closing || this.closeRecorded) return;
    this.closeRecorded = true;
    this.step('close', closing.from, {
      action: `${this.prefix}${Name(closing.from)} closes connection (${closing.described})`,
      message: `${Name(closing.from)} -> ${Name(other(closing.from))}: close ${closing.described}`,
      code: closing.code,
      result,
    });
  }

  private stayedOpen(until: string): void {
    if (!this.exchanged || this.state.client !== 'Open' || this.state.server !== 'Open') return;
    const ms = Date.now() - this.lastMessageAt;
    this.step('stay-open', 'server', {
      action: `${this.prefix}Connection remains open for more messages`,
      message: null,
      result: `Ready for next messages (${ms} ms, ${until})`,
    });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.clientSide.destroy();
    this.serverSide.destroy();
    if (!this.upgraded) {
      if (this.refusedStatus === null && this.state.client === 'Connecting') {
        this.state.client = 'Closed';
        this.step('drop', 'server', { action: `${this.prefix}Connection ends before any handshake answer`, message: null, result: 'No WebSocket was opened' });
      } else this.state.client = 'Closed';
      return;
    }
    this.state.client = 'Closed';
    this.state.server = 'Closed';
    if (this.closing) {
      this.closeStep(this.closing.answered ? 'Connection closed' : 'Connection closed, without a close frame back');
      return;
    }
    this.stayedOpen('then the connection dropped');
    this.step('drop', 'server', {
      action: `${this.prefix}Connection dropped without a close frame`,
      message: null,
      result: 'Closed abnormally (1006)',
    });
  }

  get close(): TappedClose {
    return { by: this.closing?.from ?? null, code: this.closing?.code ?? null, ended: this.ended };
  }

  /** Notes the connection as still open when the test ends (before clean-up closes it). */
  finishTrace(): void {
    if (this.ended || !this.upgraded) return;
    if (this.closing) this.closeStep('Close handshake not finished when the test ended');
    else this.stayedOpen('then the test ended');
  }

  private step(kind: Parameters<typeof addStep>[0]['kind'], actor: Actor, rest: { action: string; message: string | null; result: string; text?: string; code?: number | null }): void {
    const stage = STAGE_OF[kind](actor);
    addStep({ kind, actor, stage, client: this.state.client, server: this.state.server, connection: this.number, ...rest });
  }
}

const STAGE_OF: Record<Parameters<typeof addStep>[0]['kind'], (actor: Actor) => Parameters<typeof addStep>[0]['stage']> = {
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

const liveConnections = new Set<TappedConnection>();

/** Marks every tapped connection still open as "remains open" at the end of a test. */
export function finishTaps(): void {
  for (const connection of liveConnections) connection.finishTrace();
}

/** Starts a relay on 127.0.0.1 and a port the OS chooses, in front of 127.0.0.1:`targetPort`. */
export async function startWireTap(targetPort: number, options: WireTapOptions = {}): Promise<WireTap> {
  const sockets = new Set<Socket>();
  const mine: TappedConnection[] = [];
  const network = { silent: false };
  const relay = createServer((clientSide) => {
    const serverSide = connect(targetPort, '127.0.0.1');
    sockets.add(clientSide).add(serverSide);
    // Bytes may arrive before the server side is connected; net buffers the writes.
    const tapped = new TappedConnection(clientSide, serverSide, options, network);
    mine.push(tapped);
    liveConnections.add(tapped);
    clientSide.on('close', () => liveConnections.delete(tapped));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    for (const socket of sockets) socket.destroy();
    liveConnections.clear();
    await new Promise((resolve) => relay.close(resolve));
  });
  const { port } = relay.address() as AddressInfo;
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    closes: () => mine.map((c) => c.close),
    allEnded: async (ms) => {
      const deadline = Date.now() + ms;
      while (mine.some((c) => !c.close.ended)) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return true;
    },
    silence: () => void (network.silent = true),
  };
}

