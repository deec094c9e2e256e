/** reconnectAfter() is a pure function: what it returns for each close code is the evidence. */
import { call, check, describeValue, gradedExercise } from '../../../harness';
import type * as Codes from '../../../../solutions/08-closing-and-reconnecting/app/lib/close-codes';

const ex = gradedExercise('08');

const AGAIN: ReadonlyArray<[number, string]> = [
  [1001, 'going away: the server is shutting down'],
  [1006, 'the connection dropped without a close frame'],
  [1011, 'the server met an internal error'],
  [1012, 'the server is restarting'],
  [1013, 'the server asks to try again later'],
];
const NEVER: ReadonlyArray<[number, string]> = [
  [1000, 'a normal close: its purpose is fulfilled'],
  [1002, 'a protocol error, which would happen again'],
  [1003, 'data the server does not accept'],
  [1008, 'a policy violation: the same page would be refused again'],
  [1009, 'a message too big, which would be sent again'],
  [4000, "the app's own code: the app said so"],
  [4001, "the app's own code: the app said so"],
  [4403, "the app's own code: the app said so"],
  [4999, "the app's own code: the app said so"],
];

ex.test('reconnect-decision', async () => {
  const { reconnectAfter } = await ex.load<typeof Codes>('app/lib/close-codes.ts', ['reconnectAfter']);
  for (const [code, meaning] of AGAIN) {
    const got = await call(`reconnectAfter(${code})`, () => reconnectAfter(code));
    check(got === true, `reconnectAfter(${code}) returned ${describeValue(got)}, expected true: ${code} is ${meaning}, so the page comes back`);
  }
  for (const [code, meaning] of NEVER) {
    const got = await call(`reconnectAfter(${code})`, () => reconnectAfter(code));
    check(got === false, `reconnectAfter(${code}) returned ${describeValue(got)}, expected false: ${code} is ${meaning}`);
  }
});
