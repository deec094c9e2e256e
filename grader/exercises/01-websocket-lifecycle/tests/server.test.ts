import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import {
  call,
  check,
  connectProbe,
  describeValue,
  fail,
  failExplainingCrash,
  gradedExercise,
  learnerCrash,
  onCleanup,
  readRemote,
  RemoteThrow,
  type Remote,
  sleep,
  startWireTap,
  within,
  type ProbeSocket,
} from '../../../harness';
import type * as ServerModule from '../../../../solutions/01-websocket-lifecycle/server';

const ex = gradedExercise('01');

/** Reads `read()` until `done` holds or `ms` pass; the last value read. */
async function eventuallyValue(read: () => Promise<unknown>, done: (value: unknown) => boolean, ms: number): Promise<unknown> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(20);
    value = await read();
  }
  return value;
}

type Server = Remote<ServerModule.GreetingServer>;

async function startServer(): Promise<Server> {
  const { startGreetingServer } = await ex.load<typeof ServerModule>('server.ts', ['startGreetingServer']);
  const server = await call('startGreetingServer(0)', () => startGreetingServer(0));
  onCleanup(() => server.close());
  check(
    Number.isInteger(server.port) && server.port > 0,
    `startGreetingServer(0) resolved with port ${describeValue(server.port)}; it should be the port the OS chose (wss.address().port, read after 'listening')`,
  );
  return server;
}

const urlOf = (server: Server): string => `ws://127.0.0.1:${server.port}`;

async function greetingReply(client: ProbeSocket, sent: string): Promise<string> {
  client.send(sent);
  const frame = await client.nextMessage(1000, `the server never replied within 1000 ms after the client sent '${sent}'`);
  return frame.text;
}

ex.test('server-listens', async () => {
  const server = await startServer();
  await connectProbe(urlOf(server));
});

ex.test('server-accepts', async () => {
  const server = await startServer();
  const client = await connectProbe(urlOf(server));
  check(client.isOpen, 'the client connected but is not OPEN');
  const early = await client.messages.quietFor(100);
  check(early.length === 0, `the server sent ${describeValue(early[0]?.text)} before the client said anything`);
  check(client.isOpen, 'the server closed the connection right after accepting it');
});

ex.test('server-reads-text', async () => {
  const server = await startServer();
  const client = await connectProbe(urlOf(server));
  const lastReceived = (): Promise<unknown> => readRemote(server, 'lastReceived');
  const before = await lastReceived();
  check(before === null, `server.lastReceived should be null before any message, not ${describeValue(before)}`);
  client.send('Hello Server');
  let seen = await eventuallyValue(lastReceived, (v) => v !== null, 1000);
  if (seen === null && !client.isOpen) {
    // What the wait ended on: the likeliest cause is the closed connection, not the variable.
    const { code } = await client.closed;
    fail(`the server closed the connection (code ${code}) after the client sent 'Hello Server', and server.lastReceived stayed null: store the text and keep the socket open`);
  }
  check(seen !== null, "server.lastReceived was still null 1000 ms after the client sent 'Hello Server', and the connection is still open: set it in the socket's 'message' handler");
  check(typeof seen === 'string', `server.lastReceived is ${describeValue(seen)}: ws hands messages over as Buffers, turn it into text`);
  check(seen === 'Hello Server', `server.lastReceived is ${describeValue(seen)}, expected 'Hello Server'`);
  client.send('And another thing');
  seen = await eventuallyValue(lastReceived, (v) => v === 'And another thing', 1000);
  check(seen === 'And another thing', `after a second message server.lastReceived is ${describeValue(seen)}: it should hold the last message`);
});

ex.test('server-decides-reply', async () => {
  const server = await startServer();
  const client = await connectProbe(urlOf(server));
  const toGreeting = await greetingReply(client, 'Hello Server');
  check(toGreeting === 'Hello Client', `the server answered 'Hello Server' with ${describeValue(toGreeting)}, expected 'Hello Client'`);
  const toOther = await greetingReply(client, 'What time is it?');
  check(toOther === 'Unknown message', `the server answered 'What time is it?' with ${describeValue(toOther)}, expected 'Unknown message'`);
});

