import type { ExerciseSpec } from '../../manifest/types';

export const remixDataMeetsLiveUpdates: ExerciseSpec = {
  id: '06',
  slug: '06-remix-data-meets-live-updates',
  title: 'Remix data meets live updates',
  lesson: 'lessons/06-remix-data-meets-live-updates.md',
  continues: '05',
  files: ['app/lib/store.ts', 'app/lib/chat-hub.ts', 'app/lib/merge.ts', 'app/routes/rooms.$room.tsx', 'server.ts'],
  givenChanges: [
    'app/lib/protocol.ts',
    'app/lib/rooms.ts',
    'app/lib/socket-server.ts',
    'app/hooks/useChatSocket.tsx',
    'app/root.tsx',
    'app/routes.ts',
    'app/routes/_index.tsx',
  ],
  weightedStages: ['server-process', 'client-receive'],
  // The app's tests start a real Vite dev server, some of them twice.
  timeLimitMs: 45_000,
  tests: [
    { id: 'store-keeps-messages', file: 'store.test.ts', stage: 'server-process', points: 3,
      title: 'openStore(file) gives every message appended an id larger than any before it, and a store opened again on the same file, as after a restart, ' +
        'has every message with the same id and gives the next a larger one' },
    { id: 'store-recent-after', file: 'store.test.ts', stage: 'server-process', points: 2,
      title: "recent(room, n) gives the room's last n messages, oldest first; after(room, cursor) every message of the room whose id is greater than the cursor, oldest first; " +
        "neither gives another room's" },
    { id: 'hub-post', file: 'hub.test.ts', stage: 'server-process', points: 3,
      title: "the hub's post() stores the message and sends it, as one chat frame with the id the store gave it, to every socket in its room and to no other; " +
        'a chat sent over a socket is stored the same way' },
    { id: 'join-replays-after-cursor', file: 'hub.test.ts', stage: 'server-process', points: 3,
      title: "a join with after: cursor gets the room's messages stored after that cursor, each once and in order, sent to the joiner alone; " +
        'what is posted later reaches it live' },
    { id: 'action-posts', file: 'app.test.ts', stage: 'server-process', points: 3,
      title: "a form post to /rooms/:room (fields name and text) is answered without an error, and the message reaches every socket in that room: the action posts " +
        "through the app server's one hub, which loaders and actions get as context.chat" },
    { id: 'restart-keeps-history', file: 'app.test.ts', stage: 'server-process', points: 2,
      title: 'the app server, closed and started again on the same database file, renders the messages posted before' },
    { id: 'history-without-js', file: 'app.test.ts', stage: 'client-receive', points: 3,
      title: "GET /rooms/:room answers with the room's recent messages already in its HTML, oldest first, so the page shows them before any JavaScript runs; " +
        "another room's messages are not in it" },
    { id: 'merge-by-id', file: 'merge.test.ts', stage: 'client-receive', points: 2,
      title: "mergeMessages(loaded, live) gives every message once, in order of id, keeping live's copy of a message in both lists, and changes neither list" },
    { id: 'join-sends-cursor', file: 'page.test.ts', stage: 'client-send', points: 2,
      title: "the room page joins its room over the tab's socket with after: the loader's cursor (the id of the last message it loaded, 0 for none)" },
    { id: 'leave-on-switch', file: 'page.test.ts', stage: 'client-send', points: 1,
      title: "moving from one room's page to another's, the page leaves the room it was in and joins the new one with that room's cursor, over the same socket" },
    { id: 'live-once', file: 'page.test.ts', stage: 'client-receive', points: 3,
      title: "the room page shows each message once, in order of id, the loaded ones and the live ones together, even when the socket brings one it already has " +
        "or brings them out of order; another room's messages are not shown" },
  ],
  hints: [
    'Start with app/lib/store.ts: three SQL statements with ? placeholders. append(): INSERT … RETURNING id. ' +
      'after(room, cursor): WHERE room = ? AND id > ? ORDER BY id. recent(room, n): the newest n (ORDER BY id DESC LIMIT ?), then reversed.',
    "In app/lib/chat-hub.ts, post() is two steps in this order: `const stored = await this.store.append({ ...message, at: Date.now() })`, " +
      'then `this.rooms.broadcast(stored.room, chatFrame(stored))`. The id a page merges by comes from the store.',
    "join() adds the member first (this.rooms.join(member, room)), then, when there is a cursor, sends it alone each message of " +
      'await this.store.after(room, cursor), in order, with send(member.socket, encode(chatFrame(message))).',
    "In server.ts, getLoadContext returns { chat }: the hub made a few lines above it. A hub imported by the route would be a second copy " +
      "of the module (Vite's), with no sockets in its rooms.",
    'The route\'s loader reads chatOf(context).store.recent(room, HISTORY_LIMIT); its cursor is the last message\'s id, or 0. The action ' +
      "awaits chatOf(context).post({ room, from: name.data, text: text.data }) and returns redirect(`/rooms/${room}`).",
    "In the component, the join is `send({ type: 'join', room, after: latestCursor.current })` with a leave in the effect's cleanup, and " +
      "the list is mergeMessages(loaded, live.filter((m) => m.room === room)). mergeMessages: a Map from id to message (live last, so it wins), " +
      'then its values sorted by id.',
  ],
  quiz: [
    {
      id: 'q1', stage: 'server-process', points: 1,
      question: "Amy's action imports `hub` from app/lib/hub.ts, which does `export const hub = new ChatHub(store)`, and server.ts imports it too. " +
        'In development her form post is stored, but no open page shows it live. Why?',
      options: {
        A: "Vite's copy of hub.ts made a second hub: the action posted to it, and no socket is in its rooms",
        B: 'The action runs before the page\'s socket opens, so its broadcast leaves too early',
        C: 'ws cannot send a frame while an HTTP request is still being answered',
        D: "The action's redirect closes every open page's socket before the broadcast, so the frame has nowhere to go",
      },
      why: {
        A: 'the route runs in the copy of the module Vite loads, the server in the one tsx loads: two hubs, and only the server\'s knows the sockets.',
        B: 'the pages were open and joined long before the post; the frame went to a hub whose rooms are empty.',
        C: 'a socket is independent of any HTTP request: ws sends whenever send() is called on an OPEN socket.',
        D: 'a redirect is an HTTP answer to the one request that posted; the tab\'s socket is not touched by it.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q2', stage: 'client-receive', points: 1,
      question: 'Why does the route sort its merged messages by id instead of showing them in the order they arrived?',
      options: {
        A: 'React needs its list items sorted by key to render them without warnings',
        B: 'A replayed message can arrive after a later one that came live, so arrival order is not the order they were posted in',
        C: 'The loader returns the history newest first, and the page must turn it around',
        D: 'Sorting is what removes the messages the socket brought twice',
      },
      why: {
        A: 'React needs keys to be unique among siblings, in any order; sorting is about what the reader sees.',
        B: 'the store gives ids in the order messages were posted, and a join\'s replay can follow a live message, so only the ids tell the order.',
        C: 'recent() gives the history oldest first already; the live messages are what can come out of order.',
        D: 'the Map keyed by id removes duplicates; the sort puts what is left in order.',
      },
      answeredIn: 'Key Moment 4',
    },
    {
      id: 'q3', stage: 'server-process', points: 1,
      question: 'What can go wrong if hub.join() reads store.after(room, cursor) first, and puts the member in the room only once the read is done?',
      options: {
        A: 'Nothing: the read is so quick that nothing can be posted while it runs',
        B: 'The member receives every message of the room twice',
        C: 'A message posted while the read runs is lost to that member: not in the replay, not sent live',
        D: 'The room\'s presence goes out before the history, and the page shows nobody there',
      },
      why: {
        A: 'the read awaits the database, and while it does the server handles other requests, posts among them.',
        B: 'nothing is sent twice that way round; the risk is the opposite, a message sent to no one.',
        C: 'the read began before that message was stored, and the broadcast went out before the member was in the room.',
        D: 'presence lists who is connected; it is sent on join either way and does not depend on the history.',
      },
      answeredIn: 'Key Moment 3',
    },
  ],
};
