// How long to wait before trying failed work again, shared by jobs and consumers.

export type Backoff = { baseMs: number; maxMs: number };

/**
 * Exponential back-off with "equal jitter": attempt 1 waits about `baseMs`, each later attempt
 * twice as long up to `maxMs`, and half of each wait is random, so work that failed together (a
 * database restart) does not come back all at the same instant.
 */
export function retryDelayMs(attempt: number, backoff: Backoff, random = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
