import { check, describeValue, fail, gradedExercise } from '../../../harness';
import { ARRIVES_MS, checkPresence, HangingClient, startChat, STATE_NAMES, type ChatClient, type ListenerCounts } from './support';

const ex = gradedExercise('05');

const ids = (...clients: ChatClient[]): string[] => clients.map((c) => c.userId).sort();

ex.test('join-presence', async () => {
  const chat = await startChat(ex);
  const ben = await chat.connect('ben');
  await ben.join('random');
  const own = await ben.next(
    'presence',
    "ben joined 'random' and received no presence message within 1000 ms: after adding the joiner, send the room's presence to everyone in it, the joiner included",
  );
  checkPresence(own, 'ben', 'random', ids(ben), "after joining 'random' alone");

  // The first to join has the larger user id, so a list in joining order is not a sorted one.
  const pair = [await chat.connect('amy'), await chat.connect('zoe')].sort((a, b) => (a.userId < b.userId ? 1 : -1));
  const [first, second] = pair as [ChatClient, ChatClient];
  await first.join('lobby');
  const alone = await first.next(
    'presence',
    `${first.name} joined 'lobby' and received no presence message within 1000 ms: the joiner is a member too, so add it to the room first, then send the presence to everyone in the room`,
  );
  checkPresence(alone, first.name, 'lobby', ids(first), "after joining 'lobby' alone");

  await second.join('lobby');
  const toJoiner = await second.next(
    'presence',
    `${second.name} joined 'lobby', where ${first.name} already was, and received no presence message within 1000 ms: send the presence to the joiner too`,
  );
  checkPresence(toJoiner, second.name, 'lobby', ids(first, second), `after joining 'lobby' where ${first.name} was`);
  const toMember = await first.next(
    'presence',
    `${second.name} joined 'lobby', but ${first.name}, already in it, received no new presence message within 1000 ms: send the presence to every member of the room`,
  );
  checkPresence(toMember, first.name, 'lobby', ids(first, second), `after ${second.name} joined 'lobby'`);

  await ben.hearsNo('presence', "is in 'random' and should hear nothing about 'lobby' (send presence to the room's members only)");
});

ex.test('chat-room-only', async () => {
  const chat = await startChat(ex);
  const [zoe, amy, ben, cy] = [await chat.connect('zoe'), await chat.connect('amy'), await chat.connect('ben'), await chat.connect('cy')];
  await zoe.join('lobby');
  await amy.join('lobby');
  await ben.join('random');

  await amy.say('lobby', 'hi lobby');
  const heard = await zoe.next('chat', "amy said 'hi lobby' in 'lobby', but zoe, a member of 'lobby', received no chat within 1000 ms");
  check(heard.text === 'hi lobby', `zoe received the chat ${describeValue(heard.frame.text)}, expected the text 'hi lobby'`);
  const echo = await amy.next(
    'chat',
    "amy said 'hi lobby' in 'lobby' but did not receive her own chat back within 1000 ms: the sender is a member too, and her page shows the message when it comes back",
  );
  check(echo.text === 'hi lobby', `amy received the chat ${describeValue(echo.frame.text)}, expected the text 'hi lobby'`);
  await ben.hearsNo('chat', "is in 'random' and must not hear 'lobby' (send a chat to the members of its room only, not to everyone)");
  await cy.hearsNo('chat', "joined no room and must not hear 'lobby' (send a chat to the members of its room only, not to everyone)");

  await ben.say('random', 'hi random');
  const own = await ben.next('chat', "ben said 'hi random' in 'random', where he is the only member, and received no chat back within 1000 ms");
  check(own.text === 'hi random', `ben received the chat ${describeValue(own.frame.text)}, expected the text 'hi random'`);
  await zoe.hearsNo('chat', "is in 'lobby' and must not hear 'random'");
});

