import type { ExerciseSpec } from '../../manifest/types';

export const stayingAlive: ExerciseSpec = {
  id: '07',
  slug: '07-staying-alive',
  title: 'Staying alive',
  lesson: 'lessons/07-staying-alive.md',
  continues: '06',
  files: ['app/lib/keep-alive.ts', 'app/lib/watch-connection.ts', 'app/lib/rooms.ts'],
  givenChanges: ['app/lib/protocol.ts', 'app/lib/socket-server.ts', 'app/hooks/useWebSocket.ts', 'server.ts'],
  weightedStages: ['keep-alive', 'server-send'],
  tests: [
    { id: 'live-peer-kept', file: 'keep-alive.test.ts', stage: 'keep-alive', points: 3,
      title: 'keepAlive(wss, interval) pings every client once an interval, and never terminates a client that answers every ping, however many intervals pass' },
    { id: 'silent-peer-terminated', file: 'keep-alive.test.ts', stage: 'keep-alive', points: 3,
      title: 'a client whose network goes silent (no pong, no close frame) is terminated by the second interval after it went silent: ' +
        'its connection ends without waiting for a close handshake, and the clients that answer stay' },
    { id: 'heartbeat-stops', file: 'keep-alive.test.ts', stage: 'keep-alive', points: 2,
      title: 'after the function keepAlive() returns is called, no client is pinged any more; and once the server has closed, keepAlive() has left no timer behind' },
    { id: 'client-pings', file: 'watch-connection.test.ts', stage: 'keep-alive', points: 2,
      title: "watchConnection(socket, { pingMs }) sends the text { \"type\": \"ping\" } once every pingMs while the socket is open" },
    { id: 'client-detects-silence', file: 'watch-connection.test.ts', stage: 'keep-alive', points: 3,
      title: 'watchConnection() calls onSilent once when no message of any kind has arrived for silenceMs (not sooner, and by the next ping after that), ' +
        'and never while pongs or other messages keep coming' },
    { id: 'client-stops', file: 'watch-connection.test.ts', stage: 'keep-alive', points: 1,
      title: 'the function watchConnection() returns stops it: no more pings, no onSilent, no timer left behind; and once onSilent has been called, the same' },
    { id: 'slow-consumer-dropped', file: 'slow-consumer.test.ts', stage: 'server-send', points: 3,
      title: 'a client that stops reading is dropped once more than MAX_BUFFERED_BYTES (1 MiB) waits for it, and a client in the same room that reads ' +
        'gets every message, in order, throughout' },
    { id: 'burst-under-bound', file: 'slow-consumer.test.ts', stage: 'server-send', points: 1,
      title: 'a client that stops reading for a moment, while less than MAX_BUFFERED_BYTES waits for it, is not dropped: what was sent meanwhile reaches it, every message in order' },
  ],
  hints: [
    "Start with app/lib/keep-alive.ts, the ws README's heartbeat: a WeakSet of the sockets that answered. Add each socket on 'connection' and again on its 'pong'.",
    'Every intervalMs (setInterval), for each socket of wss.clients: not in the set → socket.terminate(); in the set → delete it, then socket.ping(). ' +
      "Clear the interval in wss.once('close', …) and in the function you return.",
    "In app/lib/watch-connection.ts: setInterval(() => socket.send(encode({ type: 'ping' })), pingMs), and a setTimeout(silenceMs) that you clear and " +
      "start again in a 'message' listener. When it fires: clear both timers, remove the listener, then call onSilent().",
    "In app/lib/rooms.ts's send(): if (socket.bufferedAmount > MAX_BUFFERED_BYTES) { socket.terminate(); return; } before socket.send(data).",
  ],
  quiz: [
    {
      id: 'q1', stage: 'keep-alive', points: 1,
      question: 'The heartbeat finds a client that did not answer its last ping. Why does it call terminate() on it, not close(1001)?',
      options: {
        A: 'close() is only for the client side of a connection; a server must use terminate()',
        B: 'terminate() sends a close frame with code 1006, which tells the browser to reconnect',
        C: 'close() would wake the client up, and it would answer the ping after all',
        D: "close() waits for the peer's close frame, and a peer that is gone never sends one",
      },
      why: {
        A: 'both sides may close with a code; ws servers call close() for every orderly goodbye, as lesson 01 did with 1001.',
        B: 'terminate() sends no frame at all: 1006 is what the other side reports when the connection ends without one, and it never travels on the wire.',
        C: 'a peer whose network is gone receives nothing, a close frame no more than a ping.',
        D: 'the close handshake needs the peer, and this peer is gone: terminate() ends the TCP connection now, and frees what waits for it.',
      },
      answeredIn: 'Key Moment 1',
    },
    {
      id: 'q2', stage: 'keep-alive', points: 1,
      question: 'The server already pings every client every 30 s. Why does the page send { type: \'ping\' } messages of its own?',
      options: {
        A: "A page's JavaScript can neither send a ping frame nor see one arrive, so only messages it can read tell it the connection still works",
        B: "The server's pings reach only the server's own sockets; the browser's side needs pings of its own to stay open",
        C: 'A proxy counts only the traffic the client sends, so the pings from the server do not keep the connection open',
        D: 'Ping frames are binary, and the page accepts only text frames',
      },
      why: {
        A: 'the browser answers ping frames below the page, unseen: a page that wants to notice a dead connection needs frames it can read, and a timer.',
        B: 'there is one connection, and the browser answers every ping on it; the question is what the page itself can see.',
        C: 'an idle timeout counts bytes either way; the server\'s pings and the browser\'s pongs both count.',
        D: 'ping is a control frame, neither text nor binary, and the browser handles it before any page code.',
      },
      answeredIn: 'Key Moment 2',
    },
    {
      id: 'q3', stage: 'server-send', points: 1,
      question: 'One client of a busy room stops reading (its tab is frozen, its network crawls). Without the MAX_BUFFERED_BYTES check in send(), what happens?',
      options: {
        A: 'ws.send() throws once the network buffers are full, and the broadcast loop stops there for everyone else in the room',
        B: "The room slows down to that client's pace: broadcast() waits for each send",
        C: 'The kernel drops the messages that do not fit, and the client misses some',
        D: 'Every message the room sends waits in the server\'s memory for that client, without end',
      },
      why: {
        A: 'send() does not throw on a full network: it buffers, and says so in bufferedAmount.',
        B: 'send() returns at once; the others are served at their own pace, which is why nobody notices the memory growing.',
        C: 'TCP loses nothing: what does not fit in the kernel waits in the process, in bufferedAmount.',
        D: 'the buffer is the server\'s memory, and it grows with every message of the room until the client reads or the server runs out.',
      },
      answeredIn: 'Key Moment 4',
    },
  ],
};
