import type { ExerciseSpec } from '../../manifest/types';

export const closingAndReconnecting: ExerciseSpec = {
  id: '08',
  slug: '08-closing-and-reconnecting',
  title: 'Closing and reconnecting',
  lesson: 'lessons/08-closing-and-reconnecting.md',
  continues: '07',
  files: ['app/lib/backoff.ts', 'app/lib/close-codes.ts', 'app/lib/chat-connection.ts', 'app/lib/shutdown.ts'],
  givenChanges: ['app/lib/protocol.ts', 'app/lib/chat-hub.ts', 'app/hooks/useWebSocket.ts', 'app/routes/rooms.$room.tsx', 'server.ts'],
  weightedStages: ['close', 'keep-alive', 'client-send'],
  tests: [
    { id: 'backoff-full-jitter', file: 'backoff.test.ts', stage: 'keep-alive', points: 2,
      title: 'backoffDelay(attempt, { baseMs, capMs, random }) is random() · min(capMs, baseMs · 2^attempt): capped exponential backoff with full jitter, one call of random per delay' },
    { id: 'reconnect-decision', file: 'close-codes.test.ts', stage: 'close', points: 2,
      title: 'reconnectAfter(code) is true after 1001, 1006, 1011, 1012 and 1013, and false after 1000, 1002, 1003, 1008, 1009 and the app\'s own 4000–4999' },
    { id: 'reconnects-with-backoff', file: 'reconnect.test.ts', stage: 'keep-alive', points: 3,
      title: 'a ChatConnection whose socket drops (1012, then without a close frame) connects again after backoffDelay() of one more attempt each time, not sooner, and again and again while the server is away' },
    { id: 'backoff-resets-after-stable', file: 'reconnect.test.ts', stage: 'keep-alive', points: 1,
      title: 'after a connection that stayed open stableMs, the next drop waits backoffDelay(0) again' },
    { id: 'no-reconnect-when-told', file: 'reconnect.test.ts', stage: 'close', points: 2,
      title: "no new connection follows a close with 1008 or one of the app's 4000–4999, nor the page's own close(), which closes with 1000; the state is then 'closed'" },
    { id: 'resumes-where-it-left', file: 'reconnect.test.ts', stage: 'client-send', points: 3,
      title: 'on each new connection the ChatConnection first joins every room the page is in, each with after: the id of the last message it received there, and no room it left' },
    { id: 'queue-bounded-in-order', file: 'reconnect.test.ts', stage: 'client-send', points: 2,
      title: 'chats sent while disconnected go out once the new connection has rejoined, in order, each once; once queueLimit wait, send() returns false and keeps no more' },
    { id: 'shutdown-graceful', file: 'shutdown.test.ts', stage: 'close', points: 3,
      title: 'closeClients(wss, 1012, reason, graceMs) sends every client a close frame with 1012 and the reason, ends those that answer as they answer, terminates those still open after graceMs, and resolves once every connection has ended' },
  ],
  hints: [
    'backoff.ts is one line: random() * Math.min(capMs, baseMs * 2 ** attempt). close-codes.ts: a check of five codes, CloseCode.GoingAway, Abnormal, InternalError, ServiceRestart and TryAgainLater.',
    "In chat-connection.ts, dropped(code): return in state 'closed' unless reconnectAfter(code). Reset this.attempt to 0 when the socket had been open stableMs; then " +
      "setTimeout(() => this.connect(), backoffDelay(this.attempt, this.options)) after this.attempt += 1, in state 'reconnecting'.",
    'send() queues a chat with this.outbox.push(encode(message)) unless the outbox holds queueLimit already (return false). resume(socket): one join per entry of this.rooms, ' +
      "{ type: 'join', room, after }, then the outbox's frames in order (this.outbox.splice(0) empties it).",
    "shutdown.ts: client.close(code, reason) for each of [...wss.clients]; await Promise.race([all of their 'close' events, a setTimeout of graceMs]); then terminate() those not CLOSED, " +
      "and wait for their 'close' too.",
  ],
  quiz: [
    {
      id: 'q1', stage: 'keep-alive', points: 1,
      question: 'A deploy restarts the server, and 5,000 open pages reconnect. Why does each page wait random(0, min(cap, base · 2^attempt)), and not base · 2^attempt?',
      options: {
        A: 'A random wait is shorter on average, so the pages are back sooner',
        B: 'Pages that dropped together would retry together at every attempt; full jitter spreads each attempt over its whole window',
        C: 'Browsers refuse to open two sockets to one server in the same millisecond',
        D: "The server's listen backlog takes one handshake per millisecond and drops the rest of the handshakes that arrive at the same time",
      },
      why: {
        A: 'being back soon is not the point (the average wait is half the ceiling); spreading the load is.',
        B: 'every page computes the same base · 2^attempt, so fixed steps bring them back in waves of 5,000; a random point in the window spreads each wave out.',
        C: 'browsers limit connections per host, not per millisecond; the herd is a load on the server, not a browser rule.',
        D: 'the backlog queues many handshakes at once; what hurts is 5,000 handshakes, joins and replays in the same instant.',
      },
      answeredIn: 'Key Moment 2',
    },
    {
      id: 'q2', stage: 'close', points: 1,
      question: "The server closes a page's socket with 1008 (Policy Violation): its login has expired. Why must the page not reconnect?",
      options: {
        A: '1008 is sent only when the server is shutting down for good',
        B: 'The browser refuses a new WebSocket to the same URL after a 1008',
        C: 'Nothing about the page has changed, so the server would refuse it again, as often as the backoff allows',
        D: 'A reconnect would make the server replay every message of the room twice over to the page, and the page would show each message twice',
      },
      why: {
        A: 'going away is 1001; 1008 says the peer broke a rule, whatever the server does next.',
        B: 'a browser keeps no memory of close codes: the page may connect again, which is exactly the mistake.',
        C: 'a policy close is about the page itself: the same page with the same login gets the same 1008, forever, until something changes (the user logs in again).',
        D: 'a replay sends what came after the cursor, and the merge by id shows each message once; the problem is the refusal, again and again.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q3', stage: 'client-send', points: 1,
      question: 'When a new socket opens, why does the ChatConnection send its joins before the chats that waited in its queue?',
      options: {
        A: 'The new socket is in no room yet: a chat for a room it has not joined is refused',
        B: 'The server handles the frames of one socket in the reverse order of their arrival',
        C: 'A join is shorter than a chat, and short frames must go first to keep TCP\'s window open',
        D: 'Each queued chat carries the cursor of its room, and the server reads the cursors from the join before it',
      },
      why: {
        A: 'membership belongs to a connection, and a new connection has none: the server answers a chat before its join with not-in-room.',
        B: 'frames of one socket are handled in order, which is why the joins must come first.',
        C: 'TCP does not care how long a frame is; the order matters to the chat server, not to TCP.',
        D: 'a chat carries only its room and text; the cursor travels in the join alone.',
      },
      answeredIn: 'Key Moment 4',
    },
  ],
};
