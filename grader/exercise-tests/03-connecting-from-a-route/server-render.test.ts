/**
 * Remix renders every route on the server first (node, no DOM), then the browser
 * hydrates it. Rendering must not touch WebSocket or window there.
 */
import { createElement, type FunctionComponent } from 'react';
import { renderToString } from 'react-dom/server';
import { check, describeError, fail, gradedExercise, onCleanup } from '../../harness';
import { addStep } from '../../harness/recorder';
import { NOT_OBSERVED } from '../../trace/types';
import type * as HookModule from '../../../solutions/03-connecting-from-a-route/app/hooks/useWebSocket';

const ex = gradedExercise('03');

/** Puts a WebSocket in the global scope that records and refuses any attempt to connect. */
function refuseSockets(): string[] {
  const attempts: string[] = [];
  const scope = globalThis as { WebSocket?: unknown };
  const previous = scope.WebSocket;
  scope.WebSocket = class ServerRenderWebSocket {
    constructor(url: unknown) {
      attempts.push(String(url));
      addStep({
        kind: 'connect',
        actor: 'client',
        stage: 'connect',
        connection: attempts.length,
        client: NOT_OBSERVED,
        server: 'not listening',
        action: `Client creates WebSocket connection to ${String(url)}, during the server render`,
        message: null,
        result: 'Refused: a server render must not connect',
      });
      throw new Error('new WebSocket() was called during a server render');
    }
  };
  onCleanup(() => {
    scope.WebSocket = previous;
  });
  return attempts;
}

function renderOnServer(component: FunctionComponent, what: string, attempts: string[]): string {
  let html = '';
  try {
    html = renderToString(createElement(component));
  } catch (error) {
    if (attempts.length > 0) {
      fail(
        `rendering ${what} on the server constructed a WebSocket (to ${attempts[0]}): a render runs on the server too, ` +
          'where there is no socket to open. Create it inside useEffect, which runs only in the browser',
      );
    }
    const noWindow = error instanceof ReferenceError && /window|document|location/.test(error.message);
    fail(
      `rendering ${what} on the server threw ${describeError(error)}` +
        (noWindow ? ': the server has no window; read window.location inside useEffect, not during render' : ''),
    );
  }
  check(attempts.length === 0, `rendering ${what} on the server constructed a WebSocket (to ${attempts[0]}): create it inside useEffect`);
  return html;
}

ex.test('ssr-no-socket', async () => {
  const { useWebSocket } = await ex.load<typeof HookModule>('app/hooks/useWebSocket.ts', ['useWebSocket']);
  const route = await ex.load<{ default: FunctionComponent }>('app/routes/_index.tsx', ['default']);
  check(typeof (globalThis as { window?: unknown }).window === 'undefined', 'this test must run without a DOM');
  const attempts = refuseSockets();

  const Probe: FunctionComponent = () => {
    const { state } = useWebSocket();
    return createElement('p', null, String(state));
  };
  renderOnServer(Probe, 'a component that calls useWebSocket()', attempts);
  const html = renderOnServer(route.default, 'the index route', attempts);
  check(/Real-time Remix chat/.test(html), 'the index route rendered on the server without its heading, Real-time Remix chat');
});
