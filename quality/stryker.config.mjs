// How many deliberate bugs in the solutions do the graded tests catch?
// Run it with npm run mutation (quality/mutation-run.ts), which passes --mutate
// (the manifest's learner files) and MUTATE_EXERCISES (whose tests to run).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Graded tests import learner code dynamically, so Vitest cannot see which tests relate to a file.
  vitest: { configFile: 'grader/vitest.mutation.config.ts', related: false },
  ignorePatterns: ['.grading', '.grader', 'reports', 'lessons', '**/build'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The score per exercise, the reviewed equivalent mutants and the thresholds are quality/mutation-report.ts's job.
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  timeoutMS: 10000,
  ignoreStatic: true,
  cleanTempDir: 'always',
};
