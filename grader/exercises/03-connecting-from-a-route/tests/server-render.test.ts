/**
 * Remix renders every route on the server first (node, no DOM), then the browser
 * hydrates it. Rendering must not touch WebSocket or window there. The render
 * runs in the subject (renderToString, no window, no document); a WebSocket it
 * constructs connects to this test's page server, which is how the test sees it.
 */
import { vi } from 'vitest';
import { check, describeError, fail, gradedExercise, sleep } from '../../../harness';
import { PAGE_TEST_TIMEOUT_MS, renderOnServer, startPageServer, type PageServer } from '../../../harness/page';
import { HOOK_FILE, pageFile, ROUTE_FILE } from './support';

// The first test waits for a subject that has loaded jsdom and React: more than Vitest's default 5 s.
vi.setConfig({ testTimeout: PAGE_TEST_TIMEOUT_MS });

const ex = gradedExercise('03', { page: true });

/** How long a socket constructed during the render may take to reach the server. */
const REACH_MS = 300;

async function renderedOnServer(server: { server: PageServer; port: number }, options: { file: string; hook?: string; what: string }): Promise<string> {
  const { what } = options;
  const before = server.server.sockets.length;
  const render = await renderOnServer(await ex.subject(), server, { ...options, file: pageFile(ex, options.file) });
  // A socket constructed during the render connects on its own time: wait for it before judging.
  const deadline = Date.now() + REACH_MS;
  while (server.server.sockets.length === before && Date.now() < deadline) await sleep(10);
  const attempts = server.server.sockets.slice(before).map((s) => s.url);
  if (render.thrown) {
    if (attempts.length > 0) {
      fail(
        `rendering ${what} on the server constructed a WebSocket (to ${attempts[0]}): a render runs on the server too, ` +
          'where there is no socket to open. Create it inside useEffect, which runs only in the browser',
      );
    }
    const noWindow = render.thrown.name === 'ReferenceError' && /window|document|location/.test(render.thrown.message);
    fail(
      `rendering ${what} on the server threw ${describeError(render.thrown)}` +
        (noWindow ? ': the server has no window; read window.location inside useEffect, not during render' : ''),
    );
  }
  check(attempts.length === 0, `rendering ${what} on the server constructed a WebSocket (to ${attempts[0]}): create it inside useEffect`);
  return render.html ?? '';
}

ex.test('ssr-no-socket', async () => {
  await ex.load(HOOK_FILE, ['useWebSocket']);
  await ex.load(ROUTE_FILE, ['default']);
  const server = await startPageServer();
  await renderedOnServer(server, { file: HOOK_FILE, hook: 'useWebSocket', what: 'a component that calls useWebSocket()' });
  const html = await renderedOnServer(server, { file: ROUTE_FILE, what: 'the index route' });
  check(/Real-time Remix chat/.test(html), 'the index route rendered on the server without its heading, Real-time Remix chat');
});
