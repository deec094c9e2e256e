/**
 * The whole app, as a browser without JavaScript meets it: the learner's
 * startAppServer() in development (Vite, as `npm run app -- 06` runs it), in the
 * subject, with a database file of the test's. The test posts the room's form
 * over plain HTTP, reads the HTML the server answers, and listens on /ws with
 * probe clients: each verdict is what those saw.
 */
import { vi } from 'vitest';
import { call, check, connectProbe, describeValue, fail, gradedExercise, sleep, type ProbeSocket } from '../../../harness';
import { httpGet, httpSend, settle, startServer, TEST_TIMEOUT_MS, type AppServer, type HttpAnswer } from '../../02-socket-on-remix-server/tests/support';
import { scratchFile } from './support';

// Every test starts a Vite dev server (one test twice), and the first loads Vite into its subject.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS + 20_000 });

const ex = gradedExercise('06');

/** The first request for a page makes Vite compile the app's modules: seconds, on a busy machine. */
const PAGE_MS = 15_000;

async function startApp(database: string): Promise<AppServer> {
  return startServer(ex, { mode: 'development', database }, `startAppServer({ mode: 'development', database })`);
}

/** Posts the room page's form as a browser without JavaScript does: urlencoded fields, no redirect followed. */
function postForm(port: number, path: string, fields: Record<string, string>, ms = PAGE_MS): Promise<HttpAnswer> {
  const body = new URLSearchParams(fields).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'text/html' };
  return httpSend(port, { method: 'POST', path, headers, body }, ms);
}

/** Posts a message through the room's form; the answer must not be an error (a redirect back to the room is what a browser wants). */
async function postMessage(server: AppServer, room: string, name: string, text: string): Promise<void> {
  const path = `/rooms/${room}`;
  const answer = await postForm(server.port, path, { name, text });
  check(
    answer.status >= 200 && answer.status < 400,
    `POST ${path} with name=${name}&text=${text} was answered ${answer.status}${answer.body ? ` (${describeValue(answer.body.slice(0, 200))})` : ''}: ` +
      "the room's action posts the message through the hub (chatOf(context).post()) and redirects back to the room",
  );
  if (answer.status >= 300) {
    const location = answer.headers.location;
    const back = typeof location === 'string' && location !== '' ? new URL(location, `http://127.0.0.1:${server.port}${path}`).pathname : null;
    check(back === path, `POST ${path} redirected to ${describeValue(location)}: redirect back to the room's page, ${path}, so that a reload shows it and does not post again`);
  }
}

/** The page's HTML without its scripts: what a browser shows before (and without) any JavaScript. Remix puts the loader's data in a script too. */
const markup = (html: string): string => html.replace(/<script\b[\s\S]*?<\/script>/gi, '');

async function roomHtml(server: AppServer, room: string): Promise<string> {
  const answer = await httpGet(server.port, `/rooms/${room}`, PAGE_MS);
  check(answer.status === 200, `GET /rooms/${room} was answered ${answer.status}, expected 200 with the room's page`);
  return markup(answer.body);
}

/** A /ws client that has its welcome and has joined `room`. */
async function member(server: AppServer, name: string, room: string): Promise<ProbeSocket> {
  const probe = await connectProbe(`ws://127.0.0.1:${server.port}/ws`);
  await probe.nextMessage(2000, `${name} connected to /ws and received no welcome within 2000 ms`);
  probe.send(JSON.stringify({ type: 'join', room }));
  await probe.nextMessage(2000, `${name} joined '${room}' and received no presence within 2000 ms`);
  return probe;
}

/** The next chat frame `probe` receives within `ms`, parsed, or null. */
async function nextChat(probe: ProbeSocket, ms: number): Promise<Record<string, unknown> | null> {
  const deadline = Date.now() + ms;
  let read = 0;
  while (Date.now() < deadline) {
    for (; read < probe.messages.seen.length; read += 1) {
      try {
        const json = JSON.parse(probe.messages.seen[read]?.text ?? '') as Record<string, unknown>;
        if (json?.type === 'chat') return json;
      } catch {
        // not JSON: not a chat
      }
    }
    await sleep(10);
  }
  return null;
}

