/**
 * The server-side tests of lesson 04 run the learner's serveChat() on a `ws`
 * WebSocketServer of the test's own (127.0.0.1, port 0), and talk to it with
 * probe clients, whose every frame the wire tap records.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  call,
  catchUncaught,
  check,
  connectProbe,
  describeError,
  describeValue,
  fail,
  onCleanup,
  sleep,
  type Frame,
  type GradedExercise,
  type ProbeSocket,
} from '../../harness';
import type { Uncaught } from '../../harness/resources';
import type * as ServerModule from '../../../solutions/04-a-message-protocol/app/lib/socket-server';

export interface Chat {
  readonly url: string;
  readonly crashes: Uncaught;
}

/** A client of the chat server, welcomed, with the userId it was given. */
export interface Member {
  readonly probe: ProbeSocket;
  readonly userId: string;
  readonly name: string;
}

/** Starts a WebSocketServer of the test's own and hands it to the learner's serveChat(). */
export async function startChat(ex: GradedExercise): Promise<Chat> {
  const { serveChat } = await ex.load<typeof ServerModule>('app/lib/socket-server.ts', ['serveChat']);
  const crashes = catchUncaught();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  onCleanup(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  await call('serveChat(wss)', () => serveChat(wss));
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/ws`, crashes };
}

function crashed(chat: Chat, when: string): void {
  const [first] = chat.crashes.errors;
  if (first) {
    fail(
      `the server threw ${describeError(first)} ${when}: a message handler must never throw on what a client sends ` +
        '(an exception there can end the whole server). Validate the frame and answer with an error frame',
    );
  }
}

/** How many frames of each probe's inbox the test has read so far. */
const consumed = new WeakMap<object, number>();

/** The next frame `member` receives, parsed as JSON, or a failure that says what happened instead. */
export async function nextJson(chat: Chat, member: Member | ProbeSocket, after: string): Promise<{ frame: Frame; json: unknown }> {
  const probe = 'probe' in member ? member.probe : member;
  const who = 'name' in member ? member.name : 'the client';
  const index = consumed.get(probe.messages) ?? 0;
  const deadline = Date.now() + 1000;
  while (probe.messages.seen.length <= index) {
    crashed(chat, after);
    if (!probe.isOpen) fail(`${after}, the server closed ${who}'s connection instead of answering: answer with an error frame and keep it open`);
    if (Date.now() >= deadline) fail(`${after}, ${who} received nothing within 1000 ms`);
    await sleep(5);
  }
  const frame = probe.messages.seen[index] as Frame;
  consumed.set(probe.messages, index + 1);
  check(!frame.isBinary, `${after}, ${who} received a binary frame: send JSON text (a string)`);
  try {
    return { frame, json: JSON.parse(frame.text) as unknown };
  } catch {
    return fail(`${after}, ${who} received ${describeValue(frame.text)}, which is not JSON`);
  }
}

/** Connects a client, reads its welcome, and returns it with its userId. */
export async function join(chat: Chat, name: string): Promise<Member> {
  const probe = await connectProbe(chat.url);
  const { json } = await nextJson(chat, probe, `${name} connected`);
  const welcome = json as { type?: unknown; userId?: unknown };
  check(
    welcome?.type === 'welcome' && typeof welcome.userId === 'string' && welcome.userId !== '',
    `the first frame ${name} received was ${describeValue(JSON.stringify(json))}, expected {"type":"welcome","userId":"…"} with a non-empty string userId`,
  );
  return { probe, userId: welcome.userId, name };
}

/** Sends `bad` from `member` and expects an error frame with `code`, to that member. */
export async function expectError(chat: Chat, member: Member, bad: string | Buffer, code: string, shown?: string): Promise<void> {
  const what = shown ?? (typeof bad === 'string' ? describeValue(bad) : `a binary frame of ${bad.length} bytes`);
  if (typeof bad === 'string') member.probe.send(bad);
  else member.probe.socket.send(bad, { binary: true });
  const after = `after ${member.name} sent ${what}`;
  const { json } = await nextJson(chat, member, after);
  const error = json as { type?: unknown; code?: unknown; message?: unknown };
  check(
    error?.type === 'error',
    `${after}, the server answered ${describeValue(JSON.stringify(json))}, expected an error frame {"type":"error","code":"${code}","message":"…"}`,
  );
  check(error.code === code, `${after}, the error frame's code was ${describeValue(error.code)}, expected '${code}'`);
  check(
    typeof error.message === 'string' && error.message !== '',
    `${after}, the error frame's message was ${describeValue(error.message)}, expected a non-empty string saying what was wrong`,
  );
}

/** Fails unless `member`'s connection is still open after a moment, and nothing more arrived unasked. */
export async function stillOpen(chat: Chat, member: Member, after: string): Promise<void> {
  await sleep(100);
  crashed(chat, after);
  check(member.probe.isOpen, `${after}, the server closed ${member.name}'s connection: a bad message is answered, not punished; keep the connection open`);
}

/** Fails if `member` received anything more within `ms`. */
export async function nothingMore(chat: Chat, member: Member, ms: number, why: string): Promise<void> {
  const before = consumed.get(member.probe.messages) ?? 0;
  await sleep(ms);
  crashed(chat, why);
  const extra = member.probe.messages.seen.slice(before);
  check(extra.length === 0, `${member.name} received ${describeValue(extra[0]?.text)} ${why}: it should have received nothing`);
}
