/**
 * What the lesson 05 tests share. Each test runs the learner's serveChat() (which
 * makes a rooms hub from their rooms.ts) in the subject process, on a `ws`
 * WebSocketServer the course gives it there (grader/subject/fixtures/chat-server.ts:
 * 127.0.0.1, port 0), and talks to it with probe clients through wire taps, so a
 * failing test prints its Execution Table.
 *
 * Every verdict comes from what the probes received (or did not, within a quiet
 * window) and from the subject's end: an exception in a socket's handler ends the
 * server's process, as in production. The fixture also says how many messages
 * serveChat() has finished handling on each connection, and a socket's readyState,
 * so that a test knows a join was handled before it goes on without relying on
 * what the learner sends back; and each send() made on a socket that was not OPEN.
 * It runs beside the learner's code, which could make it say anything, so what it
 * says is only waited on, or makes a test fail with an explanation, never pass.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import {
  check,
  connectProbe,
  describeError,
  describeValue,
  fail,
  failExplainingCrash,
  learnerCrash,
  onCleanup,
  sleep,
  type Frame,
  type GradedExercise,
  type ProbeSocket,
  type Subject,
} from '../../../harness';
import { GradeTimeout } from '../../../harness/failure';
import { SubjectEnded } from '../../../harness/subject';
import { explainFailure } from '../../../harness/timing';
import { startChatServer, type ChatServer } from '../../04-a-message-protocol/tests/support';
import type { ListenerCounts } from '../../../subject/fixtures/chat-server';
import type * as ServerModule from '../../../../solutions/05-rooms-and-broadcast/app/lib/socket-server';

/** How long a client waits for a message it should get. */
export const ARRIVES_MS = 1000;
/** How long no frame may arrive before a client's inbox counts as settled. */
const SETTLE_MS = 100;
/** How long a client listens to be sure that a message it should not get does not come. */
export const QUIET_MS = 300;

export type { ListenerCounts };

export const STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

export class Chat {
  /** Names of the connections, in the order they connected (the fixture numbers them the same way). */
  private readonly names: string[] = [];

  constructor(
    readonly server: ChatServer,
    readonly subject: Subject,
  ) {}

  get port(): number {
    return this.server.port;
  }

  /** The number the next connection will have at the chat server. */
  get nextIndex(): number {
    return this.names.length;
  }

  /** Connects a client called `name` and reads its welcome, which tells its user id. */
  async connect(name: string): Promise<ChatClient> {
    const index = this.names.length;
    const probe = await connectProbe(`ws://127.0.0.1:${this.port}/ws`);
    await this.connectionAt(index, name);
    const client = new ChatClient(name, probe, this, index);
    const welcome = await client.next('welcome', `${name} connected but received no welcome within ${ARRIVES_MS} ms`);
    check(
      typeof welcome.userId === 'string' && welcome.userId !== '',
      `the welcome ${name} received was ${describeValue(welcome.frame.text)}, expected {"type":"welcome","userId":"…"}`,
    );
    client.userId = welcome.userId;
    return client;
  }

  /**
   * Waits until the server's 'connection' event for the `index`th connection has come, and names it `name`.
   * When the test ends, serveChat()'s listeners are taken off every socket before the clients go away:
   * what the learner's code does while the test cleans up is not graded.
   */
  async connectionAt(index: number, name: string): Promise<number> {
    this.names[index] = name;
    onCleanup(() => this.server.quiesce());
    const count = await this.ask(`when ${name} connected`, () => this.server.whenConnected(index, ARRIVES_MS));
    if (count <= index) fail(`${name} connected, but the server's 'connection' event did not follow within ${ARRIVES_MS} ms`);
    return index;
  }

  nameOf(index: number): string {
    return this.names[index] ?? `connection ${index + 1}`;
  }

