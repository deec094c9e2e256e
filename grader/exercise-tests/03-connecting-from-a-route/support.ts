/**
 * What the browser-side tests of lessons 03 and 04 share: the page's location,
 * a component that calls the learner's hook and keeps every value it returned,
 * and a watch for errors the page's code throws where no call of the test can
 * catch them (in a socket event handler, or in a render React schedules).
 * Needs jsdom. The test's server is harness/mock-server.ts.
 */
import { cleanup, render } from '@testing-library/react';
import { createElement, StrictMode, type FunctionComponent, type ReactElement } from 'react';
import { catchUncaught, describeError, describeValue, fail, onCleanup, sleep } from '../../harness';
import type { Uncaught } from '../../harness/resources';

/** jsdom's own page URL; the tests that move the page put it back. */
export const PAGE_URL = 'http://localhost:3000/';
/** Where the hook must connect from PAGE_URL. */
export const SOCKET_URL = 'ws://localhost:3000/ws';

interface Jsdom {
  reconfigure(settings: { url: string }): void;
}

/** Moves the page to `url` (protocol, host and path) for this test. */
export function movePage(url: string): void {
  const jsdom = (globalThis as { jsdom?: Jsdom }).jsdom;
  if (!jsdom) throw new Error('movePage() needs the jsdom environment');
  jsdom.reconfigure({ url });
  onCleanup(() => jsdom.reconfigure({ url: PAGE_URL }));
}

/**
 * Collects what the page's code throws outside the test's calls. Each wait of
 * a Page checks it, so a test fails saying what was thrown, not that nothing happened.
 */
export function watchCrashes(): Uncaught {
  return catchUncaught();
}

/** The text of every text node, space-separated: textContent runs '<b>open</b>Last' together into 'openLast'. */
function textOf(node: Node): string {
  const parts: string[] = [];
  const walker = node.ownerDocument?.createTreeWalker(node, 4 /* NodeFilter.SHOW_TEXT */);
  for (let text = walker?.nextNode(); text; text = walker?.nextNode()) parts.push(text.nodeValue ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function crashMessage(crashes: Uncaught): string | null {
  const [first] = crashes.errors;
  if (!first) return null;
  return `the page's code threw ${describeError(first)}${crashes.errors.length > 1 ? ` (and ${crashes.errors.length - 1} more error(s))` : ''}`;
}

export interface Page<T> {
  /** Every value the hook returned, render by render (StrictMode renders twice). */
  readonly values: readonly T[];
  latest(): T;
  /** The component's text content. */
  text(): string;
  rerender(): void;
  unmount(): void;
  /** Waits until `condition` holds; fails with `failure` after `ms`, or at once if the page's code threw. */
  waitFor(condition: () => boolean, ms: number, failure: string): Promise<void>;
  /** Fails if the page's code has thrown so far. */
  checkNoCrash(when: string): void;
}

function pageFor<T>(values: T[], crashes: Uncaught, mounted: ReturnType<typeof render>, element: () => ReactElement, what: string): Page<T> {
  const checkNoCrash = (when: string): void => {
    const crash = crashMessage(crashes);
    if (crash) fail(`${crash} ${when}`);
  };
  return {
    values,
    latest: () => {
      const value = values[values.length - 1];
      if (value === undefined) fail(`${what} never rendered`);
      return value;
    },
    text: () => textOf(mounted.container),
    rerender: () => {
      try {
        mounted.rerender(element());
      } catch (error) {
        fail(`re-rendering ${what} threw ${describeError(error)}`);
      }
    },
    unmount: () => {
      try {
        mounted.unmount();
      } catch (error) {
        fail(`unmounting ${what} threw ${describeError(error)}`);
      }
    },
    async waitFor(condition, ms, failure) {
      const deadline = Date.now() + ms;
      for (;;) {
        checkNoCrash('while the test waited');
        if (condition()) return;
        if (Date.now() >= deadline) fail(failure);
        await sleep(5);
      }
    },
    checkNoCrash,
  };
}

/**
 * Renders `Component` (in StrictMode when `strict`), and registers its
 * unmounting for after the test. Rendering that throws fails the test in plain words.
 */
export function renderPage<T>(
  Component: FunctionComponent,
  values: T[],
  crashes: Uncaught,
  options: { strict?: boolean; what?: string } = {},
): Page<T> {
  const what = options.what ?? 'the component';
  // A new element each time, with new (empty) props: React re-renders the component instead of bailing out.
  const element = (): ReactElement => (options.strict ? createElement(StrictMode, null, createElement(Component)) : createElement(Component));
  onCleanup(async () => {
    cleanup();
    // mock-socket closes 4 ms after close(): let that happen before the mock server stops.
    await sleep(10);
  });
  let mounted: ReturnType<typeof render>;
  try {
    mounted = render(element());
  } catch (error) {
    fail(`rendering ${what} threw ${describeError(error)}`);
  }
  return pageFor(values, crashes, mounted, element, what);
}

/**
 * Renders a component that calls `useHook()` on every render and keeps what it returned.
 */
export function renderHookPage<T>(useHook: () => T, crashes: Uncaught, options: { strict?: boolean } = {}): Page<T> {
  const values: T[] = [];
  const Probe: FunctionComponent = () => {
    values.push(useHook());
    return null;
  };
  return renderPage(Probe, values, crashes, { ...options, what: 'a component that calls useWebSocket()' });
}

/** The distinct values of `key` in the order they appeared, repeats collapsed: connecting → open → closed. */
export function sequence<T>(values: readonly T[], key: (value: T) => unknown): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    const item = key(value);
    if (out.length === 0 || out[out.length - 1] !== item) out.push(item);
  }
  return out;
}

export const shownSequence = (items: readonly unknown[]): string => items.map((i) => describeValue(i)).join(' → ');