ex.test('chat-message', async () => {
  const chat = await startChat(ex);
  const [zoe, amy] = [await chat.connect('zoe'), await chat.connect('amy')];
  await zoe.join('lobby');
  await amy.join('lobby');
  const before = Date.now();

  await amy.say('lobby', '  first  ');
  const toZoe = await zoe.next('chat', "amy said 'first' in 'lobby', but zoe received no chat within 1000 ms");
  const toAmy = await amy.next('chat', "amy said 'first' in 'lobby', but did not receive her own chat back within 1000 ms");
  check(!toZoe.frame.isBinary, 'the chat arrived as a binary frame: send the encoded string (encode(message)), not a Buffer');
  const shape = `{"type":"chat","id":"…","room":"lobby","from":"${amy.userId}","text":"first","at":…}`;
  check(toZoe.room === 'lobby', `the chat zoe received has room ${describeValue(toZoe.room)}, expected 'lobby': ${shape}`);
  check(toZoe.from === amy.userId, `the chat zoe received has from ${describeValue(toZoe.from)}, expected the sender's user id ${describeValue(amy.userId)}`);
  check(toZoe.text === 'first', `the chat zoe received has text ${describeValue(toZoe.text)}, expected 'first' (the protocol trims it)`);
  check(
    typeof toZoe.id === 'string' && toZoe.id.length > 0,
    `the chat zoe received has id ${describeValue(toZoe.id)}: give every chat a new id, a non-empty string (randomUUID())`,
  );
  check(
    typeof toZoe.at === 'number' && toZoe.at >= before - 1000 && toZoe.at <= Date.now() + 1000,
    `the chat zoe received has at ${describeValue(toZoe.at)}: it should be when the server received it, Date.now()`,
  );
  check(
    toZoe.frame.text === toAmy.frame.text,
    `zoe and amy received different frames for one chat (${describeValue(toZoe.frame.text)} and ${describeValue(toAmy.frame.text)}): build the message once, then send it to every member`,
  );

  await zoe.say('lobby', 'second');
  const next = await amy.next('chat', "zoe said 'second' in 'lobby', but amy received no chat within 1000 ms");
  check(next.text === 'second' && next.from === zoe.userId, `amy received ${describeValue(next.frame.text)}, expected zoe's 'second'`);
  check(next.id !== toZoe.id, `two different chats both have the id ${describeValue(next.id)}: give each chat a new id`);
});

ex.test('chat-not-in-room', async () => {
  const chat = await startChat(ex);
  const [amy, ben] = [await chat.connect('amy'), await chat.connect('ben')];
  await amy.join('lobby');
  await ben.join('random');

  await amy.say('random', 'anyone here?');
  const error = await amy.next(
    'error',
    "amy, who has not joined 'random', said 'anyone here?' there and received no error frame within 1000 ms: answer her with { type: 'error', code: 'not-in-room', message }",
  );
  check(error.code === 'not-in-room', `amy's chat to a room she has not joined was answered with code ${describeValue(error.code)}, expected 'not-in-room'`);
  check(typeof error.message === 'string' && error.message.length > 0, "the 'not-in-room' error has no message: say in words what went wrong");
  await ben.hearsNo('chat', "is in 'random' and must not receive a chat from amy, who never joined it");

  await amy.say('nowhere', 'hello?');
  const nobody = await amy.next(
    'error',
    "amy said 'hello?' in 'nowhere', a room nobody has joined, and received no error frame within 1000 ms: a room nobody is in has no members, so answer 'not-in-room'",
  );
  check(nobody.code === 'not-in-room', `amy's chat to 'nowhere', where nobody is, was answered with code ${describeValue(nobody.code)}, expected 'not-in-room'`);
  await amy.hearsNo('chat', "is not in 'random', so her chat there must not be sent anywhere, to her neither");
  check(amy.probe.isOpen, "after the 'not-in-room' error the server closed amy's connection: answer the mistake and keep the connection open");

  await amy.join('random');
  await amy.skipAll();
  await amy.say('random', 'now I am here');
  const heard = await ben.next('chat', "once amy had joined 'random', her chat there did not reach ben within 1000 ms");
  check(heard.text === 'now I am here', `ben received ${describeValue(heard.frame.text)}, expected amy's 'now I am here'`);
});

