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
      question: "In the Execution Table, Zoe joins 'lobby', where Amy already is. Who receives the presence message that follows?",
      options: {
        A: 'Only Amy, because Zoe knows she has just joined',
        B: 'Only Zoe, as the answer to her join',
        C: "Both Amy and Zoe, each with both user ids, sorted",
        D: "Every connected client, Ben in 'random' included",
      },
      answer: 'C',
    },
    {
      id: 'q2', stage: 'server-process', points: 1,
      question: "Zoe's browser tab crashes: no close frame, no leave message, but her computer ends the TCP connection. What takes her user id out of the lobby's presence list?",
      options: {
        A: 'Nothing: she stays listed until she comes back and sends leave',
        B: "The server's 'close' event, which fires for a dropped connection too, and calls rooms.disconnect(member)",
        C: 'The browser, which sends leave for every room from its beforeunload handler',
        D: 'The next chat to the lobby, which fails for her socket and removes her',
      },
      answer: 'B',
    },
    {
      id: 'q3', stage: 'server-send', points: 1,
      question: "A member's close frame has arrived, so its socket in 'lobby' is CLOSING, but its 'close' event has not fired yet when Amy's chat is fanned out. What should the broadcast do?",
      options: {
        A: 'Skip that socket, because its readyState is not OPEN, and send to the others',
        B: 'Stop the broadcast and answer Amy with an error',
        C: 'Send to that socket anyway: ws keeps the frame until the member reconnects',
        D: 'Throw, so that the server closes the lobby',
      },
      answer: 'A',
    },
  ],
};
