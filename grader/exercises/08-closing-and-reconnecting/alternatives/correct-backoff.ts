/**
 * A correct backoffDelay() written differently from the reference solution:
 * the ceiling doubles in a loop that stops at the cap (no 2 ** attempt, which
 * grows past any number a long outage could need), and the wait is rounded
 * down to a whole millisecond.
 */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly capMs?: number;
  readonly random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  let ceiling = options.baseMs ?? BACKOFF_BASE_MS;
  for (let i = 0; i < attempt && ceiling < cap; i += 1) ceiling *= 2;
  const draw = (options.random ?? Math.random)();
  return Math.floor(draw * Math.min(ceiling, cap));
}
