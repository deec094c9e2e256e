/**
 * The lesson 06 app in a real browser, built and served in production mode as
 * the lesson 05 test does (see two-tabs.test.ts for why), on a database file of
 * its own. A tab with JavaScript off posts with the room's plain form and reads
 * the history the server rendered; a tab with JavaScript on sees that post live,
 * posts one itself (Remix then loads the page's data again: the message is in
 * both lists), and shows each message once. After a restart on the same file the
 * history is still there. Moving between rooms keeps the tab's one socket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { buildSolution, haveChromium, launchChromium, roomMessages, sendWithForm } from '../helpers/browser';
import { startAppServer, type AppServer } from '../../solutions/06-remix-data-meets-live-updates/server';

const STEP_MS = 15_000;

const messages = roomMessages;

/** Posts the room's form: a name and a text, then Send. */
async function post(page: Page, name: string, text: string): Promise<void> {
  await sendWithForm(page, name, text);
}

test('the lesson 06 app keeps its history across a restart, works without JavaScript, and shows each live message once', async (context) => {
  if (!haveChromium('the lesson 06 browser test', () => context.skip())) return;
  const data = mkdtempSync(join(tmpdir(), 'realtime-remix-06-'));
  const database = join(data, 'chat.db');
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  const build = await buildSolution('06-remix-data-meets-live-updates');
  try {
    const start = () => startAppServer({ mode: 'production', host: '127.0.0.1', port: 0, buildDirectory: build.buildDirectory, database });
    server = await start();
    browser = await launchChromium();

    // A tab with JavaScript: its one socket opens, and the page joins the lobby.
    const live = await browser.newPage();
    live.setDefaultTimeout(STEP_MS);
    await live.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    const sockets: string[] = [];
    live.on('websocket', (socket) => sockets.push(socket.url()));
    await live.goto(`${server.url}/rooms/lobby`);
    await live.getByText('Socket: open').waitFor();
    // A production build: React runs no StrictMode double effects, so the tab opened exactly one socket.
    const opened = sockets.length;
    expect(opened).toBe(1);

    // A tab without JavaScript posts with the plain form, and is shown the room the server rendered.
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    plain.setDefaultTimeout(STEP_MS);
    await plain.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await plain.goto(`${server.url}/rooms/lobby`);
    await post(plain, 'ben', 'posted with JavaScript off');
    await expect.poll(() => messages(plain).allTextContents(), { timeout: STEP_MS }).toEqual(['ben: posted with JavaScript off']);

    // The tab with JavaScript hears it live; then posts one itself, which comes back live and in the reloaded data.
    await expect.poll(() => messages(live).allTextContents(), { timeout: STEP_MS }).toEqual(['ben: posted with JavaScript off']);
    await post(live, 'amy', 'posted with JavaScript on');
    await expect
      .poll(() => messages(live).allTextContents(), { timeout: STEP_MS })
      .toEqual(['ben: posted with JavaScript off', 'amy: posted with JavaScript on']);
    // The form's fetch and the data loaded after it are done when the text box is empty again: still each once.
    await expect.poll(() => live.getByRole('textbox', { name: 'Message' }).inputValue(), { timeout: STEP_MS }).toBe('');
    expect(await messages(live).allTextContents()).toEqual(['ben: posted with JavaScript off', 'amy: posted with JavaScript on']);

    // Another room and back: the tab keeps its one socket, and the lobby its history.
    await live.getByRole('link', { name: '#random' }).click();
    await live.getByRole('heading', { name: '#random' }).waitFor();
    await live.getByRole('link', { name: '#lobby' }).click();
    await expect
      .poll(() => messages(live).allTextContents(), { timeout: STEP_MS })
      .toEqual(['ben: posted with JavaScript off', 'amy: posted with JavaScript on']);
    expect(sockets, 'moving between rooms opened no socket').toHaveLength(opened);

    // A restart on the same file: the server renders the history it kept.
    await live.close();
    await server.close();
    server = await start();
    await plain.goto(`${server.url}/rooms/lobby`);
    expect(await messages(plain).allTextContents()).toEqual(['ben: posted with JavaScript off', 'amy: posted with JavaScript on']);
  } finally {
    await browser?.close();
    await server?.close();
    build.remove();
    rmSync(data, { recursive: true, force: true });
  }
}, 120_000);
