/**
 * A slow consumer: the learner's rooms.ts (its send()) under the course's hub
 * and serveChat(), in the subject. Two of the test's own clients join a room;
 * one reads everything, the other stops reading (ws's pause(): its kernel
 * buffers fill, then the server's memory). The subject then broadcasts large
 * frames to the room. Evidence: every frame the reader got, in order, and what
 * the other one finds once it reads again: a part of the messages, then the end
 * of its connection. These clients skip the wire tap: a trace of hundreds of
 * large frames would say nothing more.
 */
import { WebSocket } from 'ws';
import { call, check, gradedExercise, onCleanup, sleep } from '../../../harness';
import type * as Rooms from '../../../../solutions/07-staying-alive/app/lib/rooms';
import { CROSSING_MS, startFixture, type Flood } from './support';

const ex = gradedExercise('07');

const ROOM = 'lobby';
/** The size of each flooding frame's text: a few dozen fill the bound many times over. */
const FRAME_BYTES = 60_000;

interface Client {
  readonly socket: WebSocket;
  /** The ids of the chats received, in order. */
  readonly ids: number[];
  readonly closed: Promise<number>;
  isClosed: boolean;
}

async function startFlood(): Promise<Flood> {
  await ex.load<typeof Rooms>('app/lib/rooms.ts', ['send']);
  const server = await startFixture<Flood>(ex, 'floodServer', {}, 'serveChat(wss, new ChatHub(memoryStore())) with your rooms.ts');
  onCleanup(() => server.close());
  return server;
}

/** A client of the test's, in ROOM: it has joined and seen its presence. */
async function joined(server: Flood, index: number): Promise<Client> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  onCleanup(() => socket.terminate());
  socket.on('error', () => undefined);
  const ids: number[] = [];
  let inRoom: () => void = () => undefined;
  const present = new Promise<void>((resolve) => (inRoom = resolve));
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type?: string; id?: number; room?: string };
    if (message.type === 'chat' && typeof message.id === 'number') ids.push(message.id);
    if (message.type === 'presence' && message.room === ROOM) inRoom();
  });
  const client: Client = { socket, ids, closed: new Promise((resolve) => socket.on('close', (code) => resolve(code))), isClosed: false };
  void client.closed.then(() => (client.isClosed = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  await server.whenConnected(index, CROSSING_MS);
  socket.send(JSON.stringify({ type: 'join', room: ROOM }));
  const ok = await Promise.race([present.then(() => true), sleep(2000).then(() => false)]);
  check(ok, `a client sent { type: 'join', room: '${ROOM}' } and got no presence for it within 2000 ms`);
  return client;
}

/** Waits until `client` has `count` chats, or `ms` pass. */
async function receivedAll(client: Client, count: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (client.ids.length < count && !client.isClosed && Date.now() < deadline) await sleep(10);
}

const inOrder = (ids: readonly number[], count: number): boolean => ids.length === count && ids.every((id, i) => id === i + 1);

ex.test('slow-consumer-dropped', async () => {
  const server = await startFlood();
  const amy = await joined(server, 0);
  const zoe = await joined(server, 1);
  // Zoe's tab freezes: her socket reads nothing more.
  zoe.socket.pause();

  const sent = await call(
    `broadcasting ${FRAME_BYTES}-character chats to '${ROOM}' through your send()`,
    () => server.flood({ room: ROOM, bytes: FRAME_BYTES, count: 1000, pacedBy: 0, until: 1, after: 20 }),
    60_000,
  );
  await receivedAll(amy, sent, 5000);
  check(!amy.isClosed, 'a client that read every message was dropped: only a client with more than MAX_BUFFERED_BYTES waiting is a slow consumer');
  check(
    inOrder(amy.ids, sent),
    `a client that reads got ${amy.ids.length} of the ${sent} chats sent to its room: while one client is slow, the others are served as before, every message in order`,
  );

  // Zoe's tab wakes up: she reads what reached her, and then learns whether she is still connected.
  zoe.socket.resume();
  const code = await Promise.race([zoe.closed, sleep(5000).then(() => null)]);
  check(
    code !== null,
    `a client that read nothing while ${sent} chats of ${FRAME_BYTES} characters were sent to it was still connected: ` +
      'once more than MAX_BUFFERED_BYTES waits for a socket (socket.bufferedAmount), terminate() it',
  );
  check(zoe.ids.length < sent, `the slow client got all ${sent} chats in the end: the server kept them all in its memory for it instead of dropping it`);
});

ex.test('burst-under-bound', async () => {
  const server = await startFlood();
  const amy = await joined(server, 0);
  const zoe = await joined(server, 1);
  // Both tabs are busy for a moment (a long render, say) while chats go out: first as many as the
  // network's own buffers take, then 8 more, 480 kB, which wait in the server's memory, under the bound.
  amy.socket.pause();
  zoe.socket.pause();
  const EXTRA = 8;
  const sent = await call(
    `broadcasting chats of ${FRAME_BYTES} characters to two clients that are not reading`,
    () => server.flood({ room: ROOM, bytes: FRAME_BYTES, count: 400, until: 0, when: 'buffering', after: EXTRA }),
    10_000,
  );
  amy.socket.resume();
  zoe.socket.resume();
  for (const [name, client] of [['amy', amy], ['zoe', zoe]] as const) {
    await receivedAll(client, sent, 5000);
    check(
      !client.isClosed,
      `${name} did not read for a moment, with about ${(EXTRA * FRAME_BYTES) / 1000} kB waiting for it in the server, and was dropped: ` +
        'a client is a slow consumer only once more than MAX_BUFFERED_BYTES (1 MiB) waits for it, not as soon as anything does',
    );
    check(inOrder(client.ids, sent), `${name} got ${client.ids.length} of the ${sent} chats sent while it was not reading, expected every one, in order`);
  }
});
