/**
 * How long to wait before the next attempt to connect. After a server restart every
 * page of every user reconnects at once; if each waited the same fixed steps, they
 * would all come back in the same millisecond, again and again (a thundering herd).
 * Capped exponential backoff with full jitter spreads them out: the ceiling doubles
 * with each failed attempt up to a cap, and the wait is a random point below it.
 */

/** The ceiling of the first attempt's wait, in milliseconds. */
export const BACKOFF_BASE_MS = 500;
/** The ceiling never grows past this: a page waits at most 30 s between attempts. */
export const BACKOFF_CAP_MS = 30_000;

export interface BackoffOptions {
  /** Defaults to BACKOFF_BASE_MS. */
  readonly baseMs?: number;
  /** Defaults to BACKOFF_CAP_MS. */
  readonly capMs?: number;
  /** A number in [0, 1), as Math.random() gives, its default. Tests pass their own. */
  readonly random?: () => number;
}

/**
 * The wait before attempt `attempt` (0 for the first retry): random(0, min(cap, base · 2^attempt)),
 * one call of `random` per delay.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS, random = Math.random } = options;
  // TODO(keep-alive): the ceiling is min(capMs, baseMs * 2 ** attempt); the wait is random() times
  // the ceiling (full jitter: anywhere from 0 up to it). A wait of base · 2^attempt plus a little jitter
  // brings a restarted server's clients back in waves, all at once each time.
  return baseMs;
}
