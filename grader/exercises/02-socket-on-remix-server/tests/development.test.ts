import { vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  check,
  connectProbe,
  describeValue,
  eventually,
  gradedExercise,
  failExplainingCrash,
  learnerCrash,
  sleep,
  within,
  type ProbeSocket,
} from '../../../harness';
import {
  CLOSE_MS,
  connectHeldClient,
  connectHmr,
  httpGet,
  parseJson,
  rawHandshake,
  reachedThroughWss,
  failIfResolvedWhileHeld,
  settle,
  startClosing,
  startServer,
  TEST_TIMEOUT_MS,
  wsUrl,
  type AppServer,
  type HmrClient,
} from './support';

// Every test starts a Vite dev server, and the first loads Vite into its subject: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS });

const ex = gradedExercise('02');

const startDev = (): Promise<AppServer> => startServer(ex, { mode: 'development' });

const HEADING = /<h1[^>]*>\s*Real-time Remix chat\s*<\/h1>/;

async function welcomed(client: ProbeSocket, who: string): Promise<void> {
  const frame = await client.nextMessage(
    1000,
    `${who} connected to /ws but received nothing within 1000 ms: emit 'connection' on wss in handleUpgrade's callback, ` +
      `and send {"type":"welcome"} in the 'connection' handler`,
  );
  check(!frame.isBinary, `${who} received the welcome as a binary frame: send a string, JSON.stringify({ type: 'welcome' })`);
  const message = parseJson(frame.text, `the first frame ${who} received`);
  check(
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'welcome',
    `the first frame ${who} received was ${describeValue(frame.text)}, expected {"type":"welcome"}`,
  );
}

ex.test('dev-serves-page', async () => {
  const server = await startDev();
  check(
    server.url === `http://127.0.0.1:${server.port}`,
    `server.url is ${describeValue(server.url)}, expected 'http://127.0.0.1:${server.port}'`,
  );
  const page = await httpGet(server.port, '/');
  check(
    page.status === 200,
    `GET / in development answered ${page.status}, expected 200 with the Remix page${page.body ? `: ${describeValue(page.body.trim().split('\n')[0])}` : ''}`,
  );
  check(
    String(page.headers['content-type']).startsWith('text/html'),
    `GET / answered with content-type ${describeValue(page.headers['content-type'])}, expected text/html`,
  );
  check(HEADING.test(page.body), "the page GET / returned has no <h1>Real-time Remix chat</h1>: is the Remix request handler serving app/routes/_index.tsx?");
  await settle(ex);
});

ex.test('dev-leaves-hmr-alone', async () => {
  const server = await startDev();
  const hmr = await connectHmr(server.port);
  const greeted = await eventually(() => hmr.messages.length > 0 || hmr.ended !== null, 1000);
  check(
    greeted && hmr.messages.length > 0,
    `Vite's HMR client connected, but ${hmr.ended ?? 'received nothing within 1000 ms'} (Vite greets it with {"type":"connected"}): ` +
      'in development, leave upgrade requests for paths other than /ws alone',
  );
  const first = parseJson(hmr.messages[0] ?? '', "the first message Vite's HMR client received") as { type?: unknown };
  check(first?.type === 'connected', `Vite's HMR client first received ${describeValue(hmr.messages[0])}, expected Vite's {"type":"connected"}`);
  await sleep(300);
  check(
    hmr.ended === null && hmr.socket.readyState === WebSocket.OPEN,
    `Vite's HMR socket connected, but within 300 ms ${hmr.ended ?? 'it stopped being OPEN'}. Something besides Vite answered or ` +
      'destroyed its upgrade request: in development, do nothing with upgrades for paths other than /ws',
  );
});

ex.test('ws-welcome', async () => {
  const server = await startDev();
  const first = await connectProbe(wsUrl(server, '/ws'));
  await welcomed(first, 'a client');
  const more = await first.messages.quietFor(200);
  check(more.length === 0, `after the welcome the server sent ${more.length} more frame(s) unprompted: send the welcome once`);
  check(first.isOpen, 'the server closed the /ws connection after the welcome: leave it open');

  const second = await connectProbe(wsUrl(server, '/ws'));
  await welcomed(second, 'a second client');
  const reached = await reachedThroughWss(ex, server, [first, second], 500);
  check(
    reached === 2,
    `with two clients connected to /ws, a ping sent to every socket in server.wss.clients reached ${reached} of them within 500 ms: ` +
      'hand /ws upgrades to the WebSocketServer that startAppServer() returns',
  );
});