ex.test('leave-presence', async () => {
  const chat = await startChat(ex);
  const [zoe, amy] = [await chat.connect('zoe'), await chat.connect('amy')];
  await zoe.join('lobby');
  await amy.join('lobby');
  // A page may send join again for a room it is in (a retry): one leave still takes it out.
  await zoe.join('lobby');
  await amy.skipAll();
  await zoe.skipAll();

  await zoe.leave('lobby');
  const update = await amy.next('presence', "zoe left 'lobby', but amy, still in it, received no new presence message within 1000 ms");
  checkPresence(update, 'amy', 'lobby', ids(amy), "after zoe, who had sent join for 'lobby' twice, left it once (a room holds each member once)");

  await amy.say('lobby', 'still here');
  await amy.next('chat', "after zoe left, amy said 'still here' in 'lobby' and did not receive her own chat back within 1000 ms");
  await zoe.hearsNo(
    'chat',
    "left 'lobby' (after sending join for it twice) and must not hear it any more (a room holds each member once: take the leaver out of the room's members)",
  );

  await zoe.skipAll();
  await zoe.say('lobby', 'can I still talk?');
  const error = await zoe.next('error', "zoe left 'lobby', then said something there, and received no 'not-in-room' error within 1000 ms");
  check(error.code === 'not-in-room', `zoe's chat to 'lobby' after leaving it was answered with code ${describeValue(error.code)}, expected 'not-in-room'`);
  await amy.hearsNo('chat', "is in 'lobby', which zoe left: zoe's chat must not reach it");

  // Leaving a room one is not in changes nothing; the last one out leaves an empty room, which starts afresh.
  await zoe.leave('random');
  await amy.hearsNo('presence', "is in 'lobby', and zoe's leaving 'random', where she never was, is no news for anyone");
  await amy.leave('lobby');
  await zoe.join('lobby');
  await amy.join('lobby');
  const fresh = await zoe.next(
    'presence',
    "amy, the last one in 'lobby', left it; zoe joined it, then amy again, and zoe received no presence listing amy within 1000 ms",
    (message) => Array.isArray(message.members) && message.members.includes(amy.userId),
  );
  checkPresence(fresh, 'zoe', 'lobby', ids(amy, zoe), "after amy, the last member, had left 'lobby', and zoe, then amy, joined it again");

  // Joining and leaving all day must not pile listeners up on a socket. This is the subject's word
  // (the fixture's counts, what the process printed): it can make the test fail, never pass.
  const printed = chat.subject.printed().length;
  let early: ListenerCounts | null = null;
  for (let room = 1; room <= 12; room += 1) {
    await zoe.join(`room-${room}`);
    await zoe.leave(`room-${room}`);
    if (room === 2) early = await chat.listenerCounts(zoe);
  }
  const late = await chat.listenerCounts(zoe);
  const grown = early && late ? (['message', 'close', 'error'] as const).find((event) => late[event] > early[event]) : undefined;
  const warned = chat.subject.printed().slice(printed).includes('MaxListenersExceededWarning');
  if (grown || warned) {
    const counts = grown && early && late ? `zoe's socket went from ${early[grown]} '${grown}' listeners to ${late[grown]}` : 'Node printed MaxListenersExceededWarning';
    fail(
      `zoe joined and left 12 rooms one after the other, and ${counts}: each join adds a listener to the socket that leave never takes off. ` +
        "Add a socket's listeners once, when it connects: ws.on('close', () => rooms.disconnect(member))",
    );
  }
  check(zoe.probe.isOpen && amy.probe.isOpen, 'a connection was closed while its client left and joined rooms: leave every connection open');
});

ex.test('disconnect-presence', async () => {
  const chat = await startChat(ex);
  const [zoe, amy, ben] = [await chat.connect('zoe'), await chat.connect('amy'), await chat.connect('ben')];
  await zoe.join('lobby');
  await zoe.join('random');
  await amy.join('lobby');
  await ben.join('random');
  await amy.skipAll();
  await ben.skipAll();

  // The connection drops: no close frame, no 'leave'. Only the server's 'close' event says zoe is gone.
  zoe.probe.socket.terminate();
  const lobby = await amy.next(
    'presence',
    "zoe's connection dropped (no close frame, no leave), but amy in 'lobby' received no new presence within 1000 ms: " +
      "when a socket's 'close' event fires, rooms.disconnect(member) must take it out of every room it was in and tell each room",
  );
  checkPresence(lobby, 'amy', 'lobby', ids(amy), "after zoe's connection dropped");
  const random = await ben.next(
    'presence',
    "zoe's connection dropped and 'lobby' heard of it, but ben in 'random', zoe's other room, received no new presence within 1000 ms: leave every room in disconnect()",
  );
  checkPresence(random, 'ben', 'random', ids(ben), "after zoe's connection dropped");

  await amy.say('lobby', 'zoe?');
  await amy.next('chat', "after zoe's connection dropped, amy said 'zoe?' in 'lobby' and did not receive her own chat back within 1000 ms");

  // Out of every room means out of each room's members: when somebody joins next, the room is told without zoe.
  await ben.join('lobby');
  const lobbyNow = await amy.next(
    'presence',
    "after zoe's connection dropped, ben joined 'lobby', and amy, in it, received no new presence within 1000 ms",
    (message) => message.room === 'lobby',
  );
  checkPresence(lobbyNow, 'amy', 'lobby', ids(amy, ben), "when ben joined 'lobby' after zoe's connection dropped (a member whose connection dropped must be out of every room)");
  await amy.join('random');
  const randomNow = await ben.next(
    'presence',
    "after zoe's connection dropped, amy joined 'random', and ben, in it, received no new presence within 1000 ms",
    (message) => message.room === 'random',
  );
  checkPresence(randomNow, 'ben', 'random', ids(amy, ben), "when amy joined 'random' after zoe's connection dropped (a member whose connection dropped must be out of every room)");
  await chat.checkNoSendWhileNotOpen('a member whose connection dropped must be out of every room');
});

