/**
 * The lesson 08 app in a real browser, built and served in production mode as
 * the lesson 05 test does (see two-tabs.test.ts for why), on a database file of
 * its own. Two tabs (Amy and Zoe) are in the lobby when the server restarts:
 * close({ restart: true }) tells each page 1012, and a new server comes up on
 * the same port and the same file. A message posted while the pages are away
 * (over plain HTTP, by the test) must reach both: each page's ChatConnection
 * connects again by itself, rejoins the lobby with the id of the last message
 * it has, and the server replays what came after it. Each page then shows every
 * message exactly once, in order, and a message posted after the reconnect
 * arrives live. The unit tests check each piece with fake sockets and clocks;
 * only a browser checks that they fit: the real WebSocket's close codes, the
 * backoff's timers, React's state, and the merge of loaded and live messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { buildSolution, haveChromium, launchChromium, roomMessages, sendWithForm } from '../helpers/browser';
import { startAppServer, type AppServer } from '../../solutions/08-closing-and-reconnecting/server';

/** After a 1012 a page waits up to 0.5 s, then (while the server is still down) up to 1 s, 2 s…: room for a few attempts. */
const STEP_MS = 20_000;

const messages = roomMessages;
const dataIds = (page: Page) => messages(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));

/** Posts the room's form: a name and a text, then Send; resolves once the post and the data loaded after it are done. */
async function post(page: Page, name: string, text: string): Promise<void> {
  await sendWithForm(page, name, text);
  await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).inputValue(), { timeout: STEP_MS }).toBe('');
}

interface Tab {
  readonly page: Page;
  /** Every "Socket: …" state the page rendered, in order, each change once. */
  readonly states: string[];
  /** The URL of every WebSocket the page opened (attempts that failed too). */
  readonly sockets: string[];
  /** Uncaught errors in the page. */
  readonly errors: string[];
}

/**
 * Opens the lobby in a new tab and waits until its socket is open. The status is recorded by a
 * MutationObserver in the page itself, on every DOM change, and sent out through an exposed function:
 * a state that lasts only a moment ('reconnecting' may) is not missed between two polls.
 */
async function openTab(browser: Browser, url: string): Promise<Tab> {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  const tab: Tab = { page, states: [], sockets: [], errors: [] };
  page.on('websocket', (socket) => tab.sockets.push(socket.url()));
  page.on('pageerror', (error) => tab.errors.push(error.message));
  await page.exposeFunction('reportSocketState', (state: string) => void tab.states.push(state));
  await page.addInitScript(() => {
    const report = (window as unknown as { reportSocketState(state: string): void }).reportSocketState;
    let last: string | undefined;
    const look = (): void => {
      const state = document.querySelector('.status strong')?.textContent ?? undefined;
      if (state === undefined || state === last) return;
      last = state;
      report(state);
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${url}/rooms/lobby`);
  await page.getByText('Socket: open').waitFor();
  return tab;
}

test('the lesson 08 app reconnects after a server restart and shows every message once', async (context) => {
  if (!haveChromium('the lesson 08 browser test', () => context.skip())) return;
  const data = mkdtempSync(join(tmpdir(), 'realtime-remix-08-'));
  const database = join(data, 'chat.db');
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  const build = await buildSolution('08-closing-and-reconnecting');
  try {
    const start = (port: number) => startAppServer({ mode: 'production', host: '127.0.0.1', port, buildDirectory: build.buildDirectory, database });
    server = await start(0);
    const { port, url } = server;
    browser = await launchChromium();

    // Two tabs in the lobby, each with its socket open. Amy posts with the form: both show it once.
    const amy = await openTab(browser, url);
    const zoe = await openTab(browser, url);
    await post(amy.page, 'amy', 'before the restart');
    for (const { page } of [amy, zoe]) {
      await expect.poll(() => messages(page).allTextContents(), { timeout: STEP_MS }).toEqual(['amy: before the restart']);
    }
    const opened = { amy: amy.sockets.length, zoe: zoe.sockets.length };
    for (const tab of [amy, zoe]) tab.states.splice(0);

    // The restart: every page is told 1012; a new server comes up at once on the same port and file.
    await server.close({ restart: true });
    server = undefined;
    server = await start(port);
    expect(server.url).toBe(url);

    // At once, before the pages are (all) back: a plain form post, stored and broadcast to whoever is in the lobby.
    const posted = await fetch(`${url}/rooms/lobby`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'ben', text: 'while the pages were away' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(302);
    expect(posted.headers.get('location')).toBe('/rooms/lobby');

    // Each page comes back by itself, and has each message once, in order: the one it had, and the one
    // it missed (live, or replayed after its join's cursor, whichever its timing gave it).
    const twoMessages = ['amy: before the restart', 'ben: while the pages were away'];
    for (const tab of [amy, zoe]) {
      await expect.poll(() => messages(tab.page).allTextContents(), { timeout: STEP_MS }).toEqual(twoMessages);
      await tab.page.getByText('Socket: open').waitFor();
    }
    for (const name of ['amy', 'zoe'] as const) {
      const tab = { amy, zoe }[name];
      // The page's own record of its status (see openTab), not a poll: 'reconnecting' is set when the 1012
      // arrives and lasts until a new socket opens, a network handshake later (so React renders it), and
      // no poll can miss it however short it is. A second socket proves the page did not just stay put.
      expect(tab.states, `${name}'s page showed 'reconnecting', then 'open'`).toContain('reconnecting');
      expect(tab.states.at(-1)).toBe('open');
      expect(tab.sockets.length, `${name}'s page opened a new socket`).toBeGreaterThan(opened[name]);
      const ids = await dataIds(tab.page);
      expect(new Set(ids).size, `${name}'s list repeats no data-id: ${ids.join(', ')}`).toBe(ids.length);
    }

    // After the reconnect, Zoe posts with the form: both pages show it live, once.
    await post(zoe.page, 'zoe', 'after the restart');
    const threeMessages = [...twoMessages, 'zoe: after the restart'];
    for (const tab of [amy, zoe]) {
      await expect.poll(() => messages(tab.page).allTextContents(), { timeout: STEP_MS }).toEqual(threeMessages);
      const ids = await dataIds(tab.page);
      expect(new Set(ids).size).toBe(3);
      expect(tab.errors, 'no uncaught error in the page').toEqual([]);
    }
  } finally {
    await browser?.close();
    await server?.close();
    build.remove();
    rmSync(data, { recursive: true, force: true });
  }
}, 120_000);
