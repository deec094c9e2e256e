/**
 * Lesson 02's graded tests are fair and strong: a correct server.ts written
 * differently from the reference solution scores 100%, and each plausible
 * mistake a Key Moment warns about fails exactly the test of the stage that
 * names it, as a plain failure. The files are in test/alternatives/02-socket-on-remix-server/.
 */
import { gradeAlternatives, type Alternative } from '../helpers/alternatives';

/** Grading lesson 02 starts Vite several times and builds the app once. */
const GRADE_MS = 90_000;
const SERVER = 'server.ts';

const ALTERNATIVES_TO_GRADE: readonly Alternative[] = [
  { source: { file: 'correct-class.ts' }, replaces: SERVER, fails: {} },
  {
    source: { file: 'wrong-server-path.ts' }, replaces: SERVER,
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR client .* could not connect: the handshake was answered with HTTP 400/ },
  },
  {
    source: { file: 'wrong-destroys-in-dev.ts' }, replaces: SERVER,
    stage: 'connect',
    fails: { 'dev-leaves-hmr-alone': /HMR (client|socket).*in development/ },
  },
  {
    source: { file: 'wrong-no-1001.ts' }, replaces: SERVER,
    stage: 'close',
    fails: {
      'close-going-away': /did not close the connected \/ws clients? within 2000 ms: .*1001/,
      'prod-close': /did not close the connected \/ws client within 2000 ms/,
    },
  },
];

gradeAlternatives({ id: '02', slug: '02-socket-on-remix-server' }, ALTERNATIVES_TO_GRADE, GRADE_MS);
