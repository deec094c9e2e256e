/**
 * The server-side tests of lesson 04 run the learner's serveChat() in the
 * subject process, on a `ws` WebSocketServer the course gives it there
 * (grader/subject/fixtures/chat-server.ts: 127.0.0.1, port 0), and talk to it
 * with probe clients, whose every frame the wire tap records. Every verdict
 * comes from what the probes received (or did not), and from the subject's end:
 * an exception in a socket's handler ends the server's process, as in production.
 */
import {
  call,
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
  type Remote,
  type Subject,
} from '../../../harness';
import type * as ServerModule from '../../../../solutions/04-a-message-protocol/app/lib/socket-server';
import type { ChatServerFixture } from '../../../subject/fixtures/chat-server';

/** The course's chat server in the subject, as the test holds it. */
export type ChatServer = Remote<ChatServerFixture>;

/**
 * Starts the course's chat server in the test's subject, hands it to the
 * learner's `serveChat` (loaded with ex.load), and closes it after the test.
 * Lesson 05 starts its chat the same way.
 */
export async function startChatServer(ex: GradedExercise, serveChat: unknown): Promise<{ server: ChatServer; subject: Subject }> {
  const subject = await ex.subject();
  const server = await ex.courseFixture<ChatServer>('chat-server', 'start', {}, { ms: 5000, what: 'starting the chat server' });
  onCleanup(() => server.close());
  await call('serveChat(wss)', () => server.serve(serveChat));
  return { server, subject };
}

export interface Chat {
  readonly url: string;
  readonly server: ChatServer;
  readonly subject: Subject;
}

/** A client of the chat server, welcomed, with the userId it was given. */
export interface Member {
  readonly probe: ProbeSocket;
  readonly userId: string;
  readonly name: string;
}

/** Starts the chat server and hands it to the learner's serveChat(). */
export async function startChat(ex: GradedExercise): Promise<Chat> {
  const { serveChat } = await ex.load<typeof ServerModule>('app/lib/socket-server.ts', ['serveChat']);
  const { server, subject } = await startChatServer(ex, serveChat);
  return { url: `ws://127.0.0.1:${server.port}/ws`, server, subject };
}

/** Fails, saying what was thrown, if the server's process threw outside any call (in a socket's handler) or ended. */
function crashed(chat: Chat, when: string): void {
  const thrown = chat.subject.crashed;
  if (thrown) {
    failExplainingCrash(
      `the server threw ${describeError(thrown)} ${when}: a message handler must never throw on what a client sends ` +
        '(an exception there ends the whole server). Validate the frame and answer with an error frame',
    );
  }
  const ended = learnerCrash();
  // Any other end (process.exit, out of memory) is reported as itself, an error.
  if (ended) fail(`${when}, the server's process ended: ${ended}`);
}

/**
 * A connection that closed may have closed because the server's process ended:
 * that news comes on another channel, so it is given a moment to arrive.
 */
async function crashedOrClosed(chat: Chat, when: string): Promise<void> {
  await Promise.race([chat.subject.ended, sleep(200)]);
  if (chat.subject.end && !chat.subject.crashed) await sleep(50);
  crashed(chat, when);
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
    if (!probe.isOpen) {
      await crashedOrClosed(chat, after);
      fail(`${after}, the server closed ${who}'s connection instead of answering: answer with an error frame and keep it open`);
    }
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
  // Once a client is in, what serveChat() does while the test cleans up is not graded.
  onCleanup(() => chat.server.quiesce());
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
  if (!member.probe.isOpen) await crashedOrClosed(chat, after);
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