  /**
   * Asks the fixture something, to wait on it; `when` says when, for a failure ("when amy sent …").
   * The subject may end meanwhile (a throw in a handler ends it): that is the failure then.
   */
  async ask<T>(when: string, question: () => Promise<T>): Promise<T> {
    try {
      return await question();
    } catch (error) {
      if (error instanceof SubjectEnded) await this.checkNoCrash(when);
      if (error instanceof GradeTimeout && (this.subject.isBlocked(400) || this.subject.end?.stopped)) {
        throw new GradeTimeout(`the server never gave control back ${when}: synchronous code that does not end (a loop?) blocked its process, so the grader stopped it`);
      }
      throw explainFailure(`the server, ${when},`, error);
    }
  }

  /** Fails, saying what was thrown, if the server's process threw outside any call (in an event handler) or ended. */
  crashNow(when: string): void {
    const thrown = this.subject.crashed;
    if (thrown) {
      failExplainingCrash(
        `the server threw ${describeError(thrown)} ${when}. An exception in a socket's event handler ends the whole ` +
          'app server: a broadcast must never throw',
      );
    }
    const ended = learnerCrash();
    // Any other end (process.exit, out of memory) is reported as itself, an error.
    if (ended) fail(`${when}, the server's process ended: ${ended}`);
  }

  /** crashNow(), after giving the news of an end that has come a moment to say what was thrown. */
  async checkNoCrash(when: string): Promise<void> {
    if (this.subject.end && !this.subject.crashed) await sleep(50);
    this.crashNow(when);
  }

  /** The listeners on `client`'s server-side socket, as the fixture counts them: only ever a reason to fail. */
  async listenerCounts(client: ChatClient): Promise<ListenerCounts | null> {
    return this.ask(`when the grader counted the listeners on ${client.name}'s socket`, () => this.server.listenerCounts(client.connection));
  }

  /**
   * Fails if the learner's code called send() on a socket that was not OPEN. ws drops such a send, so
   * nothing of it reaches the wire: this is the fixture's word, which can only make a test fail.
   */
  async checkNoSendWhileNotOpen(advice: string): Promise<void> {
    const sends = await this.ask('after the broadcast', () => this.server.sentWhileNotOpen());
    const [first] = sends;
    if (first) {
      fail(`the server called send() on ${this.nameOf(first.connection)}'s socket while it was ${STATE_NAMES[first.state] ?? first.state}: ${advice}`);
    }
  }
}

/** Starts the course's chat server in the subject and hands it to the learner's serveChat(). */
export async function startChat(ex: GradedExercise): Promise<Chat> {
  const { serveChat } = await ex.load<typeof ServerModule>('app/lib/socket-server.ts', ['serveChat']);
  const { server, subject } = await startChatServer(ex, serveChat);
  return new Chat(server, subject);
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
    /** Its connection's number at the chat server (from 0, in connecting order). */
    readonly connection: number,
  ) {}

  /** Sends one message, and waits until serveChat() has handled it (the fixture's word: only waited on). */
  async send(message: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify(message);
    this.probe.send(text);
    this.sent += 1;
    const when = `when ${this.name} sent ${text}`;
    const handled = await this.chat.ask(when, () => this.chat.server.whenHandled(this.connection, this.sent, ARRIVES_MS));
    await this.chat.checkNoCrash(when);
    check(handled >= this.sent, `the server did not handle ${this.name}'s ${text} within ${ARRIVES_MS} ms`);
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
      this.chat.crashNow(`while ${this.name} waited for a ${type} message`);
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
    await this.chat.checkNoCrash(`while ${this.name} listened`);
    const [overheard] = this.untaken(type);
    if (overheard) fail(`${this.name} ${why}, but received ${describeValue(overheard.message.frame.text)}`);
  }

  /**
   * Forgets every message received so far, once the server has finished answering what
   * came before: a join's presence frames may still be on their way when join() returns.
   * First every message the server has sent on this connection must have arrived (a count,
   * so a loaded machine's slow loopback cannot let a late frame through), then the inbox
   * must stay quiet for SETTLE_MS (for a handler that sends after an await).
   */
  async skipAll(): Promise<void> {
    const deadline = Date.now() + ARRIVES_MS;
    const sent = await this.chat.ask(`when the grader counted what the server sent ${this.name}`, () => this.chat.server.sentCount(this.connection));
    while (this.probe.messages.seen.length < sent && Date.now() < deadline) await sleep(5);
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
