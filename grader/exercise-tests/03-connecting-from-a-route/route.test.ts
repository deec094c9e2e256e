// @vitest-environment jsdom
import type { FunctionComponent } from 'react';
import { describeValue, fail, gradedExercise, sleep, startMockServer } from '../../harness';
import { renderPage, SOCKET_URL, watchCrashes } from './support';

const ex = gradedExercise('03');

ex.test('route-shows-state', async () => {
  const route = await ex.load<{ default: FunctionComponent }>('app/routes/_index.tsx', ['default']);
  const crashes = watchCrashes();
  const server = startMockServer(SOCKET_URL);
  const page = renderPage(route.default, [], crashes, { what: 'the index route' });
  const shows = (pattern: RegExp): boolean => pattern.test(page.text());
  const quoted = (): string => describeValue(page.text().replace(/\s+/g, ' ').trim());

  const deadline = Date.now() + 1000;
  while (server.connections.seen.length === 0) {
    page.checkNoCrash('while the page connected');
    if (Date.now() >= deadline) fail('the index route was rendered, but within 1000 ms it did not connect to /ws: call useWebSocket() in it');
    await sleep(5);
  }
  const connection = server.connections.seen[0];
  await page.waitFor(
    () => shows(/\bopen\b/i),
    1000,
    `the connection is open, but the page does not say so: it reads ${quoted()}. Show the hook's state word ('open')`,
  );
  connection?.send('{"type":"welcome"}');
  await page.waitFor(
    () => shows(/welcome/),
    500,
    `the server sent {"type":"welcome"}, but the page does not show it: it reads ${quoted()}. Show lastMessage's text`,
  );
  connection?.close(1001, 'Server shutting down');
  await page.waitFor(
    () => shows(/\bclosed\b/i),
    500,
    `the server closed the connection, but the page does not say 'closed': it reads ${quoted()}`,
  );
});
