import { isDeepStrictEqual } from 'node:util';
import { call, check, describeError, describeValue, fail, gradedExercise, RemoteThrow, returnedPromise } from '../../../harness';
import type * as Protocol from '../../../../solutions/04-a-message-protocol/app/lib/protocol';

const ex = gradedExercise('04');

ex.test('parse-client-message', async () => {
  const { parseClientMessage, encode } = await ex.load<typeof Protocol>('app/lib/protocol.ts', ['parseClientMessage', 'encode']);
  // The limit is given (not the learner's to change), so the test states it rather than reading it from their module.
  const MAX_FRAME_BYTES = 4096;
  // The learner's functions run in the subject: what they return crosses back as data, and that is what is judged.
  type Parsed = Awaited<ReturnType<typeof parseClientMessage>>;
  const parse = async (raw: string): Promise<Parsed> => {
    const result = await call(`parseClientMessage(${describeValue(raw)})`, () =>
      parseClientMessage(raw).catch((error: unknown) =>
        error instanceof RemoteThrow
          ? fail(`parseClientMessage(${describeValue(raw)}) threw ${describeError(error.thrown)}: it must return { ok: false, error } instead`)
          : Promise.reject(error),
      ),
    );
    check(!returnedPromise(parseClientMessage), `parseClientMessage(${describeValue(raw)}) returned a Promise: it must return its result directly`);
    return result;
  };

  const valid = await parse('{"type":"chat","text":"  hi there  "}');
  check(
    valid.ok === true && isDeepStrictEqual(valid.message, { type: 'chat', text: 'hi there' }),
    `parseClientMessage('{"type":"chat","text":"  hi there  "}') returned ${describeValue(JSON.stringify(valid))}, ` +
      `expected { ok: true, message: { type: 'chat', text: 'hi there' } } (the text trimmed)`,
  );

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['{"type":"chat","text":', 'bad-json', 'text that is not JSON'],
    ['{"type":"shout","text":"hi"}', 'unknown-type', 'a type that is not a client message type'],
    ['{"text":"hi"}', 'unknown-type', 'an object without a type'],
    ['{"type":"chat","text":""}', 'bad-message', 'an empty text'],
    ['{"type":"chat","text":"   "}', 'bad-message', 'a text of spaces (blank once trimmed)'],
    [JSON.stringify({ type: 'chat', text: 'z'.repeat(501) }), 'bad-message', 'a text of 501 characters'],
    ['{"type":"chat","text":["a"]}', 'bad-message', 'a text that is not a string'],
  ];
  for (const [raw, code, what] of cases) {
    const result = await parse(raw);
    if (result.ok) fail(`parseClientMessage() accepted ${what} (${describeValue(raw)}), expected { ok: false, error } with code '${code}'`);
    const { error } = result;
    check(
      error?.type === 'error' && error.code === code && typeof error.message === 'string',
      `for ${what}, parseClientMessage() returned the error ${describeValue(JSON.stringify(error))}, expected { type: 'error', code: '${code}', message: '…' }`,
    );
  }

  const withMax = await parse(JSON.stringify({ type: 'chat', text: 'm'.repeat(500) }));
  check(withMax.ok === true, 'parseClientMessage() refused a chat whose text is exactly 500 characters: 1 to 500 are allowed');

  // JSON allows whitespace after the value, so a valid chat can be padded to any size. The limit counts bytes of
  // UTF-8, what travels: '€' is one UTF-16 unit of a string's length, and three bytes.
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const padded = (chat: string, size: number): string => chat + ' '.repeat(size - bytes(chat));
  for (const text of ['hi', '€'.repeat(400)]) {
    const atLimit = padded(JSON.stringify({ type: 'chat', text }), MAX_FRAME_BYTES);
    const atLimitResult = await parse(atLimit);
    check(
      atLimitResult.ok === true,
      `parseClientMessage() refused a valid chat padded with spaces to exactly ${MAX_FRAME_BYTES} bytes (${atLimit.length} characters) ` +
        `(${describeValue(JSON.stringify(atLimitResult))}): a frame may be up to MAX_FRAME_BYTES bytes; only a larger one is 'too-big'`,
    );
    const overLimit = await parse(`${atLimit} `);
    const counted = overLimit.ok && atLimit.length < MAX_FRAME_BYTES ? ": count the frame's bytes of UTF-8 (raw.length counts UTF-16 units, not bytes)" : '';
    check(
      !overLimit.ok && overLimit.error?.code === 'too-big',
      `parseClientMessage() returned ${describeValue(JSON.stringify(overLimit))} for a frame of ${MAX_FRAME_BYTES + 1} bytes ` +
        `(${atLimit.length + 1} characters), expected the error code 'too-big'${counted}`,
    );
  }

  const message = { type: 'error', code: 'bad-json', message: 'The message is not valid JSON.' } as const;
  const encoded: unknown = await call(`encode(${JSON.stringify(message)})`, () => encode(message));
  check(typeof encoded === 'string', `encode() returned ${describeValue(encoded)}, expected a string (JSON text)`);
  check(
    isDeepStrictEqual(JSON.parse(encoded), message),
    `encode(${JSON.stringify(message)}) returned ${describeValue(encoded)}, which does not parse back to the same message`,
  );
});
