/**
 * The index route on a page: the learner's route (and its hook) runs in the
 * subject's jsdom page, its socket reaches this test's page server, and the
 * verdict is the text the page shows as the server opens, speaks and closes.
 */
import { vi } from 'vitest';
import { check, describeValue, gradedExercise, within } from '../../../harness';
import { openPage, PAGE_TEST_TIMEOUT_MS, type PageConnection } from '../../../harness/page';
import { PAGE_URL, pageFile, quotedText, ROUTE_FILE, SOCKET_URL } from './support';

// The first test waits for a subject that has loaded jsdom and React: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS });

const ex = gradedExercise('03', { page: true });

ex.test('route-shows-state', async () => {
  await ex.load(ROUTE_FILE, ['default']);
  const { page, server } = await openPage(await ex.subject(), { what: 'the index route' });
  await page.mountComponent(pageFile(ex, ROUTE_FILE), { what: 'the index route' });
  await page.waitFor(
    () => server.connections.seen.length > 0,
    1000,
    (seen) => `the index route was rendered, but within 1000 ms it did not connect to /ws: call useWebSocket() in it (the page reads ${quotedText(seen)})`,
  );
  const connection = server.connections.seen[0] as PageConnection;
  check(connection.url === SOCKET_URL, `the index route connected to ${describeValue(connection.url)}, expected ${SOCKET_URL} (the page is at ${PAGE_URL})`);
  await page.waitFor(
    (seen) => /\bopen\b/i.test(seen.text),
    1000,
    (seen) => `the connection is open, but the page does not say so: it reads ${quotedText(seen)}. Show the hook's state word ('open')`,
  );
  connection.send('{"type":"welcome"}');
  await page.waitFor(
    (seen) => /welcome/.test(seen.text),
    500,
    (seen) => `the server sent {"type":"welcome"}, but the page does not show it: it reads ${quotedText(seen)}. Show lastMessage's text`,
  );
  connection.close(1001, 'Server shutting down');
  await within(1000, connection.closed, 'the server closed the connection, but the close handshake did not end within 1000 ms');
  await page.waitFor(
    (seen) => /\bclosed\b/i.test(seen.text),
    500,
    (seen) => `the server closed the connection, but the page does not say 'closed': it reads ${quotedText(seen)}`,
  );
});
