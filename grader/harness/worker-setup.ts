// Vitest setup file for graded tests: runs in each test worker before its test file.
import { recordProgress } from './progress';

// Vitest does not expose the file a worker runs; its worker state does, and the
// engine needs pid → file to stop exactly the worker that hangs.
const workerState = (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__;
recordProgress({ kind: 'worker', pid: process.pid, file: workerState?.filepath ?? null });
