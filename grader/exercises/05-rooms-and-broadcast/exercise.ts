import type { ExerciseSpec } from '../../manifest/types';

export const roomsAndBroadcast: ExerciseSpec = {
  id: '05',
  slug: '05-rooms-and-broadcast',
  title: 'Rooms and broadcast',
  lesson: 'lessons/05-rooms-and-broadcast.md',
  continues: '04',
  // The route is given: it changed from lesson 04 to show a room picker, the room's messages and its presence list.
  files: ['app/lib/rooms.ts', 'app/lib/socket-server.ts'],
  givenChanges: ['app/lib/protocol.ts', 'app/hooks/useWebSocket.ts', 'app/routes/_index.tsx'],
  weightedStages: ['server-process', 'server-send'],
  tests: [
    { id: 'room-name-validated', file: 'rooms.test.ts', stage: 'server-receive', points: 1,
      title: "a join, leave or chat whose room is missing or not a room name (1 to 32 of a-z, 0-9 and -) is answered with an error frame, code 'bad-message', and joins nothing" },
    { id: 'join-presence', file: 'rooms.test.ts', stage: 'server-send', points: 3,
      title: "joining a room sends its presence, every member's user id sorted, to everyone in that room, the joiner included, and to nobody in another room" },
    { id: 'chat-room-only', file: 'rooms.test.ts', stage: 'server-process', points: 3,
      title: 'a chat reaches every member of its room, the sender included, and nobody else: not a client in another room, not a client in no room' },
    { id: 'chat-message', file: 'rooms.test.ts', stage: 'server-send', points: 2,
      title: "each member receives the chat as one text frame {type:'chat', id, room, from, text, at}, the same frame for everyone, with a new id for each chat" },
    { id: 'chat-not-in-room', file: 'rooms.test.ts', stage: 'server-process', points: 2,
      title: "a chat to a room the sender has not joined, or that nobody is in, is answered with an error frame, code 'not-in-room', to the sender alone, and the connection stays open" },
    { id: 'leave-presence', file: 'rooms.test.ts', stage: 'server-process', points: 2,
      title: 'leaving a room sends the new presence to those who remain, and the leaver, even one that had sent join twice, no longer hears the room nor may chat in it; ' +
        'a room its last member left starts empty; joining and leaving rooms adds no listeners to the socket' },
    { id: 'disconnect-presence', file: 'rooms.test.ts', stage: 'server-process', points: 3,
      title: 'a client that drops without a close frame is taken out of every room it was in, and each of those rooms gets the new presence' },
    { id: 'broadcast-skips-closed', file: 'rooms.test.ts', stage: 'server-send', points: 3,
      title: "a member whose socket is closing (its close frame came, its 'close' event has not) is skipped: nothing is sent to it, nothing throws, and the others still get the message" },
  ],
  hints: [
    "Start in app/lib/socket-server.ts: after a message passes parseClientMessage(), switch on message.type and call " +
      "rooms.join(member, message.room), rooms.leave(member, message.room) or rooms.chat(member, message.room, message.text). " +
      "Then ws.on('close', () => rooms.disconnect(member)).",
    'Keep one Map from room name to a Set of members: join adds to the Set (creating it for the first member), leave deletes ' +
      'from it, and the room\'s members are exactly the ones to tell. Write members(room) first: the userIds of that Set, sorted.',
    'Every broadcast goes to the room\'s Set, never to all sockets: presence after join (the joiner is already in the Set, so ' +
      'it hears too), presence after leave (the leaver is already out), and chat. Before a chat, check ' +
      "this.rooms.get(room)?.has(member); if not, send the sender alone { type: 'error', code: 'not-in-room', message }.",
    "disconnect(member) runs from the socket's 'close' event, which fires for a connection that dropped without a close frame " +
      'too: that client never got to say leave. Loop over every room, and leave() each one the member is in, so each room hears ' +
      'the new presence.',
    "A member can still be in a room after its socket closed: its 'close' event may not have reached disconnect() yet. " +
      'A socket is CLOSING from the moment its close frame arrives until the TCP connection ends. Send through one helper ' +
      'that checks socket.readyState === WebSocket.OPEN, and encode the message once, before the loop.',
    'The hub\'s sends, if you are stuck. join(): after adding the member, ' +
      "`this.broadcast(room, { type: 'presence', room, members: this.members(room) })`. chat(): when the sender is a member, " +
      "`this.broadcast(room, { type: 'chat', id: randomUUID(), room, from: member.userId, text, at: Date.now() })`, built once.",
  ],
  quiz: [
    {
      id: 'q1', stage: 'server-send', points: 1,
      question: "What happens if join() broadcasts the room's presence before it adds the joiner to the room's Set?",
      options: {
        A: 'Nothing: the add comes in the same call, so every member gets the same list',
        B: 'The others get a list without the newcomer, and the newcomer gets no list',
        C: 'The joiner gets the list twice: once without its own id, once with it',
        D: "The presence goes to every client, because the room's Set is not ready yet",
      },
      why: {
        A: 'The list is built and sent when broadcast() runs; an add after it changes the Set too late for that message.',
        B: 'the presence is built from, and sent to, the Set as it was before the add, so it misses the joiner twice over.',
        C: 'join() broadcasts once, and a broadcast sent before the add never reaches the joiner.',
        D: "broadcast() sends only to the room's Set, never to wss.clients; for a new room that Set is still missing or empty, so the message reaches nobody.",
      },
      answeredIn: 'Key Moment 2',
    },
    {
      id: 'q2', stage: 'server-process', points: 1,
      question: "Zoe's tab crashes: it sends no close frame and no leave. Why is she still taken out of the lobby's presence list?",
      options: {
        A: 'Her browser sends leave for each of her rooms just before the tab goes away',
        B: 'ws pings each socket after every chat and drops those that do not answer',
        C: 'The next broadcast to the lobby fails on her socket, and the hub removes her',
        D: "Her OS ends the TCP connection, so 'close' fires with 1006 and disconnect() runs",
      },
      why: {
        A: 'A crashed tab sends nothing, neither leave nor a close frame; the server learns of the crash from the TCP connection ending.',
        B: "ws sends no pings unless you write a heartbeat (lesson 07); here it is the end of the TCP connection that fires 'close'.",
        C: "A send to a socket that is not OPEN is skipped, and nobody is removed for it; only disconnect(), called on 'close', takes a member out.",
        D: "the server socket's 'close' event fires for a drop too, and serveChat() then calls rooms.disconnect(member), which leaves every room.",
      },
      answeredIn: 'Key Moment 3',
    },
    {
      id: 'q3', stage: 'server-process', points: 1,
      question: 'What happens if each room is an array that join() pushes to, and Zoe sends join twice, then leave once?',
      options: {
        A: 'Nothing: the second push replaces the first, so her one leave takes her out',
        B: 'Her second join is answered with not-in-room, since she is already a member',
        C: 'One copy stays, so she still hears the room and may still chat there',
        D: 'Her presence lists her twice, but her one leave takes both copies out',
      },
      why: {
        A: 'push() appends: the array then holds Zoe twice, and one leave removes only one copy.',
        B: "'not-in-room' answers a chat from someone who is not a member; a second join is ordinary, and nothing refuses it.",
        C: 'her one leave takes out one copy, and the copy that is left still receives every chat and passes the membership check.',
        D: 'members() lists each user id once, and one leave removes only one of the two copies, so she stays in the room.',
      },
      answeredIn: 'Key Moment 5',
    },
  ],
};
