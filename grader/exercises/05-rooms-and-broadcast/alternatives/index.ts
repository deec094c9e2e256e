/**
 * Lesson 05's graded tests are fair and strong: a correct rooms.ts written
 * differently from the reference solution (other data structures, other names)
 * scores 100%, and each mistake a Key Moment warns about fails exactly the tests
 * of the stage that names it, as plain failures. Whole rooms.ts files are in
 * this folder, whole socket-server.ts files in app/lib/ (beside stand-ins for the
 * files they import); a mistake that is one change to the solution is that change.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

/** One grade of lesson 05: the rooms tests take seconds, the app test starts Vite once. */
const GRADE_MS = 90_000;
const ROOMS = 'app/lib/rooms.ts';
const SERVER = 'app/lib/socket-server.ts';

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-by-member.ts' }, replaces: ROOMS, fails: {} },
  {
    source: { file: 'wrong-broadcast-all.ts' }, replaces: ROOMS,
    stage: 'server-process',
    fails: { 'chat-room-only': /^ben is in 'random' and must not hear 'lobby' .*not to everyone.*, but received '{"type":"chat"/ },
  },
  {
    source: { file: 'wrong-no-disconnect.ts' }, replaces: ROOMS,
    stage: 'server-process',
    fails: { 'disconnect-presence': /^zoe's connection dropped \(no close frame, no leave\), but amy in 'lobby' received no new presence within 1000 ms/ },
  },
  {
    source: {
      name: 'a disconnect that announces the member gone but keeps it in its rooms',
      edit: (rooms) =>
        replaceOnce(
          rooms,
          '      if (members.has(member)) this.leave(member, room);\n',
          '      if (!members.has(member)) continue;\n' +
            "      this.broadcast(room, { type: 'presence', room, members: this.members(room).filter((id) => id !== member.userId) });\n",
        ),
    },
    replaces: ROOMS,
    stage: 'server-process',
    fails: {
      'disconnect-presence':
        /^amy received presence members \[.*\] when ben joined 'lobby' after zoe's connection dropped \(a member whose connection dropped must be out of every room\), expected \[/,
    },
  },
  {
    source: { file: 'wrong-duplicate-members.ts' }, replaces: ROOMS,
    stage: 'server-process',
    fails: { 'leave-presence': /^amy received presence members \[.*\] after zoe, who had sent join for 'lobby' twice, left it once \(a room holds each member once\), expected \[/ },
  },
  {
    // Presence from a Set of user ids looks right; the array of members to send to holds zoe twice.
    source: { file: 'wrong-array-rooms.ts' }, replaces: ROOMS,
    stage: 'server-process',
    fails: {
      'leave-presence':
        /^zoe left 'lobby' \(after sending join for it twice\) and must not hear it any more \(a room holds each member once: .*\), but received '{"type":"chat"/,
    },
  },
  {
    source: {
      name: "a 'close' listener added on every join, which no leave takes off",
      edit: (rooms) =>
        replaceOnce(
          replaceOnce(rooms, '    members.add(member);\n', "    members.add(member);\n    member.socket.on('close', () => this.leave(member, room));\n"),
          '    for (const [room, members] of this.rooms) {\n      if (members.has(member)) this.leave(member, room);\n    }\n',
          "    // join()'s own 'close' listeners take the member out of each room.\n    void member;\n",
        ),
    },
    replaces: ROOMS,
    stage: 'server-process',
    fails: { 'leave-presence': /^zoe joined and left 12 rooms one after the other, and zoe's socket went from \d+ 'close' listeners to \d+: each join adds a listener/ },
  },
  {
    source: { file: 'app/lib/wrong-close-listener-per-join.ts' }, replaces: SERVER,
    stage: 'server-process',
    fails: { 'leave-presence': /^zoe joined and left 12 rooms one after the other, and zoe's socket went from \d+ 'close' listeners to \d+: each join adds a listener/ },
  },
  {
    source: { file: 'wrong-sends-to-closed.ts' }, replaces: ROOMS,
    stage: 'server-send',
    fails: { 'broadcast-skips-closed': /^the server called send\(\) on cy's socket while it was CLOSING: .*readyState === WebSocket\.OPEN/ },
  },
  {
    source: { file: 'wrong-throws-on-closed.ts' }, replaces: ROOMS,
    stage: 'server-send',
    fails: { 'broadcast-skips-closed': /^the server threw Error: cannot send: socket is in state 2 (\(at 05-rooms-and-broadcast\/app\/lib\/rooms\.ts:\d+:\d+\) )?when amy sent .*"who is still here\?".*a broadcast must never throw/ },
  },
  {
    source: { file: 'wrong-no-presence-to-joiner.ts' }, replaces: ROOMS,
    stage: 'server-send',
    fails: { 'join-presence': /^ben joined 'random' and received no presence message within 1000 ms: .*the joiner included/ },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
