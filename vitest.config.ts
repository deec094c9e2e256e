import { defineConfig } from 'vitest/config';

/** The course's own tests (npm test). The graded tests have their own config in grader/. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The suites that run the grader start Vitest runs of their own; two at a time is what 2 cores bear.
    maxWorkers: 2,
    // Prints, at the end, what could not be checked here (a missing system program), instead of skipping silently.
    globalSetup: ['test/helpers/notices-setup.ts'],
  },
});
