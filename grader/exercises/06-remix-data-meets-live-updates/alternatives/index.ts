/**
 * Lesson 06's graded tests are fair and strong: a correct store and a correct
 * merge written differently from the reference solution score 100%, and each
 * mistake a Key Moment warns about fails exactly the tests of the stage that
 * names it, as plain failures. A whole store.ts is in this folder; a mistake
 * that is one change to the solution is that change.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

/** One grade of lesson 06: the app's tests start Vite four times, one of them after a restart. */
const GRADE_MS = 120_000;
const STORE = 'app/lib/store.ts';
const HUB = 'app/lib/chat-hub.ts';
const MERGE = 'app/lib/merge.ts';
const ROUTE = 'app/routes/rooms.$room.tsx';
const SERVER = 'server.ts';

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-store.ts' }, replaces: STORE, fails: {} },
  {
    source: {
      name: 'a merge through a Set of the ids already taken, live first, then sorted',
      edit: (merge) =>
        replaceOnce(
          merge,
          '  const byId = new Map<number, T>();\n  for (const message of [...loaded, ...live]) byId.set(message.id, message);\n  return [...byId.values()].sort((a, b) => a.id - b.id);\n',
          '  const taken = new Set<number>();\n  const out: T[] = [];\n  for (const message of [...live, ...loaded]) {\n' +
            '    if (taken.has(message.id)) continue;\n    taken.add(message.id);\n    out.push(message);\n  }\n' +
            '  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));\n',
        ),
    },
    replaces: MERGE,
    fails: {},
  },
  {
    source: {
      name: "recent() that keeps the room's first rows: ORDER BY id LIMIT n",
      edit: (store) =>
        replaceOnce(
          replaceOnce(store, 'WHERE room = ? ORDER BY id DESC LIMIT ?', 'WHERE room = ? ORDER BY id LIMIT ?'),
          '      return result.rows.map(toMessage).reverse();\n',
          '      return result.rows.map(toMessage);\n',
        ),
    },
    replaces: STORE,
    stage: 'server-process',
    fails: { 'store-recent-after': /^recent\('lobby', 3\) gave #\d+ 'one' \(lobby\), .*, expected #\d+ 'three' \(lobby\), .*oldest first: take the newest/ },
  },
  {
    source: {
      name: "an INSERT that pastes the message's text into the SQL",
      edit: (store) =>
        replaceOnce(
          store,
          "        sql: 'INSERT INTO messages (room, sender, text, at) VALUES (?, ?, ?, ?) RETURNING id',\n        args: [message.room, message.from, message.text, message.at],\n",
          "        sql: `INSERT INTO messages (room, sender, text, at) VALUES ('${message.room}', '${message.from}', '${message.text}', ${message.at}) RETURNING id`,\n",
        ),
    },
    replaces: STORE,
    stage: 'server-process',
    fails: { 'store-keeps-messages': /^append\(\{"room":"lobby","from":"zoe","text":"it's \\"fine\\"; DROP TABLE messages; --".*\}\) rejected with / },
  },
  {
    source: {
      name: 'openStore() that keeps every store in memory',
      edit: (store) =>
        replaceOnce(
          store,
          '  return location === IN_MEMORY ? Promise.resolve(memoryStore()) : openSqliteStore(location);\n',
          '  void location;\n  return Promise.resolve(memoryStore());\n',
        ),
    },
    replaces: STORE,
    stage: 'server-process',
    fails: {
      'store-keeps-messages': /^recent\('lobby', 10\), on a store opened again on the same file gave none, expected .*: the messages must be kept in the file/,
      'restart-keeps-history': /^a message was posted to the lobby, the server was closed and started again on the same database file, and GET \/rooms\/lobby no longer showed it/,
    },
  },
  {
    source: {
      name: "a hub that numbers messages itself and broadcasts before it stores",
      edit: (hub) =>
        replaceOnce(
          replaceOnce(hub, '  constructor(readonly store: MessageStore) {}\n', '  private lastId = 0;\n\n  constructor(readonly store: MessageStore) {}\n'),
          '    const stored = await this.store.append({ ...message, at: Date.now() });\n    this.rooms.broadcast(stored.room, chatFrame(stored));\n    return stored;\n',
          '    const stored = { ...message, at: Date.now(), id: ++this.lastId };\n    this.rooms.broadcast(stored.room, chatFrame(stored));\n' +
            '    await this.store.append(stored);\n    return stored;\n',
        ),
    },
    replaces: HUB,
    stage: 'server-process',
    fails: { 'restart-keeps-history': /^the first message after the restart was sent with id 1, but a message before it had 1: ids come from the store/ },
  },
  {
    source: {
      name: 'a join that reads the history first and joins the room after',
      edit: (hub) =>
        replaceOnce(
          hub,
          '    this.rooms.join(member, room);\n    if (cursor === undefined) return;\n    for (const message of await this.store.after(room, cursor)) send(member.socket, encode(chatFrame(message)));\n',
          '    const missed = cursor === undefined ? [] : await this.store.after(room, cursor);\n    this.rooms.join(member, room);\n' +
            '    for (const message of missed) send(member.socket, encode(chatFrame(message)));\n',
        ),
    },
    replaces: HUB,
    stage: 'server-process',
    fails: { 'join-replays-after-cursor': /^cy sent join with after: \d+, and #\d+ 'five, posted while the history was read' \(lobby\) was posted while the hub was still reading .*Put the member in the room first/ },
  },
  {
    source: {
      name: 'a join that sends the replay to the whole room',
      edit: (hub) =>
        replaceOnce(
          hub,
          '    for (const message of await this.store.after(room, cursor)) send(member.socket, encode(chatFrame(message)));\n',
          '    for (const message of await this.store.after(room, cursor)) this.rooms.broadcast(room, chatFrame(message));\n',
        ),
    },
    replaces: HUB,
    stage: 'server-process',
    fails: { 'join-replays-after-cursor': /^amy is in the room already, and the replay for ben goes to ben alone, but received '{"type":"chat"/ },
  },
  {
    source: {
      name: 'a getLoadContext that makes a hub of its own for the routes',
      edit: (server) => replaceOnce(server, '  const getLoadContext = (): ChatContext => ({ chat });\n', '  const getLoadContext = (): ChatContext => ({ chat: new ChatHub(store) });\n'),
    },
    replaces: SERVER,
    stage: 'server-process',
    fails: {
      'action-posts': /^zoe posted 'posted without JavaScript' through the lobby's form, and amy, a socket in 'lobby', received no chat within 2000 ms.*one hub/,
      'restart-keeps-history': /^amy posted 'kept across the restart' through the lobby's form, and a socket in 'lobby' received no chat within 2000 ms/,
    },
  },
  {
    source: {
      name: 'a page that joins without its cursor',
      edit: (route) => replaceOnce(route, "    send({ type: 'join', room, after: latestCursor.current });\n", "    send({ type: 'join', room });\n"),
    },
    replaces: ROUTE,
    stage: 'client-send',
    fails: {
      'join-sends-cursor': /^the room page, loaded with the lobby's messages 1, 3 and 4, joined with '{"type":"join","room":"lobby"}': expected after: 4/,
      'leave-on-switch': /^the page moved to \/rooms\/random, whose messages it loaded are 2 and 3, and joined with '{"type":"join","room":"random"}': expected after: 3/,
    },
  },
  {
    source: {
      name: 'a page that joins each room it enters and never leaves the one before',
      edit: (route) => replaceOnce(route, "    return () => send({ type: 'leave', room });\n", '    return () => undefined;\n'),
    },
    replaces: ROUTE,
    stage: 'client-send',
    fails: { 'leave-on-switch': /^the page moved from \/rooms\/lobby to \/rooms\/random and sent .*, but no \{ type: 'leave', room: 'lobby' \}/ },
  },
  {
    source: {
      name: "a page that lists the loaded messages, then the live ones",
      edit: (route) =>
        replaceOnce(
          route,
          '  const shown = mergeMessages(\n    loaded,\n    live.filter((message) => message.room === room),\n  );\n',
          '  const shown = [...loaded, ...live.filter((message) => message.room === room)];\n  void mergeMessages;\n',
        ),
    },
    replaces: ROUTE,
    stage: 'client-receive',
    fails: { 'live-once': /^the page showed 'bravo-two' 2 times .*Merge the two lists by id/ },
  },
  {
    source: {
      name: 'a page that shows every live message, whatever its room',
      edit: (route) => replaceOnce(route, '    live.filter((message) => message.room === room),\n', '    live,\n'),
    },
    replaces: ROUTE,
    stage: 'client-receive',
    fails: { 'live-once': /^the lobby's page showed 'foxtrot-six', a message to the room 'random'/ },
  },
  {
    source: {
      name: 'a merge that removes duplicates but keeps the order of arrival',
      edit: (merge) => replaceOnce(merge, '  return [...byId.values()].sort((a, b) => a.id - b.id);\n', '  return [...byId.values()];\n'),
    },
    replaces: MERGE,
    stage: 'client-receive',
    fails: {
      'merge-by-id': /^mergeMessages\(\[2\], \[5, 3, 4\]\) gave #2 'message 2', #5 'message 5', #3 .*, expected #2 'message 2', #3 .*in order of id, not of arrival/,
      'live-once': /^the page showed the messages in the order 'alpha-one, bravo-two, echo-five, delta-four', expected 'alpha-one, bravo-two, delta-four, echo-five'/,
    },
  },
  {
    source: {
      name: 'a merge that sorts the loaded list in place and pushes into it',
      edit: (merge) =>
        replaceOnce(
          merge,
          '  const byId = new Map<number, T>();\n  for (const message of [...loaded, ...live]) byId.set(message.id, message);\n  return [...byId.values()].sort((a, b) => a.id - b.id);\n',
          '  const all = loaded as T[];\n  for (const message of live) {\n    const at = all.findIndex((m) => m.id === message.id);\n' +
            '    if (at >= 0) all[at] = message;\n    else all.push(message);\n  }\n  return all.sort((a, b) => a.id - b.id);\n',
        ),
    },
    replaces: MERGE,
    stage: 'client-receive',
    fails: { 'merge-by-id': /^mergeMessages\(\[2, 1\], \[4, 3\]\) changed the lists it was given/ },
    // The page's loader data grows with every render that merges into it: what it shows then depends on React's timing.
    mayFail: ['live-once'],
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
