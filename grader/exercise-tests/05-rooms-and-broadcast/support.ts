/**
 * What the lesson 05 tests share. Each test runs the learner's serveChat() (which
 * makes a rooms hub from their rooms.ts) on a `ws` WebSocketServer of its own, on
 * 127.0.0.1 and port 0, and talks to it with probe clients through wire taps, so
 * a failing test prints its Execution Table. The test also watches the server's
 * side of every connection: each send() made on a socket that is not OPEN, and how
 * many messages serveChat() has finished handling, so a test knows a join was
 * handled before it goes on, without relying on what the learner sends back.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  call,
  catchUncaught,
  check,
  connectProbe,
  describeError,
  describeValue,
  eventually,
  fail,
  onCleanup,
  sleep,
  type Frame,
  type GradedExercise,
  type ProbeSocket,
} from '../../harness';
import type { Uncaught } from '../../harness';
import type * as ServerModule from '../../../solutions/05-rooms-and-broadcast/app/lib/socket-server';

/** How long a client waits for a message it should get. */
export const ARRIVES_MS = 1000;
/** How long no frame may arrive before a client's inbox counts as settled. */
const SETTLE_MS = 100;
/** How long a client listens to be sure that a message it should not get does not come. */
export const QUIET_MS = 300;

const STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** The server's side of one connection, as the test sees it. */
export interface Connection {
  readonly socket: WebSocket;
  /** Messages serveChat()'s handlers have finished with. */
  handled: number;
  /** The socket's listeners before serveChat()'s 'connection' handler ran (ws's own). */
  readonly given: ReadonlyMap<string, readonly unknown[]>;
}

const WATCHED_EVENTS = ['message', 'close', 'error'] as const;

export class Chat {
  /** The server's side of each connection, in the order they connected. */
  readonly connections: Connection[] = [];
  /** "the server called send() on cy's socket while it was CLOSING", once per socket. */
  readonly sentWhileNotOpen: string[] = [];
  private readonly names = new Map<WebSocket, string>();

  constructor(
    readonly port: number,
    readonly crashes: Uncaught,
  ) {}

  /** Connects a client called `name` and reads its welcome, which tells its user id. */
  async connect(name: string): Promise<ChatClient> {
    const index = this.connections.length;
    const probe = await connectProbe(`ws://127.0.0.1:${this.port}/ws`);
    const connection = await this.connectionAt(index, name);
    const client = new ChatClient(name, probe, this, connection);
    const welcome = await client.next('welcome', `${name} connected but received no welcome within ${ARRIVES_MS} ms`);
    check(
      typeof welcome.userId === 'string' && welcome.userId !== '',
      `the welcome ${name} received was ${describeValue(welcome.frame.text)}, expected {"type":"welcome","userId":"…"}`,
    );
    client.userId = welcome.userId;
    return client;
  }

  /**
   * The server's side of the `index`th connection, once its 'connection' event has come, named `name`.
   * When the test ends, serveChat()'s listeners on it are removed before the client goes away: what the
   * learner's code does while the test cleans up is not graded, and must not end the test's process.
   */
  async connectionAt(index: number, name: string): Promise<Connection> {
    const arrived = await eventually(() => this.connections.length > index, ARRIVES_MS);
    const connection = this.connections[index];
    if (!arrived || !connection) return fail(`${name} connected, but the server's 'connection' event did not follow within ${ARRIVES_MS} ms`);
    this.names.set(connection.socket, name);
    onCleanup(() => detachLearner(connection));
    return connection;
  }

  nameOf(socket: WebSocket): string {
    return this.names.get(socket) ?? `connection ${this.connections.findIndex((c) => c.socket === socket) + 1}`;
  }

  /** Fails, saying what was thrown, if the server threw outside any call (in an event handler). */
  checkNoCrash(when: string): void {
    this.crashes.rethrowExit();
    const [first] = this.crashes.errors;
    if (first) {
      fail(
        `the server threw ${describeError(first)} ${when}. An exception in a socket's event handler ends the whole ` +
          'app server: a broadcast must never throw',
      );
    }
  }
}

