import { AcmeError } from '../../../errors/area-errors.js';
import { isCertkitError } from '../../../errors/is-certkit-error.js';
import { sleep } from '../../abortable-sleep.js';
import type { Dns01SolverContext } from '../dns-01-solver.js';
import type { DomainValidationEvent } from './domain-validation-event.js';

/** How long and how often a notification is tried. */
export interface DeliveryPolicy {
  /** The answer window: no attempt starts after it, measured from the first attempt, in ms. */
  readonly windowMs: number;
  /** The limit of one attempt, in ms. */
  readonly attemptTimeoutMs: number;
  /** The pause after the first failure, in ms; it doubles up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** A refused delivery (HTTP 4xx other than 408 and 429) is the receiver's answer: not retried. */
function retryable(error: unknown): boolean {
  if (!isCertkitError(error, 'ERR_ACME_CALLBACK_FAILED')) return false;
  const status = error.details.status;
  return typeof status !== 'number' || status >= 500 || status === 408 || status === 429;
}

function outcomeOf(error: unknown): string {
  if (isCertkitError(error)) {
    const { status, reason } = error.details;
    if (typeof status === 'number') return `HTTP ${status}`;
    if (typeof reason === 'string') return reason;
  }
  return 'failed';
}

/**
 * @internal Delivers one notification: attempts `once` (each bounded by `attemptTimeoutMs`), retrying
 * unreachable, timed-out, 5xx, 408 and 429 attempts with backoff while the answer window lasts, and
 * reporting every attempt through `context.progress`. A refusal (other 4xx) is thrown at once as
 * `ERR_ACME_CALLBACK_FAILED`; running out of window or of the order's time is
 * `ERR_ACME_CALLBACK_UNAVAILABLE`.
 */
export async function deliverWithRetry(
  event: DomainValidationEvent,
  once: (signal: AbortSignal) => Promise<void>,
  policy: DeliveryPolicy,
  context: Dns01SolverContext,
  where: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { signal, progress } = context;
  const started = Date.now();
  let last: unknown;
  let attempts = 0;
  const unavailable = (cause: unknown, why: string): AcmeError =>
    new AcmeError(
      'ERR_ACME_CALLBACK_UNAVAILABLE',
      `The validation callback did not accept ${event.event_type} for ${event.challenge.txt_record_name} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${why}; last: ${last === undefined ? 'none' : outcomeOf(last)}).`,
      {
        cause,
        details: {
          solver: 'callback',
          ...where,
          event_type: event.event_type,
          attempts,
          last: last === undefined ? null : outcomeOf(last),
          windowMs: policy.windowMs,
        },
      },
    );
  for (let delay = policy.firstDelayMs; ; delay = Math.min(delay * 2, policy.maxDelayMs)) {
    if (signal?.aborted) throw unavailable(signal.reason, 'the order ended');
    attempts++;
    const left = started + policy.windowMs - Date.now();
    const limit = AbortSignal.timeout(Math.max(1, Math.min(policy.attemptTimeoutMs, left)));
    try {
      await once(signal ? AbortSignal.any([signal, limit]) : limit);
      progress?.({
        type: 'delivery',
        eventType: event.event_type,
        attempt: attempts,
        delivered: true,
        outcome: 'delivered',
      });
      return;
    } catch (error) {
      if (signal?.aborted) {
        last = error;
        progress?.({
          type: 'delivery',
          eventType: event.event_type,
          attempt: attempts,
          delivered: false,
          outcome: 'the order ended',
        });
        throw unavailable(signal.reason, 'the order ended');
      }
      last = error;
      const again = retryable(error) && Date.now() + delay < started + policy.windowMs;
      progress?.({
        type: 'delivery',
        eventType: event.event_type,
        attempt: attempts,
        delivered: false,
        outcome: outcomeOf(error),
        ...(again ? { retryInMs: delay } : {}),
      });
      if (!retryable(error)) throw error;
      if (!again) throw unavailable(error, `answer window of ${policy.windowMs} ms over`);
    }
    try {
      await sleep(delay, signal);
    } catch (reason) {
      throw unavailable(reason, 'the order ended');
    }
  }
}
