/**
 * What the browser-side tests of lessons 03 and 04 share. The learner's hook
 * or route runs on a page in the subject process (harness/page.ts: jsdom,
 * React, jsdom's real WebSocket); every socket it opens reaches the test's page
 * server on loopback, whose frames and handshakes are the evidence, with what
 * the page rendered (the values the hook returned, the page's text).
 */
import { describeValue, remoteKind, type GradedExercise } from '../../../harness';
import { openPage, PAGE_URL, type Page, type PageConnection, type PageServer, type PageServerOptions, type PageSnapshot } from '../../../harness/page';

export { PAGE_URL };
/** Where the hook must connect from PAGE_URL. */
export const SOCKET_URL = 'ws://localhost:3000/ws';

export const HOOK_FILE = 'app/hooks/useWebSocket.ts';
export const ROUTE_FILE = 'app/routes/_index.tsx';

export interface OpenedPage<T> {
  readonly page: Page<T>;
  readonly server: PageServer;
  /** The hook's file as the page loads it (relative to the target folder). */
  readonly hook: string;
}

/** `file` of the exercise as a page loads it: relative to the target folder, like ex.load's. */
export const pageFile = (ex: GradedExercise, file: string): string => `${ex.spec.slug}/${file}`;

/**
 * Loads the learner's hook (so a file that does not compile, or lacks the
 * export, is told as such), and opens a page in the test's subject, at `url`,
 * whose sockets reach a fresh page server. Nothing is mounted yet.
 */
export async function hookPage<T>(ex: GradedExercise, options: PageServerOptions & { url?: string } = {}): Promise<OpenedPage<T>> {
  await ex.load(HOOK_FILE, ['useWebSocket']);
  const opened = await openPage<T>(await ex.subject(), options);
  return { ...opened, hook: pageFile(ex, HOOK_FILE) };
}

/** The page's sockets as the server saw them, in words: "2 sockets (1 open, 1 closed)". */
export function socketsSeen(server: PageServer): string {
  const { sockets } = server;
  if (sockets.length === 0) return 'no WebSocket reached the server';
  const open = sockets.filter((s) => s.isOpen).length;
  const closed = sockets.filter((s) => s.closedWith !== null).length;
  const other = sockets.length - open - closed;
  const parts = [`${open} open`, ...(closed > 0 ? [`${closed} closed`] : []), ...(other > 0 ? [`${other} closing or not yet accepted`] : [])];
  return `${sockets.length} WebSocket${sockets.length === 1 ? '' : 's'} reached the server (${parts.join(', ')})`;
}

/**
 * Waits for the server to accept the page's first connection; fails saying
 * what the page did instead (no socket at all, or one never accepted).
 */
export async function firstConnection<T>(page: Page<T>, server: PageServer, options: { ms?: number; what?: string } = {}): Promise<PageConnection> {
  const ms = options.ms ?? 1000;
  const what = options.what ?? 'a component calling useWebSocket()';
  await page.waitFor(
    () => server.connections.seen.length > 0,
    ms,
    () => {
      const tried = server.sockets.map((s) => s.url);
      return tried.length === 0
        ? `${what} was rendered, but within ${ms} ms no WebSocket connected to the server: create it in a useEffect`
        : `${what} connected to ${tried.map((u) => describeValue(u)).join(', ')}, but the server never accepted it within ${ms} ms`;
    },
  );
  return server.connections.seen[0] as PageConnection;
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

/** A value the page's code returned, in words; a live object from the page by its class ('a Blob'). */
export function shown(value: unknown): string {
  const kind = remoteKind(value);
  if (kind !== null && kind !== 'Object') return `a ${kind}`;
  return describeValue(value);
}

/** The hook's `key` at the last render of `seen`, in words. */
export function latestShown<T>(seen: PageSnapshot<T>, key: keyof T): string {
  if (seen.values.length === 0) return 'nothing (the component never rendered)';
  return shown((seen.latest as T)[key]);
}

/** The page's text as the learner sees it, quoted. */
export const quotedText = (seen: PageSnapshot<unknown>): string => describeValue(seen.text.replace(/\s+/g, ' ').trim());
