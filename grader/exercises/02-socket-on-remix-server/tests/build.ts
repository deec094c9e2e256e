/**
 * The production tests need a Remix build of the target's own app/ folder. It is
 * built once per test file, before its first test, into a scratch folder under
 * node_modules/.cache (never into the learner's folder, so two grades at once
 * cannot trip over each other, and nothing new appears for git or the linter).
 * node_modules/.cache keeps the build where its `import 'react'` still resolves.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT } from '../../../engine/paths';
import { ExerciseLoadError, type GradedExercise } from '../../../harness';
import { targetDir } from '../../../harness/exercise';
import { buildApp } from '../../../../shared/build-app';

const BUILDS_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'realtime-remix', 'grader-builds');
/** Builds left behind by a grade that was killed are removed after this long. */
const STALE_MS = 60 * 60 * 1000;
const BUILD_MS = 120_000;

/**
 * Registers the build for the test file that calls it, and returns a function
 * that gives the build folder, or fails the calling test with the build's error.
 */
export function productionBuild(ex: GradedExercise): () => string {
  let directory: string | undefined;
  let failure: string | undefined;

  beforeAll(async () => {
    const snapshot = join(targetDir(), ex.spec.slug);
    const config = join(snapshot, 'vite.config.ts');
    if (!existsSync(config)) {
      failure = `${ex.spec.slug}/vite.config.ts is missing, so the app cannot be built for production`;
      return;
    }
    removeStaleBuilds();
    directory = mkdtempSync(join(BUILDS_DIR, `${ex.spec.slug}-`));
    try {
      await buildApp(config, { buildDirectory: directory, logLevel: 'error' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failure = `the app in ${ex.spec.slug}/app could not be built for production: ${message.split('\n').slice(0, 3).join(' ')}`;
    }
  }, BUILD_MS);

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  return () => {
    if (failure !== undefined || directory === undefined) throw new ExerciseLoadError(failure ?? 'the production build did not run');
    return directory;
  };
}

function removeStaleBuilds(): void {
  mkdirSync(BUILDS_DIR, { recursive: true });
  for (const entry of readdirSync(BUILDS_DIR)) {
    const path = join(BUILDS_DIR, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // another grade removed it first
    }
  }
}
