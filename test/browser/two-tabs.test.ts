/**
 * The lesson 05 app in a real browser: two tabs of headless Chromium open the
 * page the reference solution serves, join the same room, see each other in its
 * presence list, and chat. Chromium comes from Debian (`apt-get install
 * chromium`, as .ci/run does), or wherever CHROMIUM_PATH says. Without it the
 * test fails under CI=true; elsewhere it is skipped, and the run says at its
 * end what to install.
 *
 * The app is built and served in production mode: a dev server's dependency
 * pre-bundling shares node_modules/.vite with every other dev server that the
 * course's tests start at the same time, and a browser page that loads while
 * another server rewrites it can fail to hydrate. TWO_TABS_MODE=development runs
 * the same check against the dev server, as `npm run app -- 05 --solution` runs it.
 */
import { type Browser, type Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { buildSolution, haveChromium, launchChromium } from '../helpers/browser';
import { startAppServer, type AppServer } from '../../solutions/05-rooms-and-broadcast/server';

const MODE = process.env.TWO_TABS_MODE === 'development' ? 'development' : 'production';
const STEP_MS = 15_000;
/** In development the first page load compiles the app (and, on a fresh checkout, pre-bundles its dependencies). */
const FIRST_LOAD_MS = 60_000;

/** Opens the page in a new tab and waits until its socket is open and the server's welcome has arrived. */
async function openTab(browser: Browser, url: string, ms = STEP_MS): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(ms);
  // The app has no icon: answer the browser's own request for one here, not with a logged 404 from Remix.
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  await page.goto(url);
  await page.getByText('Socket: open').waitFor();
  await page.getByText('you are').waitFor();
  page.setDefaultTimeout(STEP_MS);
  return page;
}

/** The short id a tab shows for itself ("you are 1a2b3c4d"). */
async function ownId(page: Page): Promise<string> {
  return (await page.locator('.status code').textContent())?.trim() ?? '';
}

test('two tabs of the lesson 05 app join one room, see each other, and chat', async (context) => {
  if (!haveChromium('the two-tab browser test', () => context.skip())) return;
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let build: Awaited<ReturnType<typeof buildSolution>> | undefined;
  try {
    if (MODE === 'production') build = await buildSolution('05-rooms-and-broadcast');
    server = await startAppServer({ mode: MODE, host: '127.0.0.1', port: 0, ...(build ? { buildDirectory: build.buildDirectory } : {}) });
    browser = await launchChromium();

    const first = await openTab(browser, server.url, FIRST_LOAD_MS);
    const second = await openTab(browser, server.url);
    const [firstId, secondId] = [await ownId(first), await ownId(second)];
    expect(firstId).toMatch(/^[0-9a-f-]{8}$/);
    expect(secondId).not.toBe(firstId);

    for (const page of [first, second]) {
      await page.getByRole('button', { name: '#lobby' }).click();
      await page.getByRole('heading', { name: /#lobby/ }).waitFor();
    }

    // Presence: each tab lists itself as "you" and the other by its short id.
    const whoIsHere = (page: Page) => page.getByRole('list', { name: 'Who is here' }).getByRole('listitem');
    await expect.poll(() => whoIsHere(first).allTextContents(), { timeout: STEP_MS }).toEqual(expect.arrayContaining(['you', secondId]));
    await expect.poll(() => whoIsHere(second).allTextContents(), { timeout: STEP_MS }).toEqual(expect.arrayContaining(['you', firstId]));
    expect(await whoIsHere(first).count()).toBe(2);

    // A chat typed in the first tab appears in the second, from the first tab's user.
    await first.getByRole('textbox', { name: 'Message' }).fill('Hello from the first tab');
    await first.getByRole('button', { name: 'Send' }).click();
    const messages = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect.poll(() => messages(second).allTextContents(), { timeout: STEP_MS }).toEqual([`${firstId}: Hello from the first tab`]);
    await expect.poll(() => messages(first).allTextContents(), { timeout: STEP_MS }).toEqual(['you: Hello from the first tab']);

    // And back: the answer reaches the first tab.
    await second.getByRole('textbox', { name: 'Message' }).fill('Hello back');
    await second.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => messages(first).allTextContents(), { timeout: STEP_MS })
      .toEqual(['you: Hello from the first tab', `${secondId}: Hello back`]);

    // Closing the second tab takes it out of the room: the first tab's presence list shrinks to itself.
    await second.close();
    await expect.poll(() => whoIsHere(first).allTextContents(), { timeout: STEP_MS }).toEqual(['you']);
  } finally {
    await browser?.close();
    await server?.close();
    build?.remove();
  }
}, 120_000);
