import { call, check, describeValue, expectSteps, gradedExercise, greetingRoundTrip, onCleanup, startWireTap } from '../../../harness';
import type * as ClientModule from '../../../../solutions/01-websocket-lifecycle/client';
import type * as ServerModule from '../../../../solutions/01-websocket-lifecycle/server';

const ex = gradedExercise('01');

// The seed lesson's whole run: the learner's client talks to the learner's server.
ex.test('lifecycle-end-to-end', async () => {
  expectSteps(greetingRoundTrip('Hello Server', 'Hello Client', 'client', 1000));
  const { startGreetingServer } = await ex.load<typeof ServerModule>('server.ts', ['startGreetingServer']);
  const { greet } = await ex.load<typeof ClientModule>('client.ts', ['greet']);
  const server = await call('startGreetingServer(0)', () => startGreetingServer(0));
  onCleanup(() => server.close());
  const tap = await startWireTap(server.port);

  const reply = await call(`greet('${tap.url()}') against startGreetingServer()`, () => greet(tap.url()), 2000);
  check(reply === 'Hello Client', `greet() against your server resolved with ${describeValue(reply)}, expected 'Hello Client'`);
  const ended = await tap.allEnded(1000);
  check(ended, 'greet() resolved, but the connection had not ended 1000 ms later');
  const [close] = tap.closes();
  check(close?.by === 'client' && close.code === 1000, `the connection was closed by the ${close?.by ?? 'nobody'} with ${close?.code ?? 'no code'}, expected the client with 1000`);
});
