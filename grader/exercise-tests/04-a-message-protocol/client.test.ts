// @vitest-environment jsdom
import { isDeepStrictEqual } from 'node:util';
import {
  check,
  describeError,
  describeValue,
  fail,
  gradedExercise,
  sleep,
  startMockServer,
  type MockConnection,
  type MockFrame,
  type MockServer,
} from '../../harness';
import type * as HookModule from '../../../solutions/04-a-message-protocol/app/hooks/useWebSocket';
import { createElement, useEffect, type FunctionComponent } from 'react';
import { renderHookPage, renderPage, SOCKET_URL, watchCrashes, type Page } from '../03-connecting-from-a-route/support';

const ex = gradedExercise('04');

type Status = HookModule.WebSocketStatus;

async function renderHook(): Promise<{ server: MockServer; page: Page<Status> }> {
  const { useWebSocket } = await ex.load<typeof HookModule>('app/hooks/useWebSocket.ts', ['useWebSocket']);
  const crashes = watchCrashes();
  const server = startMockServer(SOCKET_URL);
  const page = renderHookPage(() => useWebSocket(), crashes);
  return { server, page };
}

/**
 * Renders a page whose child component sends `text` from its own effect on
 * mount. React runs a child's effects before its parent's, so that send()
 * comes before the hook's effect has even constructed the socket.
 */
async function renderWithChildSending(text: string): Promise<{ server: MockServer; page: Page<Status>; childError: () => unknown }> {
  const { useWebSocket } = await ex.load<typeof HookModule>('app/hooks/useWebSocket.ts', ['useWebSocket']);
  const crashes = watchCrashes();
  const server = startMockServer(SOCKET_URL);
  const values: Status[] = [];
  let childError: unknown = null;
  const Child: FunctionComponent<{ send: Status['send'] }> = ({ send: sendMessage }) => {
    useEffect(() => {
      try {
        sendMessage({ type: 'chat', text });
      } catch (error) {
        childError = error;
      }
    }, []); // once, on mount
    return null;
  };
  const Parent: FunctionComponent = () => {
    const status = useWebSocket();
    values.push(status);
    return createElement(Child, { send: status.send });
  };
  const page = renderPage(Parent, values, crashes, { what: 'a component that calls useWebSocket() and renders a child' });
  return { server, page, childError: () => childError };
}

async function opened(server: MockServer, page: Page<Status>): Promise<MockConnection> {
  await page.waitFor(() => server.connections.seen.length > 0, 1000, `the hook did not connect to ${SOCKET_URL} within 1000 ms`);
  return server.connections.seen[0] as MockConnection;
}

/** Calls the latest send() the hook returned; a throw fails the test saying so. */
function send(page: Page<Status>, text: string, when: string): void {
  const { send: sendMessage } = page.latest();
  if (typeof sendMessage !== 'function') fail(`useWebSocket() returned send: ${describeValue(sendMessage)}, expected a function`);
  try {
    sendMessage({ type: 'chat', text });
  } catch (error) {
    fail(
      `send({ type: 'chat', text: '${text}' }) ${when} threw ${describeError(error)}` +
        (/CONNECTING/.test(String(error)) ? ': socket.send() throws until the socket is OPEN, so queue the message and send it on open' : ''),
    );
  }
}

/** Checks that `frame` is the JSON text of a chat with `text`. */
function checkFrame(frame: MockFrame, text: string): void {
  check(
    frame.isString,
    `the hook passed ${describeValue(frame.raw)} to socket.send(), not a string: a WebSocket sends text as a string, so send ` +
      `encode(message) (JSON.stringify), never the object (a browser would send the text ${describeValue(frame.text)})`,
  );
  let json: unknown;
  try {
    json = JSON.parse(frame.text);
  } catch {
    fail(`the hook sent ${describeValue(frame.text)}, which is not JSON: send encode(message)`);
  }
  check(
    isDeepStrictEqual(json, { type: 'chat', text }),
    `the hook sent ${describeValue(frame.text)}, expected the JSON text of { type: 'chat', text: '${text}' }`,
  );
}

async function frames(connection: MockConnection, page: Page<Status>, count: number, failure: string): Promise<readonly MockFrame[]> {
  await page.waitFor(() => connection.received.seen.length >= count, 1000, failure);
  return connection.received.seen;
}

const chatFrame = (id: string, text: string): string => JSON.stringify({ type: 'chat', id, from: 'user-b', text, at: 1767225600000 });

ex.test('send-json-text', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(() => connection.isOpen && page.latest().state === 'open', 1000, "the connection never opened, or state never became 'open'");
  send(page, 'hello', 'once the socket was open');
  const [frame] = await frames(connection, page, 1, "send({ type: 'chat', text: 'hello' }) was called on an open socket, but within 1000 ms nothing reached the server");
  checkFrame(frame as MockFrame, 'hello');
  await sleep(50);
  check(connection.received.seen.length === 1, `one send() made ${connection.received.seen.length} frames reach the server, expected exactly one`);
});