ex.test('server-replies-to-sender', async () => {
  const server = await startServer();
  const speaker = await connectProbe(urlOf(server));
  const bystander = await connectProbe(urlOf(server));
  speaker.send('Hello Server');
  const frame = await speaker.nextMessage(1000, "the server never replied within 1000 ms after the client sent 'Hello Server'");
  check(!frame.isBinary, 'the reply arrived as a binary frame: send a string, not a Buffer, to send text');
  check(frame.text === 'Hello Client', `the reply was ${describeValue(frame.text)}, expected 'Hello Client'`);
  const overheard = await bystander.messages.quietFor(200);
  check(overheard.length === 0, 'a second connected client also received the reply: answer only the socket that sent the message');
});

ex.test('server-stays-open', async () => {
  const server = await startServer();
  const client = await connectProbe(urlOf(server));
  await greetingReply(client, 'Hello Server');
  await client.messages.quietFor(300);
  check(client.isOpen, 'the server closed the connection after replying: it should stay open for more messages');
  const second = await greetingReply(client, 'Hello Server');
  check(second === 'Hello Client', `the second greeting was answered with ${describeValue(second)}, expected 'Hello Client'`);
});

ex.test('server-close-going-away', async () => {
  const server = await startServer();
  const client = await connectProbe(urlOf(server));
  await call('server.close()', () => server.close());
  const { code } = await client.closedWithin(1000, 'server.close() resolved but the connected client was not closed within 1000 ms');
  check(code === 1001, `the client was closed with ${code}, expected 1001 (Going Away)`);
  const refused = await within(
    1000,
    connectProbe(urlOf(server)).then(
      () => false,
      () => true,
    ),
    'after server.close() a new connection attempt neither succeeded nor failed within 1000 ms',
  );
  check(refused, 'after server.close() the server still accepted a new connection');
});

ex.test('server-rejects-taken-port', async () => {
  const { startGreetingServer } = await ex.load<typeof ServerModule>('server.ts', ['startGreetingServer']);
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
  const { port } = squatter.address() as AddressInfo;
  const crashed = (): never =>
    failExplainingCrash(`startGreetingServer(${port}) on a taken port crashed: ${learnerCrash() ?? 'its process ended'}. Listen for the server's 'error' event and reject`);
  const outcome = await within(
    1000,
    Promise.resolve()
      .then(() => startGreetingServer(port))
      .then(
        (server) => (onCleanup(() => server.close()), 'resolved' as const),
        (error: unknown) => (error instanceof RemoteThrow ? ('rejected' as const) : crashed()),
      ),
    `startGreetingServer(${port}) neither resolved nor rejected within 1000 ms although the port was taken`,
    true,
  ).catch((error: unknown) => {
    if (learnerCrash()) crashed();
    throw error;
  });
  check(outcome === 'rejected', `startGreetingServer(${port}) resolved although port ${port} was taken: reject when the server emits 'error'`);
  // Rejecting is only right when something is wrong: on a free port it must work.
  await startServer();
});

ex.test('server-survives-bad-frame', async () => {
  const server = await startServer();
  const subject = await ex.subject();
  const tap = await startWireTap(server.port);
  // A client frame must be masked (RFC 6455 §5.1); this one is not, so ws reports an 'error' on that socket.
  const raw = connect(tap.port, '127.0.0.1');
  onCleanup(() => {
    raw.destroy();
  });
  raw.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await within(1000, new Promise((resolve) => raw.once('data', resolve)), 'the server did not answer a WebSocket handshake within 1000 ms');
  raw.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
  await sleep(200);
  const crashed = (): void => {
    const crash = learnerCrash();
    // An exception nothing caught is the missing 'error' listener; any other end (process.exit) is reported as itself.
    if (crash !== null && subject.crashed) failExplainingCrash(`a client sent a broken frame and the server crashed (${crash}): give every socket an 'error' listener`);
    check(crash === null, `the server's process ended after a client sent a broken frame: ${crash}`);
  };
  crashed();
  const other = await connectProbe(urlOf(server));
  try {
    const reply = await greetingReply(other, 'Hello Server');
    check(reply === 'Hello Client', `after a broken frame from one client, another client got ${describeValue(reply)}, expected 'Hello Client'`);
  } finally {
    crashed();
  }
});
