/**
 * The chat hub (the learner's ChatHub, on the memory store) behind the course's
 * serveChat(), on a `ws` server in the subject. Probe clients connect through
 * wire taps; what they receive is the evidence, with what post() resolved with
 * and what the store holds afterwards.
 */
import { call, check, describeValue, fail, gradedExercise, onCleanup, type Subject } from '../../../harness';
import { Chat, type ChatClient, type Message } from '../../05-rooms-and-broadcast/tests/support';
import type { ChatServer } from '../../04-a-message-protocol/tests/support';
import type * as HubModule from '../../../../solutions/06-remix-data-meets-live-updates/app/lib/chat-hub';
import { FIXTURE, shownList, shownMessage, type Hub, type StoredMessage } from './support';

const ex = gradedExercise('06');

/** Starts the chat server in the subject with a hub of the learner's on the memory store. */
async function startHub(): Promise<{ chat: Chat; hub: Hub; subject: Subject }> {
  // Loaded here first, so that a file that does not compile, or lacks the export, is told as such.
  await ex.load<typeof HubModule>('app/lib/chat-hub.ts', ['ChatHub']);
  const subject = await ex.subject();
  const hub = await ex.fixture<Hub>(FIXTURE, 'start', { database: ':memory:' }, "new ChatHub(openStore(':memory:'))");
  onCleanup(() => hub.close());
  return { chat: new Chat(hub as unknown as ChatServer, subject), hub, subject };
}

/** Posts through the learner's hub.post(); it must resolve with the message as stored. */
async function post(hub: Hub, room: string, from: string, text: string): Promise<StoredMessage> {
  const what = `hub.post(${JSON.stringify({ room, from, text })})`;
  const stored = (await call(what, () => hub.post({ room, from, text }), 2000)) as Partial<StoredMessage> | null;
  check(typeof stored === 'object' && stored !== null, `${what} resolved with ${describeValue(stored)}, expected the message as the store kept it, { id, room, from, text, at }`);
  check(
    typeof stored.id === 'number' && Number.isInteger(stored.id) && stored.id > 0,
    `${what} resolved with id ${describeValue(stored.id)}: expected the id the store gave the message (store.append() resolves with it)`,
  );
  check(stored.room === room && stored.from === from && stored.text === text, `${what} resolved with ${shownMessage(stored)} from ${describeValue(stored.from)}, not the message posted`);
  check(typeof stored.at === 'number', `${what} resolved with at ${describeValue(stored.at)}: expected the time it was posted, in milliseconds`);
  return stored as StoredMessage;
}

/** Takes `client`'s next chat and checks it is `stored`, as one frame. */
async function receives(client: ChatClient, stored: StoredMessage, failure: string): Promise<Message> {
  const frame = await client.next('chat', failure);
  check(!frame.frame.isBinary, `${client.name} received the chat as a binary frame: send the encoded string`);
  check(
    frame.id === stored.id,
    `${client.name} received ${shownMessage(frame)}, expected ${shownMessage(stored)}` +
      (typeof frame.id !== 'number' ? ': a chat carries the id the store gave it, the one pages merge by' : ''),
  );
  check(
    frame.text === stored.text && frame.room === stored.room && frame.from === stored.from && frame.at === stored.at,
    `${client.name} received ${describeValue(frame.frame.text)}, expected the stored message as a chat frame: ${JSON.stringify({ type: 'chat', ...stored })}`,
  );
  return frame;
}

