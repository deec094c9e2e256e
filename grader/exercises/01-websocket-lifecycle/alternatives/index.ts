/**
 * Lesson 01's graded tests are fair and strong: a correct server.ts written
 * differently from the reference solution (a file in this folder) scores 100%,
 * and each plausible mistake, made as one edit of the solution, fails exactly
 * the tests that name it, in its stage, with the words a learner needs.
 */
import { replaceOnce, type Alternative, type Alternatives } from '../../../manifest/alternatives';

// Each grade of lesson 01 starts a subject per test file: quick, but not on a loaded machine.
const GRADE_MS = 60_000;
const SERVER = 'server.ts';

const alternatives: readonly Alternative[] = [
  { source: { file: 'correct-events-once.ts' }, replaces: SERVER, fails: {} },
  {
    // Key Moment: ws hands a text frame over as a Buffer by default. Expecting a string, this refuses every frame with 1003.
    source: {
      name: 'frames that are not strings refused with 1003',
      edit: (server) =>
        replaceOnce(server, '    const text = data.toString();', "    if (typeof data !== 'string') return socket.close(1003, 'Text only');\n    const text = data.toString();"),
    },
    replaces: SERVER,
    stage: 'server-receive',
    // Every test that waits for a reply fails too, each saying the connection closed instead.
    fails: {
      'server-reads-text': /the server closed the connection \(code 1003\) after the client sent 'Hello Server', and server\.lastReceived stayed null/,
      'server-decides-reply': /after the client sent 'Hello Server': the connection closed first, with code 1003/,
      'server-replies-to-sender': /after the client sent 'Hello Server': the connection closed first, with code 1003/,
      'server-stays-open': /after the client sent 'Hello Server': the connection closed first, with code 1003/,
      'server-survives-bad-frame': /after the client sent 'Hello Server': the connection closed first, with code 1003/,
      'lifecycle-end-to-end': /rejected with Error: Connection closed with 1003 before any reply/,
    },
  },
];

export default { gradeMs: GRADE_MS, alternatives } satisfies Alternatives;
