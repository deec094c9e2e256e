/**
 * mergeMessages(loaded, live), the lesson's pure function: called in the subject
 * with lists the test chose, its result crossing back as data.
 */
import { isDeepStrictEqual } from 'node:util';
import { call, check, describeValue, gradedExercise } from '../../../harness';
import type * as MergeModule from '../../../../solutions/06-remix-data-meets-live-updates/app/lib/merge';
import { FIXTURE, shownList } from './support';

const ex = gradedExercise('06');

interface Shown {
  readonly id: number;
  readonly text: string;
}

const m = (id: number, text = `message ${id}`): Shown => ({ id, text });
const listed = (list: readonly Shown[]): string => `[${list.map((x) => x.id).join(', ')}]`;

ex.test('merge-by-id', async () => {
  const { mergeMessages } = await ex.load<typeof MergeModule>('app/lib/merge.ts', ['mergeMessages']);
  const cases: Array<{ loaded: Shown[]; live: Shown[]; expected: Shown[]; why: string }> = [
    { loaded: [m(1), m(2)], live: [m(3), m(4)], expected: [m(1), m(2), m(3), m(4)], why: 'the live ones come after the loaded ones' },
    {
      loaded: [m(1), m(2), m(3, 'as loaded')],
      live: [m(3, 'as it came live'), m(4)],
      expected: [m(1), m(2), m(3, 'as it came live'), m(4)],
      why: "message 3 is in both lists: it is shown once, live's copy",
    },
    { loaded: [m(2)], live: [m(5), m(3), m(4)], expected: [m(2), m(3), m(4), m(5)], why: 'a replay came after a live message: the list is in order of id, not of arrival' },
    { loaded: [], live: [m(7), m(7), m(8)], expected: [m(7), m(8)], why: 'the socket brought message 7 twice (live, then in a replay)' },
    { loaded: [m(10), m(11)], live: [m(9)], expected: [m(9), m(10), m(11)], why: 'a live message older than the loaded ones goes where its id puts it' },
    { loaded: [], live: [], expected: [], why: 'two empty lists' },
  ];
  for (const { loaded, live, expected, why } of cases) {
    const what = `mergeMessages(${listed(loaded)}, ${listed(live)})`;
    const merged: unknown = await call(what, () => mergeMessages(loaded, live));
    check(Array.isArray(merged), `${what} returned ${describeValue(merged)}, expected an array of messages`);
    check(
      isDeepStrictEqual(merged, expected),
      `${what} gave ${shownList(merged as unknown[])}, expected ${shownList(expected)} (${why})`,
    );
  }

  // The lists are React state and loader data: a merge that sorts or pushes into them changes what React holds.
  const after = await ex.fixture<{ loaded: Shown[]; live: Shown[] } | null>(
    FIXTURE, 'mergeKeepingInputs', { loaded: [m(2), m(1)], live: [m(4), m(3)] }, 'mergeMessages([2, 1], [4, 3])', 2000,
  );
  check(
    isDeepStrictEqual(after?.loaded, [m(2), m(1)]) && isDeepStrictEqual(after?.live, [m(4), m(3)]),
    `mergeMessages([2, 1], [4, 3]) changed the lists it was given: afterwards they were ${listed(after?.loaded ?? [])} and ${listed(after?.live ?? [])}. ` +
      'They are the loader\'s data and React state: build a new array (a Map, then [...values].sort()), never sort or push into them',
  );
});
