/**
 * What the course's browser tests share: headless Chromium from the system
 * (Debian's `chromium`, as .ci/run installs it, or wherever CHROMIUM_PATH
 * says), driven by playwright-core, and a folder for the production builds
 * they serve. Without Chromium a test fails under CI=true; elsewhere it is
 * skipped, and the run says at its end what to install.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT, SOLUTIONS_DIR } from '../../grader/engine/paths';
import { buildApp } from '../../shared/build-app';
import { notice } from './notices';

/** Builds go where the bundle's `import 'react'` resolves, and where git and the linter do not look. */
const BUILDS_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'realtime-remix', 'browser-builds');

/** Where Chromium is commonly installed (Debian, Ubuntu's snap, macOS), unless CHROMIUM_PATH names it. */
const CHROMIUM_PLACES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter((p): p is string => Boolean(p));
const CHROMIUM = CHROMIUM_PLACES.find((p) => existsSync(p));

/**
 * Whether Chromium is here to run `what`. Without it: throws under CI=true, and elsewhere leaves a
 * closing notice and skips the test (`skip` is the test context's).
 */
export function haveChromium(what: string, skip: () => void): boolean {
  if (CHROMIUM) return true;
  const missing = `Chromium is not installed (looked in ${CHROMIUM_PLACES.join(', ')}): install it with \`apt-get install chromium\` (.ci/run does), or set CHROMIUM_PATH`;
  if (process.env.CI === 'true') throw new Error(missing);
  notice(`${what} did not run. ${missing}`);
  skip();
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A production build of solution `slug` in a folder of its own; remove() takes it away. */
export async function buildSolution(slug: string): Promise<{ readonly buildDirectory: string; remove(): void }> {
  mkdirSync(BUILDS_DIR, { recursive: true });
  const buildDirectory = mkdtempSync(join(BUILDS_DIR, `${slug.slice(0, 2)}-`));
  await buildApp(join(SOLUTIONS_DIR, slug, 'vite.config.ts'), { buildDirectory, logLevel: 'error' });
  return { buildDirectory, remove: () => rmSync(buildDirectory, { recursive: true, force: true }) };
}

/** The chat room page's messages (lessons 06 on): the items of its list named Messages. */
export const roomMessages = (page: Page): Locator => page.getByRole('list', { name: 'Messages' }).getByRole('listitem');

/** Fills the room page's form with a name and a text, then clicks Send. */
export async function sendWithForm(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}
