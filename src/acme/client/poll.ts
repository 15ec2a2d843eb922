import { sleep } from '../abortable-sleep.js';
import { parseRetryAfter } from './retry-after.js';

/** One look at a resource being polled. */
export interface PollAnswer<T> {
  readonly value: T;
  readonly done: boolean;
  readonly retryAfterHeader?: string | undefined;
}

/**
 * Polls until `done`, waiting Retry-After when the CA sends it, else `firstMs` doubling up to 5 s. The
 * caller's signal carries the deadline.
 */
export async function pollUntil<T>(
  look: () => Promise<PollAnswer<T>>,
  firstMs: number,
  signal: AbortSignal,
): Promise<T> {
  let waitMs = firstMs;
  for (;;) {
    const answer = await look();
    if (answer.done) return answer.value;
    const retryAt = parseRetryAfter(answer.retryAfterHeader);
    const delay = retryAt ? Math.min(Math.max(0, retryAt.getTime() - Date.now()), 60_000) : waitMs;
    await sleep(delay, signal);
    waitMs = Math.min(waitMs * 2, 5_000);
  }
}