ex.test('hub-post', async () => {
  const { chat, hub } = await startHub();
  const [amy, zoe, ben] = [await chat.connect('amy'), await chat.connect('zoe'), await chat.connect('ben')];
  await amy.join('lobby');
  await zoe.join('lobby');
  await ben.join('random');
  for (const client of [amy, zoe, ben]) await client.skipAll();

  const stored = await post(hub, 'lobby', 'amy', 'posted from the page');
  for (const client of [amy, zoe]) {
    await receives(
      client,
      stored,
      `hub.post() resolved, but ${client.name}, in 'lobby', received no chat within 1000 ms: once the store has it, send the stored message to every socket in its room`,
    );
  }
  await ben.hearsNo('chat', "is in 'random' and must not hear a chat posted to 'lobby' (broadcast to the message's room only)");
  const kept = (await call("the store's after('lobby', 0)", () => hub.storedAfter('lobby', 0), 2000)) as StoredMessage[];
  check(
    Array.isArray(kept) && kept.some((m) => m.id === stored.id && m.text === stored.text),
    `after hub.post() resolved, the store's after('lobby', 0) gave ${shownList(kept)}: post() must store the message (store.append()) before it resolves`,
  );

  // A chat sent over a socket takes the same way: stored, then sent to the room with its id.
  await zoe.say('lobby', 'said over the socket');
  const live = await amy.next('chat', "zoe sent a chat over her socket to 'lobby', but amy received no chat within 1000 ms");
  check(
    typeof live.id === 'number' && live.id > stored.id,
    `amy received ${shownMessage(live)} for zoe's chat, expected an id from the store greater than ${stored.id}: serveChat() hands a socket's chat to hub.post()`,
  );
  const keptNow = (await call(`the store's after('lobby', ${stored.id})`, () => hub.storedAfter('lobby', stored.id), 2000)) as StoredMessage[];
  check(
    Array.isArray(keptNow) && keptNow.length === 1 && keptNow[0]?.id === live.id && keptNow[0]?.text === 'said over the socket',
    `after zoe's chat arrived, the store's after('lobby', ${stored.id}) gave ${shownList(keptNow)}, expected the one chat zoe sent, stored once`,
  );
  await ben.hearsNo('chat', "is in 'random' and must not hear a chat sent to 'lobby'");
});

ex.test('join-replays-after-cursor', async () => {
  const { chat, hub } = await startHub();
  const amy = await chat.connect('amy');
  await amy.join('lobby');
  const m1 = await post(hub, 'lobby', 'amy', 'one');
  await post(hub, 'random', 'amy', 'elsewhere');
  const m2 = await post(hub, 'lobby', 'amy', 'two');
  const m3 = await post(hub, 'lobby', 'amy', 'three');
  await amy.skipAll();

  const ben = await chat.connect('ben');
  await ben.send({ type: 'join', room: 'lobby', after: m1.id });
  const when = `ben joined 'lobby' with after: ${m1.id} (the id of 'one')`;
  for (const expected of [m2, m3]) {
    const frame = await ben.next(
      'chat',
      `${when}, and did not receive ${shownMessage(expected)} within 1000 ms: after the join, send the joiner each of the room's messages stored after its cursor (store.after(room, cursor)), in order`,
    );
    if (frame.id !== expected.id) {
      fail(
        `${when}, and received ${shownMessage(frame)} where ${shownMessage(expected)} was expected: the replay is the room's messages whose id is greater than the cursor, ` +
          "oldest first, and no other room's",
      );
    }
    check(frame.text === expected.text && frame.from === expected.from && frame.at === expected.at, `${when}, and received ${describeValue(frame.frame.text)}, expected ${JSON.stringify({ type: 'chat', ...expected })}`);
  }
  await ben.hearsNo('chat', `had the room's messages after ${m1.id}, each once (${shownList([m2, m3])}), and should receive no more`);
  await amy.hearsNo('chat', 'is in the room already, and the replay for ben goes to ben alone');

  const m4 = await post(hub, 'lobby', 'amy', 'four');
  await receives(ben, m4, `'four' was posted to 'lobby' after ben's join, and ben did not receive it within 1000 ms: a member hears what is posted`);
  await ben.hearsNo('chat', "received 'four' once, and should not receive it again");

  // A message posted while a join's read of the store is under way (the course holds back the read's answer).
  const cy = await chat.connect('cy');
  await chat.ask('when the grader held back the store', () => hub.holdAfter());
  await cy.send({ type: 'join', room: 'lobby', after: m4.id });
  // Only waited on: a hub that reads the history some other way is not held back, and the test goes on.
  await chat.ask('when cy joined', () => hub.whenAfterCalled(2, 500));
  const m5 = await post(hub, 'lobby', 'amy', 'five, posted while the history was read');
  await chat.ask('when the grader let the store answer', () => hub.release());
  await receives(
    cy,
    m5,
    `cy sent join with after: ${m4.id}, and ${shownMessage(m5)} was posted while the hub was still reading the history for it; cy never received it within 1000 ms. ` +
      'Put the member in the room first, then read the history: what is posted meanwhile then reaches it live',
  );
});
