import { vi } from 'vitest';
import { check, connectProbe, describeValue, eventually, fail, gradedExercise, GradeFailure, within } from '../../../harness';
import { productionBuild } from './build';
import {
  CLOSE_MS,
  connectHeldClient,
  httpGet,
  leftOpenMessage,
  rawHandshake,
  failIfResolvedWhileHeld,
  startClosing,
  startServer,
  TEST_TIMEOUT_MS,
  wsUrl,
  type AppServer,
} from './support';

vi.setConfig({ testTimeout: TEST_TIMEOUT_MS });

const ex = gradedExercise('02');
const buildDirectory = productionBuild(ex);

const startProduction = (): Promise<AppServer> =>
  startServer(ex, { mode: 'production', buildDirectory: buildDirectory() }, "startAppServer({ mode: 'production', buildDirectory })");

ex.test('prod-serves-page', async () => {
  const server = await startProduction();
  const page = await httpGet(server.port, '/');
  check(page.status === 200, `GET / in production answered ${page.status}, expected 200 with the page from the build`);
  check(/<h1[^>]*>\s*Real-time Remix chat\s*<\/h1>/.test(page.body), 'the page GET / returned in production has no <h1>Real-time Remix chat</h1>');
  const script = /["'](\/assets\/[^"']+\.js)["']/.exec(page.body)?.[1];
  check(script, 'the page GET / returned in production links no script under /assets/: is it the production build?');
  const asset = await httpGet(server.port, script);
  check(asset.status === 200, `GET ${script}, a browser script the page links, answered ${asset.status}: serve the files in build/client`);
  check(
    /javascript/.test(String(asset.headers['content-type'])),
    `GET ${script} answered with content-type ${describeValue(asset.headers['content-type'])}, expected JavaScript`,
  );
});

ex.test('prod-refuses-other-paths', async () => {
  const server = await startProduction();
  for (const path of ['/elsewhere', '/wsx']) {
    const outcome = await rawHandshake(server.port, path);
    if (outcome.kind === 'silent') {
      fail(
        `a WebSocket upgrade to ${path} in production was neither refused nor answered within 1000 ms: in production nobody ` +
          'else answers upgrades, so refuse it (an HTTP 404, then destroy the socket)',
      );
    }
    if (outcome.kind === 'answered') {
      check(outcome.status !== 101, `a WebSocket upgrade to ${path} in production was accepted (101 Switching Protocols): only /ws may become a WebSocket`);
      check(
        outcome.status >= 400,
        `a WebSocket upgrade to ${path} in production was answered with ${describeValue(outcome.statusLine)}, expected an HTTP error such as 404`,
      );
    }
  }
  for (const path of ['/ws', '/ws?since=42']) {
    try {
      await connectProbe(wsUrl(server, path));
    } catch (error) {
      if (!(error instanceof GradeFailure)) throw error;
      fail(`${error.message}${path.includes('?') ? ' (a query string does not change the path: compare the pathname with /ws)' : ''}`);
    }
  }
});

ex.test('prod-close', async () => {
  const server = await startProduction();
  const client = await connectProbe(wsUrl(server, '/ws'));
  // A second /ws client answers the close frame only when the test says so (see close-going-away).
  const held = await connectHeldClient(server.port);
  const closing = startClosing(ex, server, () => (client.isOpen ? 1 : 0), 'close() in production');
  const { code } = await client.closedWithin(2000, 'close() in production did not close the connected /ws client within 2000 ms');
  check(code === 1001, `close() in production closed the /ws client with ${code}, expected 1001 (Going Away)`);
  check(
    await eventually(() => held.closeFrame !== null || held.ended, 2000),
    'close() in production did not close the connected /ws clients within 2000 ms: close each client in wss.clients with 1001',
  );
  const frame = held.closeFrame;
  check(frame !== null, 'close() in production dropped a /ws client without a close frame, expected a close frame with 1001 (Going Away)');
  check(frame.code === 1001, `close() in production closed a /ws client with ${frame.code ?? 'no code'}, expected 1001 (Going Away)`);

  // Its connection is open until it answers: a close() that resolved meanwhile did not wait for it.
  await failIfResolvedWhileHeld(ex, server, closing, held, { where: ' in production', what: 'close() in production', hmrOpen: () => false, viteWatchers: false });

  held.answer();
  await within(
    CLOSE_MS,
    closing.promise,
    `close() in production closed the /ws clients but had not resolved ${CLOSE_MS} ms after the last one answered: resolve once the HTTP server has closed`,
  );
  if (closing.outcome.error) throw closing.outcome.error;
  if ((await closing.outcome.refused) === false) {
    fail(leftOpenMessage({ where: ' in production', port: server.port, heldOpen: false, probesOpen: 0, hmrOpen: false, portAccepted: true }));
  }
});
