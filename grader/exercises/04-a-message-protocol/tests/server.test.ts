import { check, describeValue, gradedExercise } from '../../../harness';
import { expectError, join, nextJson, nothingMore, startChat, stillOpen, type Chat, type Member } from './support';

const ex = gradedExercise('04');

/** Sends a valid chat from `from` and checks that each of `to` receives it as a chat frame. */
async function chatReaches(chat: Chat, from: Member, to: readonly Member[], text: string): Promise<Array<Record<string, unknown>>> {
  const before = Date.now();
  from.probe.send(JSON.stringify({ type: 'chat', text }));
  const received: Array<Record<string, unknown>> = [];
  for (const member of to) {
    const after = `after ${from.name} sent a valid chat, ${describeValue(JSON.stringify({ type: 'chat', text }))}`;
    const { json } = await nextJson(chat, member, after);
    const message = (json ?? {}) as Record<string, unknown>;
    check(
      message.type === 'chat',
      `${after}, ${member.name} received ${describeValue(JSON.stringify(json))}, expected a chat frame {"type":"chat","id","from","text","at"}`,
    );
    check(typeof message.id === 'string' && message.id !== '', `${after}, the chat frame ${member.name} received has id ${describeValue(message.id)}, expected a non-empty string`);
    check(
      message.from === from.userId,
      `${after}, the chat frame ${member.name} received says from ${describeValue(message.from)}, expected the sender's userId ${describeValue(from.userId)}`,
    );
    check(
      message.text === text.trim(),
      `${after}, the chat frame ${member.name} received has text ${describeValue(message.text)}, expected ${describeValue(text.trim())} (trimmed)`,
    );
    check(
      typeof message.at === 'number' && message.at >= before - 1000 && message.at <= Date.now() + 1000,
      `${after}, the chat frame has at ${describeValue(message.at)}, expected the time it was sent, Date.now() (ms since 1970)`,
    );
    received.push(message);
  }
  return received;
}

ex.test('server-welcome', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  const bob = await join(chat, 'client B');
  check(alice.userId !== bob.userId, `two clients were both given the userId ${describeValue(alice.userId)}: give each connection its own (randomUUID())`);
  await nothingMore(chat, alice, 100, 'after its welcome, with nobody chatting');
});

ex.test('server-bad-json', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  const bob = await join(chat, 'client B');
  await expectError(chat, alice, 'this is not JSON', 'bad-json');
  await expectError(chat, alice, '{"type":"chat","text":', 'bad-json');
  await stillOpen(chat, alice, 'after two frames that were not JSON');
  await nothingMore(chat, bob, 50, "after client A's bad frames (an error frame goes to the sender alone)");
});

ex.test('server-unknown-type', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  await expectError(chat, alice, '{"type":"dance","moves":3}', 'unknown-type');
  await expectError(chat, alice, '{"type":"CHAT","text":"hello"}', 'unknown-type');
  await stillOpen(chat, alice, 'after two messages of unknown types');
});

ex.test('server-invalid-chat', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  await expectError(chat, alice, '{"type":"chat"}', 'bad-message');
  await expectError(chat, alice, '{"type":"chat","text":42}', 'bad-message');
  await expectError(chat, alice, '{"type":"chat","text":"   "}', 'bad-message');
  const long = JSON.stringify({ type: 'chat', text: 'x'.repeat(501) });
  await expectError(chat, alice, long, 'bad-message', 'a chat whose text is 501 characters long');
  await stillOpen(chat, alice, 'after four invalid chats');
});

ex.test('server-too-big-or-not-object', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  // Over the limit in bytes of UTF-8: the first is long as a string too, the second is not ('€' is three bytes).
  for (const text of ['x'.repeat(5000), '€'.repeat(1400)]) {
    const huge = JSON.stringify({ type: 'chat', text });
    await expectError(chat, alice, huge, 'too-big', `a chat frame of ${Buffer.byteLength(huge)} bytes (${huge.length} characters)`);
  }
  for (const notAnObject of ['null', '42', '[]', '"chat"']) await expectError(chat, alice, notAnObject, 'bad-message');
  await stillOpen(chat, alice, 'after a frame over the size limit and four JSON values that were not objects');
});

ex.test('server-binary-frame', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  await expectError(chat, alice, Buffer.from(JSON.stringify({ type: 'chat', text: 'in binary' })), 'bad-message');
  await stillOpen(chat, alice, 'after a binary frame');
});

ex.test('server-broadcast', async () => {
  const chat = await startChat(ex);
  const alice = await join(chat, 'client A');
  const bob = await join(chat, 'client B');
  await expectError(chat, alice, 'not JSON at all', 'bad-json');
  const [first, toBob] = await chatReaches(chat, alice, [alice, bob], '  hello, everyone  ');
  check(first?.id === toBob?.id, `the same chat reached the two clients with two ids, ${describeValue(first?.id)} and ${describeValue(toBob?.id)}: make the message once, then send it to each`);
  const full = 'y'.repeat(500);
  const [reply] = await chatReaches(chat, bob, [bob, alice], full);
  check(reply?.id !== first?.id, `two different chats got the same id ${describeValue(first?.id)}: give each chat a new id`);
  await nothingMore(chat, alice, 50, 'after the two chats');
});
