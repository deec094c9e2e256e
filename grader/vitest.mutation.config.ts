import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import graded from './vitest.config';

/**
 * The graded tests against the solutions, for mutation testing (npm run
 * mutation). StrykerJS runs them in its own sandbox copy and forces Vitest's
 * threads pool, so the solutions are found relative to this file, and the
 * forks-only heap limit is left out (worker threads refuse that flag).
 */
export default defineConfig({
  ...graded,
  test: {
    ...graded.test,
    execArgv: [],
    env: { GRADER_TARGET: fileURLToPath(new URL('../solutions', import.meta.url)) },
    include: (process.env.MUTATE_EXERCISES ?? '01').split(',').map((id) => `${id}-*/tests/**/*.test.ts`),
  },
});