ex.test('broadcast-skips-closed', async () => {
  const chat = await startChat(ex);
  // cy joins first, so a broadcast that stops at cy's socket stops before the others.
  const cyIndex = chat.nextIndex;
  const cy = await HangingClient.connect(chat.port, 'cy');
  await chat.connectionAt(cyIndex, 'cy');
  cy.sendText(JSON.stringify({ type: 'join', room: 'lobby' }));
  // The fixture's count of handled messages and its readyState are waited on, never passed on.
  const joined = await chat.ask("when cy sent {\"type\":\"join\",\"room\":\"lobby\"}", () => chat.server.whenHandled(cyIndex, 1, ARRIVES_MS));
  check(joined >= 1, "the server did not handle cy's join within 1000 ms");
  const [amy, ben] = [await chat.connect('amy'), await chat.connect('ben')];
  await amy.join('lobby');
  await ben.join('lobby');
  await amy.skipAll();
  await ben.skipAll();

  // cy says goodbye with a close frame, but its TCP connection never finishes closing: the
  // server's socket for cy is CLOSING, its 'close' event has not fired, and cy is still a member.
  cy.sendClose();
  const state = await chat.ask('when cy sent a close frame', () => chat.server.whenState(cyIndex, 2, ARRIVES_MS));
  check(
    state === 2,
    `cy sent a close frame, but the server's socket for cy did not become CLOSING within 1000 ms (it is ${STATE_NAMES[state] ?? 'gone'})`,
  );

  await amy.say('lobby', 'who is still here?');
  const toBen = await ben.next(
    'chat',
    "cy's socket in 'lobby' was closing when amy said 'who is still here?' there, and ben received no chat within 1000 ms: skip a socket that is not OPEN and send to the others",
  );
  check(toBen.text === 'who is still here?', `ben received ${describeValue(toBen.frame.text)}, expected amy's 'who is still here?'`);
  await amy.next('chat', "cy's socket in 'lobby' was closing when amy spoke there, and amy did not receive her own chat back within 1000 ms");
  await chat.checkNoCrash("while amy's chat was fanned out");
  // ws drops a send on a socket that is not OPEN, so nothing of it reaches cy: only the fixture saw it.
  await chat.checkNoSendWhileNotOpen('before each send check socket.readyState === WebSocket.OPEN, and skip a socket that is closing or closed');
});

ex.test('room-name-validated', async () => {
  const chat = await startChat(ex);
  const [amy, ben] = [await chat.connect('amy'), await chat.connect('ben')];
  await ben.join('lobby');
  await ben.skipAll();
  const bad = [
    { type: 'join', room: 'Lobby' },
    { type: 'join', room: 'the lobby' },
    { type: 'join', room: '' },
    { type: 'join', room: 'x'.repeat(33) },
    { type: 'join' },
    { type: 'leave', room: 42 },
    { type: 'chat', room: 'lobby!', text: 'hi' },
    { type: 'chat', text: 'no room' },
  ];
  for (const message of bad) {
    const text = JSON.stringify(message);
    await amy.send(message);
    const error = await amy.next('error', `amy sent ${text} and received no error frame within 1000 ms: a room name is 1 to 32 of a-z, 0-9 and -`);
    check(error.code === 'bad-message', `amy sent ${text} and was answered with code ${describeValue(error.code)}, expected 'bad-message'`);
  }
  await ben.hearsNo('presence', "is in 'lobby', and nobody with a valid room name joined it");
  check(amy.probe.isOpen, 'after messages with invalid room names the server closed the connection: answer them and keep it open');
});
