/**
 * The Vite configuration every snapshot of the course app shares. Each snapshot's
 * vite.config.ts is one call, remixViteConfig() with its own app/ folder; its
 * server.ts hands that file to Vite in development, and the build reads it too.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vitePlugin as remix } from '@remix-run/dev';
import type { UserConfig } from 'vite';
import { REMIX_FUTURE } from './remix-future';

/** The course repository, where this file lives. */
export const COURSE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The parts of the app no lesson changes: the root layout and the stylesheet. */
export const SHARED_APP_DIR = join(COURSE_ROOT, 'shared', 'app');
/**
 * Moves the build somewhere other than the snapshot's build/ folder (the grader
 * builds into a scratch folder). The Remix plugin reads its options from the
 * config file, which it loads twice per build, so an environment variable is
 * the one input both loads see.
 */
export const BUILD_DIRECTORY_ENV = 'REALTIME_REMIX_BUILD_DIR';
/**
 * Moves Vite's dependency cache (node_modules/.vite by default). The grader
 * runs learner servers where the course is read-only, each with its own cache.
 */
export const CACHE_DIRECTORY_ENV = 'REALTIME_REMIX_CACHE_DIR';

/**
 * Vite's root, and Remix's: the nearest folder above the snapshot with a package.json
 * (Remix reads it to pick its Node runtime, and loads routes.ts only from inside it).
 * That is the course checkout, unless the snapshot sits in a copy of the course.
 */
function projectRoot(snapshot: string): string {
  for (let dir = snapshot; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return COURSE_ROOT;
}

const isWithin = (parent: string, path: string): boolean => {
  const rel = relative(parent, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * Vite config for the snapshot whose app lives in `appDirectory`
 * (for example exercises/02-socket-on-remix-server/app). The build goes to the
 * snapshot's own build/ folder (git-ignored): build/server/index.js and build/client/.
 */
export function remixViteConfig(appDirectory: string): UserConfig {
  const app = resolve(appDirectory);
  const snapshot = dirname(app);
  const watched = [app, SHARED_APP_DIR];
  return {
    root: projectRoot(snapshot),
    ...(process.env[CACHE_DIRECTORY_ENV] ? { cacheDir: process.env[CACHE_DIRECTORY_ENV] } : {}),
    clearScreen: false,
    plugins: [
      remix({
        appDirectory: app,
        buildDirectory: process.env[BUILD_DIRECTORY_ENV] || join(snapshot, 'build'),
        // Every Remix v3 future flag is on: the app is one codemod away from React Router v7.
        future: REMIX_FUTURE,
      }),
    ],
    server: {
      watch: {
        // Watch this snapshot's app and the shared layout, not the whole course.
        ignored: (path: string) => !watched.some((dir) => isWithin(dir, path) || isWithin(path, dir)),
      },
    },
  };
}
