/**
 * Lesson 08's graded tests are fair and strong: a correct backoff, close-code
 * table, connection and shutdown written differently from the reference
 * solution score 100%; each mistake a Key Moment warns about fails the tests of
 * its stage, as plain failures. A whole file is in this folder; a mistake that
 * is one change to the solution is that change.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

/** One grade of lesson 08: every wait is on a fake clock; the backoff test makes forty calls. */
const GRADE_MS = 90_000;
const BACKOFF = 'app/lib/backoff.ts';
const CODES = 'app/lib/close-codes.ts';
const CONNECTION = 'app/lib/chat-connection.ts';
const SHUTDOWN = 'app/lib/shutdown.ts';

const RESUME = "    for (const [room, after] of this.rooms) socket.send(encode({ type: 'join', room, after }));\n    for (const frame of this.outbox.splice(0)) socket.send(frame);\n";

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-backoff.ts' }, replaces: BACKOFF, fails: {} },
  { source: { file: 'correct-shutdown.ts' }, replaces: SHUTDOWN, fails: {} },
  {
    source: {
      name: 'a close-code check through a Set',
      edit: (codes) =>
        replaceOnce(
          codes,
          '  return (\n    code === CloseCode.GoingAway ||\n    code === CloseCode.Abnormal ||\n    code === CloseCode.InternalError ||\n    code === CloseCode.ServiceRestart ||\n    code === CloseCode.TryAgainLater\n  );\n',
          '  const again = new Set<number>([1001, 1006, 1011, 1012, 1013]);\n  return again.has(code);\n',
        ),
    },
    replaces: CODES,
    fails: {},
  },
  {
    source: {
      name: 'a connection that resets its backoff from a timer started on open',
      edit: (connection) =>
        replaceOnce(
          replaceOnce(
            connection,
            '    const onOpen = (): void => {\n      this.openedAt = Date.now();\n',
            '    let stable: ReturnType<typeof setTimeout> | undefined;\n    const onOpen = (): void => {\n      this.openedAt = Date.now();\n' +
              '      stable = setTimeout(() => (this.attempt = 0), this.options.stableMs ?? STABLE_MS);\n',
          ),
          '    const onClose = (event: { readonly code: number }): void => {\n',
          '    const onClose = (event: { readonly code: number }): void => {\n      clearTimeout(stable);\n',
        ).replace('    if (this.openedAt !== null && Date.now() - this.openedAt >= stableMs) this.attempt = 0;\n', '    void stableMs;\n'),
    },
    replaces: CONNECTION,
    fails: {},
  },
  {
    source: { name: 'a backoff without jitter: base · 2^attempt, capped', edit: (source) => replaceOnce(source, '  return random() * Math.min(capMs, baseMs * 2 ** attempt);\n', '  void random;\n  return Math.min(capMs, baseMs * 2 ** attempt);\n') },
    replaces: BACKOFF,
    stage: 'keep-alive',
    fails: {
      'backoff-full-jitter': /^backoffDelay\(0, \{ baseMs: 100, capMs: 5000, random: \(\) => 0 \}\) returned 100, expected 0: random\(\) times the ceiling/,
      'reconnects-with-backoff': /^when its connection was closed with 1012 \(Service Restart\) \(attempt 0\), the ChatConnection had not connected again 500 ms later/,
      'backoff-resets-after-stable': /^when its connection dropped \(attempt 0\), the ChatConnection had not connected again 500 ms later/,
    },
  },
  {
    source: { name: 'a backoff without a cap', edit: (source) => replaceOnce(source, '  return random() * Math.min(capMs, baseMs * 2 ** attempt);\n', '  void capMs;\n  return random() * baseMs * 2 ** attempt;\n') },
    replaces: BACKOFF,
    stage: 'keep-alive',
    fails: {
      'backoff-full-jitter': /^backoffDelay\(6, \{ baseMs: 100, capMs: 5000, random: \(\) => 0\.25 \}\) returned 1600, expected 1250/,
      'reconnects-with-backoff': /^while the server refused every handshake \(attempt 4\), the ChatConnection had not tried again 4000 ms later/,
    },
  },
  {
    source: { name: 'a connection that never starts its backoff over', edit: (source) => replaceOnce(source, '    if (this.openedAt !== null && Date.now() - this.openedAt >= stableMs) this.attempt = 0;\n', '    void stableMs;\n') },
    replaces: CONNECTION,
    stage: 'keep-alive',
    fails: { 'backoff-resets-after-stable': /^after a connection that had stayed open for stableMs \(5000 ms\) dropped, backoffDelay\(0\) was due again.*had not connected again 500 ms later/ },
  },
  {
    source: {
      name: 'a reconnect after every close but a normal one',
      edit: (codes) =>
        replaceOnce(
          codes,
          '  return (\n    code === CloseCode.GoingAway ||\n    code === CloseCode.Abnormal ||\n    code === CloseCode.InternalError ||\n    code === CloseCode.ServiceRestart ||\n    code === CloseCode.TryAgainLater\n  );\n',
          '  return code !== CloseCode.Normal;\n',
        ),
    },
    replaces: CODES,
    stage: 'close',
    fails: {
      'reconnect-decision': /^reconnectAfter\(1002\) returned true, expected false/,
      'no-reconnect-when-told': /^after a policy close \(1008\), the ChatConnection connected again: a close that says "do not come back" is obeyed/,
    },
  },
  {
    source: { name: 'a queue without a bound', edit: (source) => replaceOnce(source, '    if (this.outbox.length >= (this.options.queueLimit ?? QUEUE_LIMIT)) return false;\n', '') },
    replaces: CONNECTION,
    stage: 'client-send',
    fails: { 'queue-bounded-in-order': /^send\(\) of a 4th chat while 3 waited \(queueLimit: 3\) returned true, expected false/ },
  },
  {
    source: {
      name: 'a resume that sends the waiting chats before the joins',
      edit: (source) =>
        replaceOnce(source, RESUME, "    for (const frame of this.outbox.splice(0)) socket.send(frame);\n    for (const [room, after] of this.rooms) socket.send(encode({ type: 'join', room, after }));\n"),
    },
    replaces: CONNECTION,
    stage: 'client-send',
    fails: { 'queue-bounded-in-order': /^on its new connection, the ChatConnection sent \{"type":"chat".*: the rejoin comes first/ },
  },
  {
    source: {
      name: 'a resume that rejoins from the cursor the page first joined with',
      edit: (source) => replaceOnce(source, '      if (message.type === \'chat\' && cursor !== undefined && message.id > cursor) this.rooms.set(message.room, message.id);\n', '      void cursor;\n'),
    },
    replaces: CONNECTION,
    stage: 'client-send',
    fails: { 'resumes-where-it-left': /^on its new connection, the ChatConnection sent .*"after":0.*first; expected .*"after":3/ },
  },
  {
    source: {
      name: 'a shutdown that terminates every client at once',
      edit: (source) => replaceOnce(source, '  for (const client of clients) client.close(code, reason);\n', '  for (const client of clients) client.terminate();\n'),
    },
    replaces: SHUTDOWN,
    stage: 'close',
    fails: { 'shutdown-graceful': /^a client was closed with 1006, expected 1012 \(Service Restart\)/ },
  },
  {
    source: {
      name: 'a shutdown that waits for every answer, however long',
      edit: (source) => replaceOnce(source, '  await Promise.race([Promise.all(ended), grace]);\n', '  void grace;\n  await Promise.all(ended);\n'),
    },
    replaces: SHUTDOWN,
    stage: 'close',
    fails: { 'shutdown-graceful': /^graceMs \(2000 ms\) had passed, and a client that never answered the close frame was still connected/ },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