ex.test('ws-error-listener', async () => {
  const server = await startDev();
  const client = await connectProbe(wsUrl(server, '/ws'));
  const tracked = (await reachedThroughWss(ex, server, [client], 1000)) === 1;
  check(
    tracked,
    'a client connected to /ws, but a ping sent to every socket in server.wss.clients did not reach it within 1000 ms: ' +
      'hand /ws upgrades to the WebSocketServer that startAppServer() returns',
  );

  // A client frame must be masked (RFC 6455 §5.1): an unmasked one makes the server's socket emit 'error',
  // and an 'error' event nobody listens to is thrown where nothing catches it, which ends the server's process.
  const broken = await rawHandshake(server.port, '/ws');
  check(broken.kind === 'answered' && broken.status === 101, 'a second upgrade request for /ws was not accepted');
  broken.socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
  await sleep(200);
  if (!client.isOpen) await eventually(() => learnerCrash() !== null, 500);
  const crash = learnerCrash();
  if (crash !== null) {
    failExplainingCrash(
      `a client sent a broken (unmasked) frame to /ws, and then ${crash}: add ws.on('error', …) in the 'connection' handler ` +
        "(an 'error' event nobody listens to ends the whole process)",
    );
  }

  check(client.isOpen, 'after another client sent a broken frame, the first client was disconnected too: only the broken connection should end');
  const after = await connectProbe(wsUrl(server, '/ws'));
  await welcomed(after, 'a client connecting after the broken frame');
});

ex.test('close-going-away', async () => {
  const server = await startDev();
  const clients = [await connectProbe(wsUrl(server, '/ws')), await connectProbe(wsUrl(server, '/ws'))];
  // A third /ws client answers the close frame only when the test says so. Connected last, so that a close()
  // closing the clients one after another reaches the other two first.
  const held = await connectHeldClient(server.port);
  // Vite's own socket must close too; whether it can connect at all is dev-leaves-hmr-alone's business.
  const hmr: HmrClient | null = await connectHmr(server.port).catch(() => null);

  const closing = startClosing(ex, server, () => clients.filter((client) => client.isOpen).length);
  const notClosed = (plural: boolean): string =>
    `close() did not close the connected /ws client${plural ? 's' : ''} within 2000 ms: close each client in wss.clients ` +
    'with 1001 yourself (wss.close() leaves open connections alone)';
  for (const [index, client] of clients.entries()) {
    const { code, reason } = await client.closedWithin(2000, notClosed(index > 0));
    check(code === 1001, `close() closed a /ws client with ${code}${reason ? ` '${reason}'` : ''}, expected 1001 (Going Away)`);
  }
  check(await eventually(() => held.closeFrame !== null || held.ended, 2000), notClosed(true));
  const frame = held.closeFrame;
  check(frame !== null, 'close() dropped a /ws client without a close frame, expected a close frame with 1001 (Going Away)');
  check(frame.code === 1001, `close() closed a /ws client with ${frame.code ?? 'no code'}${frame.reason ? ` '${frame.reason}'` : ''}, expected 1001 (Going Away)`);

  // That client has not answered, so its connection is open: a close() that waits for every connection cannot have resolved.
  await failIfResolvedWhileHeld(ex, server, closing, held, { where: '', what: 'close()', hmrOpen: () => hmr !== null && hmr.ended === null, viteWatchers: true });

  held.answer();
  await within(
    CLOSE_MS,
    closing.promise,
    `close() closed the /ws clients but had not resolved ${CLOSE_MS} ms after the last one answered: ` +
      (hmr ? "close Vite too (await vite.close()): its HMR socket keeps the HTTP server's close() waiting" : 'resolve once the HTTP server has closed'),
  );
  if (closing.outcome.error) throw closing.outcome.error;
  if (hmr) {
    // Vite drops its HMR socket without a close frame: the test sees it a moment after close() resolved, not in the same tick.
    const ended = await eventually(() => hmr.ended !== null, 500);
    check(ended, "close() resolved, but Vite's HMR socket was still open 500 ms later: close Vite (await vite.close())");
  }
});

ex.test('close-stops-listening', async () => {
  const server = await startDev();
  const closing = startClosing(ex, server, () => null);
  await within(CLOSE_MS, closing.promise, `close() had not resolved ${CLOSE_MS} ms after it was called, with no client connected`);
  if (closing.outcome.error) throw closing.outcome.error;
  const refused = await closing.outcome.refused;
  check(
    refused !== false,
    `when close() resolved, port ${server.port} still accepted a connection: close the HTTP server (httpServer.close()) and resolve in its callback`,
  );
  check(refused === true, `a TCP connection to port ${server.port}, tried when close() resolved, was neither accepted nor refused within 1000 ms`);
});
