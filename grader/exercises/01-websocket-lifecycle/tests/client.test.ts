import {
  call,
  check,
  describeError,
  describeValue,
  gradedExercise,
  sleep,
  startProbeServer,
  within,
  GradeFailure,
  type ProbeConnection,
  type ProbeServer,
} from '../../../harness';
import type * as ClientModule from '../../../../solutions/01-websocket-lifecycle/client';

const ex = gradedExercise('01');

const loadGreet = async (): Promise<typeof ClientModule.greet> =>
  (await ex.load<typeof ClientModule>('client.ts', ['greet'])).greet;

/** Starts greet() without awaiting it; its outcome is kept for the test to inspect. */
function startGreet(greet: typeof ClientModule.greet, url: string) {
  const outcome: { settled: boolean; value?: unknown; error?: unknown } = { settled: false };
  const promise = call(`greet('${url}')`, () => greet(url), 2000).then(
    (value) => Object.assign(outcome, { settled: true, value }),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  );
  return { outcome, promise };
}

type GreetRun = ReturnType<typeof startGreet>;

/** The connection greet() opened, or a failure that says what greet() did instead. */
function connectionFrom(server: ProbeServer, run: GreetRun, ms: number): Promise<ProbeConnection> {
  return Promise.race([
    server.nextConnection(ms, `greet() did not connect to the server within ${ms} ms`),
    run.promise.then(() => {
      if (run.outcome.error) throw run.outcome.error;
      throw new GradeFailure(`greet() resolved with ${describeValue(run.outcome.value)} without connecting to the server`);
    }),
  ]);
}

/** greet() started against a fresh probe server, up to the greeting it sent. */
async function greetingArrived() {
  const greet = await loadGreet();
  const server = await startProbeServer();
  const run = startGreet(greet, server.url());
  const connection = await connectionFrom(server, run, 1000);
  await firstMessage(connection);
  return { run, connection };
}

async function firstMessage(connection: ProbeConnection) {
  return connection.nextMessage(1000, "the client opened the connection but sent nothing within 1000 ms (expected 'Hello Server')");
}

ex.test('client-connects-to-url', async () => {
  const greet = await loadGreet();
  const server = await startProbeServer();
  const url = server.url('/greet?room=lobby');
  const connection = await connectionFrom(server, startGreet(greet, url), 1000);
  check(connection.path === '/greet?room=lobby', `the client asked for ${describeValue(connection.path)}, expected '/greet?room=lobby'`);
});

ex.test('client-rejects-refused', async () => {
  const greet = await loadGreet();
  const server = await startProbeServer({ refuseWithStatus: 403 });
  const url = server.url('/greet');
  const { outcome, promise } = startGreet(greet, url);
  await Promise.race([
    server.upgradeRequests.next(1000, `greet('${url}') never tried to connect within 1000 ms`),
    promise.then(() => {
      if (!outcome.error) return;
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      throw new GradeFailure(`${message}, without trying to connect`);
    }),
  ]);
  await within(1000, promise, `the server refused the handshake with 403, but greet() neither resolved nor rejected within 1000 ms`);
  check(
    outcome.error !== undefined,
    `greet() resolved with ${describeValue(outcome.value)} although the server refused the handshake; it should reject`,
  );
});

ex.test('client-waits-for-open', async () => {
  const greet = await loadGreet();
  const server = await startProbeServer({ acceptDelayMs: 300 });
  const run = startGreet(greet, server.url());
  const { outcome } = run;
  const connection = await connectionFrom(server, run, 1500);
  const frame = await firstMessage(connection);
  check(frame.text === 'Hello Server', `the first message was ${describeValue(frame.text)}, expected 'Hello Server'`);
  check(
    !outcome.error,
    `greet() failed while the server was still accepting: ${outcome.error ? describeError(outcome.error) : ''} (send only after 'open')`,
  );
});

ex.test('client-sends-greeting', async () => {
  const greet = await loadGreet();
  const server = await startProbeServer();
  const connection = await connectionFrom(server, startGreet(greet, server.url()), 1000);
  const frame = await firstMessage(connection);
  check(!frame.isBinary, 'the greeting arrived as a binary frame: send the string itself');
  check(frame.text === 'Hello Server', `the client sent ${describeValue(frame.text)}, expected 'Hello Server'`);
  const more = await connection.messages.quietFor(200);
  check(more.length === 0, `the client sent ${more.length} more message(s) after the greeting: send it once`);
});

ex.test('client-resolves-reply', async () => {
  const { run, connection } = await greetingArrived();
  const { outcome, promise } = run;
  const reply = 'Hi from the test server';
  connection.send(reply);
  connection.send('and a second message');
  await promise;
  if (outcome.error) throw outcome.error;
  check(typeof outcome.value === 'string', `greet() resolved with ${describeValue(outcome.value)}, expected the reply as a string`);
  check(outcome.value === reply, `greet() resolved with ${describeValue(outcome.value)}, expected the server's first reply '${reply}'`);
});

ex.test('client-closes-normally', async () => {
  const { run, connection } = await greetingArrived();
  const { outcome, promise } = run;
  let serverStateWhenResolved = -1;
  void promise.then(() => (serverStateWhenResolved = connection.socket.readyState));
  connection.send('Hello Client');
  const { code } = await connection.closedWithin(1000, 'the client received the reply but did not close the connection within 1000 ms');
  check(code === 1000, `the client closed with ${code}, expected 1000 (Normal Closure)`);
  await within(1000, promise, 'the client closed the connection but greet() had not settled 1000 ms later');
  if (outcome.error) throw outcome.error;
  await sleep(0);
  check(
    serverStateWhenResolved !== 1,
    "greet() resolved before the close handshake had started: resolve in the socket's 'close' handler",
  );
});

ex.test('client-rejects-without-reply', async () => {
  const { run, connection } = await greetingArrived();
  connection.socket.close(1000, 'No reply for you');
  await within(1000, run.promise, 'the server closed the connection without replying, and greet() had not settled 1000 ms later');
  check(
    run.outcome.error !== undefined,
    `greet() resolved with ${describeValue(run.outcome.value)} although the server closed without replying; it should reject`,
  );
});