ex.test('action-posts', async () => {
  const server = await startApp(await scratchFile(ex));
  const amy = await member(server, 'amy', 'lobby');
  const ben = await member(server, 'ben', 'random');
  const chatsBefore = ben.messages.seen.length;

  await postMessage(server, 'lobby', 'zoe', 'posted without JavaScript');
  const heard = await nextChat(amy, 2000);
  if (!heard) {
    fail(
      "zoe posted 'posted without JavaScript' through the lobby's form, and amy, a socket in 'lobby', received no chat within 2000 ms. " +
        "The action must post through the server's one hub: getLoadContext gives it to loaders and actions as context.chat. A hub the route imports " +
        "itself is a second copy of the module (Vite's), with no sockets in its rooms",
    );
  }
  check(
    heard.text === 'posted without JavaScript' && heard.from === 'zoe' && heard.room === 'lobby' && typeof heard.id === 'number',
    `amy received ${describeValue(JSON.stringify(heard))} after the form post, expected a chat in 'lobby' from 'zoe' with the text 'posted without JavaScript' and the store's id`,
  );
  await sleep(200);
  const overheard = ben.messages.seen.slice(chatsBefore).find((f) => f.text.includes('posted without JavaScript'));
  check(!overheard, `ben, in 'random', received ${describeValue(overheard?.text)}: a message posted to the lobby goes to the lobby's sockets only`);
  const complaint = amy.messages.seen.find((f) => f.text.includes('"type":"error"'));
  check(
    !complaint,
    `amy joined 'lobby' without a cursor and received ${describeValue(complaint?.text)}: a join without a cursor is a plain join, with no history to send`,
  );
  await settle(ex);
});

ex.test('history-without-js', async () => {
  const server = await startApp(await scratchFile(ex));
  await postMessage(server, 'lobby', 'amy', 'first from amy');
  await postMessage(server, 'random', 'ben', 'said in another room');
  await postMessage(server, 'lobby', 'zoe', 'second from zoe');

  const html = await roomHtml(server, 'lobby');
  const first = html.indexOf('first from amy');
  const second = html.indexOf('second from zoe');
  if (first < 0 || second < 0) {
    fail(
      `GET /rooms/lobby, after two messages were posted there, answered HTML ${first < 0 && second < 0 ? 'with neither' : `without ${first < 0 ? "'first from amy'" : "'second from zoe'"}`} ` +
        "outside its scripts: the loader reads the room's recent messages (chatOf(context).store.recent()), and the component renders them, so the page shows them " +
        'before any JavaScript runs',
    );
  }
  check(first < second, "GET /rooms/lobby rendered 'second from zoe' before 'first from amy': render the history oldest first");
  check(!html.includes('said in another room'), "GET /rooms/lobby rendered 'said in another room', a message of the room 'random': load the page's own room only");
  await settle(ex);
});

/** Posts through the form and returns the chat frame `listener` (a socket in `room`) received for it. */
async function postAndHear(server: AppServer, listener: ProbeSocket, room: string, text: string): Promise<Record<string, unknown>> {
  await postMessage(server, room, 'amy', text);
  const heard = await nextChat(listener, 2000);
  if (!heard) fail(`amy posted ${describeValue(text)} through the ${room}'s form, and a socket in '${room}' received no chat within 2000 ms`);
  check(typeof heard.id === 'number', `a socket in '${room}' received ${describeValue(JSON.stringify(heard))}: a chat carries the id the store gave it`);
  return heard;
}

ex.test('restart-keeps-history', async () => {
  const database = await scratchFile(ex);
  const before = await startApp(database);
  const first = await postAndHear(before, await member(before, 'ben', 'lobby'), 'lobby', 'kept across the restart');
  await call('close()', () => before.close(), 10_000);

  const after = await startApp(database);
  const html = await roomHtml(after, 'lobby');
  check(
    html.includes('kept across the restart'),
    "a message was posted to the lobby, the server was closed and started again on the same database file, and GET /rooms/lobby no longer showed it: " +
      'startAppServer() opens the store on options.database (openStore(database)), a SQLite file, so that the messages are there after a restart',
  );
  const next = await postAndHear(after, await member(after, 'ben', 'lobby'), 'lobby', 'posted after the restart');
  check(
    (next.id as number) > (first.id as number),
    `the first message after the restart was sent with id ${String(next.id)}, but a message before it had ${String(first.id)}: ` +
      "ids come from the store, so after a restart they go on from the file's last one (a page's cursor, and its merge by id, count on it)",
  );
  await settle(ex);
});
