/**
 * Lesson 07's graded tests are fair and strong: a correct heartbeat on each
 * side written differently from the reference solution, and a slow-consumer
 * check made after the send instead of before it, score 100%; each mistake a
 * Key Moment warns about fails the tests of its stage, as plain failures. A
 * whole file is in this folder; a mistake that is one change to the solution
 * is that change.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

/** One grade of lesson 07: the heartbeats run on a fake clock; the flood moves some megabytes over loopback. */
const GRADE_MS = 60_000;
const KEEP_ALIVE = 'app/lib/keep-alive.ts';
const WATCH = 'app/lib/watch-connection.ts';
const ROOMS = 'app/lib/rooms.ts';

const LOOP = '      if (!alive.has(socket)) {\n        socket.terminate();\n        continue;\n      }\n      alive.delete(socket);\n      socket.ping();\n';
const DROP = '  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {\n    socket.terminate();\n    return;\n  }\n';

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-keep-alive.ts' }, replaces: KEEP_ALIVE, fails: {} },
  { source: { file: 'correct-watch-connection.ts' }, replaces: WATCH, fails: {} },
  {
    source: {
      name: 'a slow-consumer check made after each send',
      edit: (rooms) => replaceOnce(rooms, `${DROP}  // #endregion\n  socket.send(data);\n`, '  // #endregion\n  socket.send(data);\n  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();\n'),
    },
    replaces: ROOMS,
    fails: {},
  },
  {
    source: {
      name: 'a heartbeat that pings, then checks in the same round',
      edit: (source) => replaceOnce(source, LOOP, '      alive.delete(socket);\n      socket.ping();\n      if (!alive.has(socket)) socket.terminate();\n'),
    },
    replaces: KEEP_ALIVE,
    stage: 'keep-alive',
    fails: {
      'live-peer-kept': /^the server ended the connection of a client that had answered every ping \(in the 1st interval, right after pinging it\): check first/,
      'silent-peer-terminated': /^the server ended the connection of a client that had answered every ping \(in the 1st interval, right after pinging it\)/,
      'heartbeat-stops': /^the server ended the connection of a client that had answered every ping \(in the 1st interval, right after pinging it\)/,
    },
  },
  {
    source: {
      name: "a heartbeat that never hears the pongs (no 'pong' listener)",
      edit: (source) => replaceOnce(source, "    socket.on('pong', () => alive.add(socket));\n", ''),
    },
    replaces: KEEP_ALIVE,
    stage: 'keep-alive',
    fails: {
      'live-peer-kept': /^the server ended the connection of a client that had answered every ping \(in the 2nd interval, before pinging it\): .*on every 'pong'/,
      'silent-peer-terminated': /^the server ended the connection of a client that had answered every ping \(in the 2nd interval, before pinging it\)/,
    },
  },
  {
    source: {
      name: 'a heartbeat that close()s a silent client instead of terminating it',
      edit: (source) => replaceOnce(source, '        socket.terminate();\n        continue;\n', "        socket.close(1001, 'No pong');\n        continue;\n"),
    },
    replaces: KEEP_ALIVE,
    stage: 'keep-alive',
    fails: { 'silent-peer-terminated': /^the server sent a close frame \(1001\) to a client whose network had gone silent, and was still waiting for its answer/ },
  },
  {
    source: {
      name: "a heartbeat whose interval outlives the server (nothing on wss 'close')",
      edit: (source) => replaceOnce(source, "  wss.once('close', stop);\n", ''),
    },
    replaces: KEEP_ALIVE,
    stage: 'keep-alive',
    fails: { 'heartbeat-stops': /^once the server had closed, keepAlive\(\) had left 1 timer set: clear the interval when wss emits 'close'/ },
  },
  {
    source: {
      name: 'a page heartbeat that counts only pongs as signs of life',
      edit: (source) =>
        replaceOnce(source, '  const heard = (): void => listen();\n', "  const heard = (event: { readonly data: unknown }): void => {\n    if (String(event.data).includes('\"pong\"')) listen();\n  };\n"),
    },
    replaces: WATCH,
    stage: 'keep-alive',
    fails: { 'client-detects-silence': /^onSilent was called in the 6th interval, though a presence message \(not a pong\) had arrived 1000 ms before/ },
  },
  {
    source: {
      name: 'a page heartbeat whose silence timer is set once and never started again',
      edit: (source) => replaceOnce(source, '  const heard = (): void => listen();\n', '  const heard = (): void => undefined;\n'),
    },
    replaces: WATCH,
    stage: 'keep-alive',
    fails: { 'client-detects-silence': /^onSilent was called in the 4th interval, though a presence message \(not a pong\) had arrived 1000 ms before/ },
  },
  {
    source: {
      name: 'a page heartbeat that goes on pinging after onSilent',
      edit: (source) => replaceOnce(source, '    silence = setTimeout(() => {\n      stop();\n      onSilent();\n', '    silence = setTimeout(() => {\n      onSilent();\n'),
    },
    replaces: WATCH,
    stage: 'keep-alive',
    fails: { 'client-stops': /^once onSilent had been called, the socket still sent '\{"type":"ping"\}': a silent connection is given up/ },
  },
  {
    source: { name: 'a send() that never drops anyone', edit: (rooms) => replaceOnce(rooms, DROP, '') },
    replaces: ROOMS,
    stage: 'server-send',
    fails: { 'slow-consumer-dropped': /^a client that read nothing while \d+ chats of 60000 characters were sent to it was still connected/ },
  },
  {
    source: {
      name: 'a send() that drops a client as soon as anything waits for it',
      edit: (rooms) => replaceOnce(rooms, '  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {\n', '  if (socket.bufferedAmount > 0) {\n'),
    },
    replaces: ROOMS,
    stage: 'server-send',
    fails: { 'burst-under-bound': /^(amy|zoe) did not read for a moment, with about 480 kB waiting for it in the server, and was dropped/ },
    // On a busy machine even the client that reads has a frame waiting now and then, and this rule drops it too.
    mayFail: ['slow-consumer-dropped'],
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