ex.test('send-queued-until-open', async () => {
  const { server, page, childError } = await renderWithChildSending('first');
  const thrown = childError();
  if (thrown !== null) {
    fail(
      `a child component called send({ type: 'chat', text: 'first' }) in its effect on mount, which React runs before the hook's ` +
        `own effect, so before the socket exists; send() threw ${describeError(thrown)}: queue the message whether or not there is a socket yet`,
    );
  }
  check(
    server.sockets.every((s) => s.socket.readyState === 0),
    'the socket was already open right after the first render: this test needs it CONNECTING',
  );
  send(page, 'second', 'while the socket was CONNECTING');
  send(page, 'third', 'while the socket was CONNECTING');
  const connection = await opened(server, page);
  const early = await frames(
    connection,
    page,
    3,
    `three messages were sent before the socket opened (one from a child's effect before the socket existed, two while it was CONNECTING), ` +
      `and within 1000 ms of it opening ${connection.received.seen.length} reached the server: queue what is sent before 'open', and send the queue when the socket opens`,
  );
  checkFrame(early[0] as MockFrame, 'first');
  checkFrame(early[1] as MockFrame, 'second');
  checkFrame(early[2] as MockFrame, 'third');
  send(page, 'fourth', 'once the socket was open');
  const all = await frames(connection, page, 4, 'a fourth message, sent after the socket opened, did not reach the server within 1000 ms');
  checkFrame(all[3] as MockFrame, 'fourth');
  await sleep(50);
  check(
    connection.received.seen.length === 4,
    `four messages were sent and ${connection.received.seen.length} frames reached the server: ${connection.received.seen.map((f) => f.text).join(', ')} (each should go out once)`,
  );
});

ex.test('receive-chat-messages', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(() => connection.isOpen, 1000, 'the connection never opened');
  connection.send(JSON.stringify({ type: 'welcome', userId: 'user-a' }));
  connection.send(chatFrame('m1', 'hello'));
  connection.send(chatFrame('m2', 'and hello again'));
  const wanted = [JSON.parse(chatFrame('m1', 'hello')), JSON.parse(chatFrame('m2', 'and hello again'))] as Array<Record<string, unknown>>;
  const matches = (): boolean => {
    const { messages } = page.latest();
    return (
      Array.isArray(messages) &&
      messages.length === wanted.length &&
      messages.every((m, i) => Object.entries(wanted[i] ?? {}).every(([key, value]) => (m as unknown as Record<string, unknown>)[key] === value))
    );
  };
  await page.waitFor(
    matches,
    1000,
    `the server sent a welcome and two chats, but messages is ${describeValue(JSON.stringify(page.latest().messages))}: ` +
      "parse each frame, and add each 'chat' to messages (the welcome is not a chat), in order",
  );
  check(page.latest().userId === 'user-a', `after the welcome {"type":"welcome","userId":"user-a"}, userId is ${describeValue(page.latest().userId)}`);
});

ex.test('receive-ignores-invalid', async () => {
  const { server, page } = await renderHook();
  const connection = await opened(server, page);
  await page.waitFor(() => connection.isOpen && page.latest().state === 'open', 1000, "the connection never opened, or state never became 'open'");
  connection.send(JSON.stringify({ type: 'welcome', userId: 'user-a' }));
  const invalid = ['this is not JSON', '{"type":"dance"}', '{"type":"chat","text":"no id, no sender"}', '[1,2,3]', 'null', '{"type":"chat","id":7,"from":"x","text":"id not a string","at":1}'];
  for (const frame of invalid) {
    connection.send(frame);
    await sleep(10);
    page.checkNoCrash(`after the server sent ${describeValue(frame)}; a frame that is not a ServerMessage must be ignored`);
  }
  connection.sendBinary(new TextEncoder().encode(chatFrame('m8', 'sent as bytes')));
  await sleep(10);
  page.checkNoCrash('after the server sent a binary frame; event.data is then a Blob, not text, and must be ignored');
  const ignoredCount = invalid.length + 1;
  connection.send(chatFrame('m9', 'still here'));
  await page.waitFor(
    () => page.latest().messages?.length === 1 && page.latest().messages[0]?.text === 'still here',
    1000,
    `after ${invalid.length} invalid frames and one valid chat, messages is ${describeValue(JSON.stringify(page.latest().messages))}, ` +
      "expected just the valid chat 'still here': ignore what does not parse as a ServerMessage, keep the rest",
  );
  check(
    page.latest().ignored === ignoredCount,
    `${invalid.length} frames that are not ServerMessages and one binary frame arrived, and ignored is ${describeValue(page.latest().ignored)}, ` +
      `expected ${ignoredCount}: count each frame you ignore (and nothing else) in ignored`,
  );
  check(page.latest().state === 'open', `after the invalid frames state is ${describeValue(page.latest().state)}, expected 'open': ignore bad frames, do not close`);
  check(connection.isOpen, 'the hook closed the connection after invalid frames: ignore them and keep it open');
});