/** Starts a WebSocketServer of the test's own, hands it to the learner's serveChat(), and watches it. */
export async function startChat(ex: GradedExercise): Promise<Chat> {
  const { serveChat } = await ex.load<typeof ServerModule>('app/lib/socket-server.ts', ['serveChat']);
  const crashes = catchUncaught();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const chat = new Chat((wss.address() as AddressInfo).port, crashes);
  onCleanup(async () => {
    chat.connections.forEach(detachLearner);
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  // Registered before serveChat()'s own listener: every send() the server makes goes through this.
  wss.on('connection', (socket) => {
    const given = new Map(WATCHED_EVENTS.map((event) => [event, socket.listeners(event)] as const));
    chat.connections.push({ socket, handled: 0, given });
    const send = socket.send.bind(socket);
    let noted = false;
    socket.send = ((...args: Parameters<WebSocket['send']>) => {
      if (socket.readyState !== WebSocket.OPEN && !noted) {
        noted = true;
        chat.sentWhileNotOpen.push(`the server called send() on ${chat.nameOf(socket)}'s socket while it was ${STATE_NAMES[socket.readyState] ?? socket.readyState}`);
      }
      return send(...args);
    }) as WebSocket['send'];
  });
  await call('serveChat(wss)', () => serveChat(wss));
  // Registered after: these 'message' listeners run once serveChat()'s have returned.
  wss.on('connection', (socket) => {
    socket.on('message', () => {
      const connection = chat.connections.find((c) => c.socket === socket);
      if (connection) connection.handled += 1;
    });
  });
  return chat;
}

/** Removes the listeners serveChat() added to a socket, leaving ws's own. */
function detachLearner(connection: Connection): void {
  for (const event of WATCHED_EVENTS) {
    const given = connection.given.get(event) ?? [];
    for (const listener of connection.socket.listeners(event)) {
      if (!given.includes(listener)) connection.socket.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  // A socket must keep an 'error' listener: without one, an error would end the test's process.
  if (connection.socket.listenerCount('error') === 0) connection.socket.on('error', () => undefined);
}

export type Message = Record<string, unknown> & { readonly frame: Frame };

function parse(frame: Frame): Record<string, unknown> {
  try {
    const value = JSON.parse(frame.text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A test client with a name, speaking the chat protocol through a probe. */
export class ChatClient {
  userId = '';
  /** Indexes into probe.messages.seen of the frames a test has already taken. */
  private readonly taken = new Set<number>();
  private sent = 0;

  constructor(
    readonly name: string,
    readonly probe: ProbeSocket,
    private readonly chat: Chat,
    readonly connection: Connection,
  ) {}

  /** Sends one message, and waits until serveChat() has handled it. */
  async send(message: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify(message);
    this.probe.send(text);
    this.sent += 1;
    const handled = await eventually(() => this.connection.handled >= this.sent || this.chat.crashes.errors.length > 0, ARRIVES_MS);
    this.chat.checkNoCrash(`when ${this.name} sent ${text}`);
    check(handled, `the server did not handle ${this.name}'s ${text} within ${ARRIVES_MS} ms`);
  }

  join(room: string): Promise<void> {
    return this.send({ type: 'join', room });
  }

  leave(room: string): Promise<void> {
    return this.send({ type: 'leave', room });
  }

  say(room: string, text: string): Promise<void> {
    return this.send({ type: 'chat', room, text });
  }

  /** Frames of `type` (any when null) not yet taken, in arrival order. */
  private untaken(type: string | null): Array<{ index: number; message: Message }> {
    return this.probe.messages.seen.flatMap((frame, index) => {
      if (this.taken.has(index)) return [];
      const message: Message = { ...parse(frame), frame };
      return type === null || message.type === type ? [{ index, message }] : [];
    });
  }

  /**
   * Takes the next message of `type` (and, when given, that `matches`), skipping others; fails with
   * `failure` if none comes within ARRIVES_MS.
   */
  async next(type: string, failure: string, matches: (message: Message) => boolean = () => true): Promise<Message> {
    const deadline = Date.now() + ARRIVES_MS;
    while (!this.untaken(type).some((u) => matches(u.message))) {
      this.chat.checkNoCrash(`while ${this.name} waited for a ${type} message`);
      if (Date.now() >= deadline) {
        const others = this.untaken(null).map((u) => describeValue(u.message.frame.text));
        fail(`${failure}${others.length > 0 ? ` (it did receive ${others.join(', ')})` : ''}`);
      }
      await sleep(5);
    }
    const first = this.untaken(type).find((u) => matches(u.message));
    if (!first) return fail(failure);
    this.taken.add(first.index);
    return first.message;
  }

  /** Listens for QUIET_MS, then fails if a message of `type` arrived that was not taken. */
  async hearsNo(type: string, why: string): Promise<void> {
    await sleep(QUIET_MS);
    this.chat.checkNoCrash(`while ${this.name} listened`);
    const [overheard] = this.untaken(type);
    if (overheard) fail(`${this.name} ${why}, but received ${describeValue(overheard.message.frame.text)}`);
  }

  /**
   * Forgets every message received so far, once the server has finished answering what
   * came before: a join's presence frames may still be on their way when join() returns.
   */
  async skipAll(): Promise<void> {
    const deadline = Date.now() + ARRIVES_MS;
    let seen = -1;
    while (seen !== this.probe.messages.seen.length && Date.now() < deadline) {
      seen = this.probe.messages.seen.length;
      await sleep(SETTLE_MS);
    }
    this.probe.messages.seen.forEach((_frame, index) => this.taken.add(index));
  }
}

/** Checks that `message` is the presence of `room` listing exactly `members`, in that order. */
export function checkPresence(message: Message, who: string, room: string, members: readonly string[], when: string): void {
  check(message.room === room, `${who} received a presence message for ${describeValue(message.room)} ${when}, expected one for '${room}'`);
  const listed = message.members;
  check(
    Array.isArray(listed),
    `${who} received a presence message ${when} whose members is ${describeValue(listed)}: expected an array of user ids, ${JSON.stringify(members)}`,
  );
  if (listed.length === members.length && listed.every((id, i) => id === members[i])) return;
  const sorted = [...listed].sort();
  const onlyOrder = sorted.length === members.length && sorted.every((id, i) => id === members[i]);
  fail(
    onlyOrder
      ? `${who} received presence members ${JSON.stringify(listed)} ${when}: the right user ids, but not sorted; expected ${JSON.stringify(members)}`
      : `${who} received presence members ${JSON.stringify(listed)} ${when}, expected ${JSON.stringify(members)}`,
  );
}

/**
 * A client that says goodbye and then hangs: it sends a close frame but never
 * ends its TCP connection. The server's socket for it stays CLOSING, its 'close'
 * event does not fire, and so it is still a member of its rooms. Written by hand
 * on a raw TCP socket, because a `ws` client always finishes the close.
 */
export class HangingClient {
  private constructor(private readonly socket: Socket) {}

  static async connect(port: number, name: string): Promise<HangingClient> {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    onCleanup(() => {
      socket.destroy();
    });
    socket.on('error', () => undefined);
    const answered = new Promise<boolean>((resolve) => {
      let head = '';
      const onData = (chunk: Buffer): void => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n')) return;
        socket.off('data', onData);
        socket.resume(); // read and drop what the server sends from now on
        resolve(head.startsWith('HTTP/1.1 101'));
      };
      socket.on('data', onData);
      socket.once('close', () => resolve(false));
    });
    socket.write(
      [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    const ok = await Promise.race([answered, sleep(ARRIVES_MS).then(() => false)]);
    check(ok, `${name} (a hand-made client) could not complete the WebSocket handshake with the server`);
    return new HangingClient(socket);
  }

  sendText(text: string): void {
    this.socket.write(maskedFrame(0x1, Buffer.from(text, 'utf8')));
  }

  /** Sends a close frame (1000), then neither reads the answer's end nor ends the TCP connection. */
  sendClose(): void {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(1000);
    this.socket.write(maskedFrame(0x8, payload));
  }
}

/** One client-to-server frame (RFC 6455 §5.2): FIN, the opcode, a mask key, the masked payload. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  check(payload.length < 126, 'the hand-made client sends only short frames');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}
