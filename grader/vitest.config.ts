import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The graded tests' configuration. The engine passes it to Vitest's Node API;
 * `vitest run --config grader/vitest.config.ts` runs the same tests without the
 * engine (the benchmark's baseline).
 */
export default defineConfig({
  // Vite and Vitest caches stay out of grader/, whose files are checksummed.
  cacheDir: '../../node_modules/.vite/grader',
  // Learner .tsx files compile the same wherever a target lives.
  esbuild: { jsx: 'automatic' },
  test: {
    root: 'grader/exercises',
    include: ['*/tests/**/*.test.ts'],
    // One child process per test file: a learner's hang can be stopped by killing
    // exactly that process, and process.exit() in learner code is caught by Vitest.
    pool: 'forks',
    isolate: true,
    // The tests mostly wait on loopback sockets, so more files than cores can run at once.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['../harness/worker-setup.ts'],
    // A bounded heap per test process: a memory bomb ends its own process, reported as out of memory.
    execArgv: ['--max-old-space-size=256'],
    // Every wait on learner code has its own bound, on the trusted side (harness/subject.ts, timing.ts); this
    // only catches a test of ours that forgot one, and covers starting the subject on a loaded machine.
    testTimeout: 15_000,
    hookTimeout: 15_000,
    teardownTimeout: 1000,
    globals: false,
  },
});
