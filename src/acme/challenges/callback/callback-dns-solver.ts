import { AcmeError } from '../../../errors/area-errors.js';
import type { Dns01Record, Dns01Solver, Dns01SolverContext } from '../dns-01-solver.js';
import { type TxtSelfCheckOptions, waitForTxtRecord } from '../self-check/txt-self-check.js';
import { deliverWithRetry } from './deliver-with-retry.js';
import { type DomainValidationEvent, domainValidationEvent } from './domain-validation-event.js';
import { displayUrl, postEvent } from './post-event.js';

/**
 * Options of {@link CallbackDnsSolver}. Give exactly one of `url` and `notify`.
 */
export interface CallbackDnsSolverOptions {
  /** An `http:` or `https:` URL to POST each {@link DomainValidationEvent} to as JSON (2xx = delivered). */
  readonly url?: string;
  /**
   * Or a function called with each event (a rejection or throw = not delivered, tried again). Each call
   * is bounded by `requestTimeoutMs`; its `signal` aborts when that time is up or the order ends.
   */
  readonly notify?: (event: DomainValidationEvent, options: { signal: AbortSignal }) => Promise<void> | void;
  /** Extra request headers for `url`, e.g. `Authorization`. Their values never appear in errors. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * How to see the record before `present` returns (see `waitForTxtRecord`): `resolvers` default to the
   * authoritative servers of the name; `timeoutMs` defaults to 600,000 (10 minutes) here.
   */
  readonly selfCheck?: TxtSelfCheckOptions;
  /** Time limit of one delivery attempt (a POST to `url`, or a `notify` call), in milliseconds. Default 10,000. */
  readonly requestTimeoutMs?: number;
  /**
   * The answer window, in milliseconds: deliveries that fail (unreachable, timed out, HTTP 5xx, 408, 429,
   * a `notify` that throws) are tried again with backoff (1 s doubling up to 30 s) until it is over, and
   * the record must be visible before it ends. Default: `selfCheck.timeoutMs`, else 600,000 (10 minutes).
   * The order's own deadline ends it sooner.
   */
  readonly answerWindowMs?: number;
  /** The first pause between delivery attempts, in milliseconds (doubles up to 30,000). Default 1,000. */
  readonly retryDelayMs?: number;
}

const DEFAULT_DEADLINE_MS = 600_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 30_000;

function positiveMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${field} must be a positive number of milliseconds`);
  }
  return value;
}

function checkRecord(record: Dns01Record): void {
  if (typeof record !== 'object' || record === null) throw new TypeError('record must be an object');
  for (const field of ['domain', 'name', 'value'] as const) {
    if (typeof record[field] !== 'string' || record[field].length === 0) {
      throw new TypeError(`record.${field} must be a non-empty string`);
    }
  }
}

function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('url must be an absolute http: or https: URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError('url must be an absolute http: or https: URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError('url must not contain credentials: pass them in headers (Authorization)');
  }
  return parsed;
}

function checkHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null) throw new TypeError('headers must be an object');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // the name may be quoted; the value must not be (it may be a credential)
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new TypeError(`header name "${name}" is not valid`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new TypeError(`header ${name} must be a string without line breaks`);
    }
    out[name] = value;
  }
  return Object.freeze(out);
}

/**
 * A DNS-01 solver for DNS managed elsewhere: it announces each TXT record to a callback (an HTTP POST of a
 * {@link DomainValidationEvent}, or a function), then waits until the record is visible in DNS before
 * `present` returns, so the CA is only asked to validate once the other side has published it.
 * `cleanup` announces `cert_domain_validation_completed` with the same name and value, so the record can
 * be removed; the order client calls it after success and failure alike (also when `present` timed out).
 *
 * @example
 * ```ts
 * import { AcmeOrderClient, CallbackDnsSolver } from 'certkit/acme';
 * const dns01 = new CallbackDnsSolver({
 *   url: 'https://dns-team.example.com/hooks/acme',
 *   headers: { Authorization: `Bearer ${process.env.HOOK_TOKEN}` },
 *   selfCheck: { timeoutMs: 15 * 60_000 },
 * });
 * const client = new AcmeOrderClient({ directoryUrl, storage, dns01 });
 * ```
 * @see RFC 8555 section 8.4
 */
export class CallbackDnsSolver implements Dns01Solver {
  /** `callback`. */
  readonly name = 'callback';
  /** `present` resolves once the record is visible: the order client runs no second self-check. */
  readonly checksVisibility = true;
  readonly #url: URL | undefined;
  readonly #notify: CallbackDnsSolverOptions['notify'];
  readonly #headers: Readonly<Record<string, string>>;
  readonly #selfCheck: TxtSelfCheckOptions;
  readonly #requestTimeoutMs: number;
  readonly #windowMs: number;
  readonly #retryDelayMs: number;

  /**
   * @throws TypeError when neither or both of `url` and `notify` are given, the URL is not http(s) or
   *   holds credentials, a header is not a string, or a timeout is not a positive number.
   */
  constructor(options: CallbackDnsSolverOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    const { url, notify } = options;
    if ((url === undefined) === (notify === undefined)) {
      throw new TypeError('give exactly one of url and notify');
    }
    if (url !== undefined && typeof url !== 'string') throw new TypeError('url must be a string');
    if (notify !== undefined && typeof notify !== 'function')
      throw new TypeError('notify must be a function');
    this.#url = url === undefined ? undefined : checkUrl(url);
    this.#notify = notify;
    this.#headers = checkHeaders(options.headers);
    this.#requestTimeoutMs = positiveMs(
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      'requestTimeoutMs',
    );
    this.#windowMs = positiveMs(
      options.answerWindowMs ?? options.selfCheck?.timeoutMs ?? DEFAULT_DEADLINE_MS,
      'answerWindowMs',
    );
    this.#retryDelayMs = positiveMs(options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, 'retryDelayMs');
    this.#selfCheck = { ...options.selfCheck };
  }

  /**
   * Sends `cert_domain_validation_required` (tried again while the answer window lasts), then waits until
   * the value is visible at the record's name (every self-check resolver sees it) or the window is over.
   *
   * @throws AcmeError `ERR_ACME_CALLBACK_FAILED` when the receiver refused the event (HTTP 4xx other than
   *   408 and 429: `details.status`).
   * @throws AcmeError `ERR_ACME_CALLBACK_UNAVAILABLE` when no delivery succeeded within the answer window
   *   or before `context.signal` aborted (`details.attempts`, `details.last`).
   * @throws AcmeError `ERR_ACME_SELF_CHECK_FAILED` when the record was not visible before the window ended.
   * @throws `context.signal.reason` (or `selfCheck.signal.reason`) when it aborts while waiting for the record.
   * @throws TypeError when the record lacks a domain, name or value.
   */
  async present(record: Dns01Record, context: Dns01SolverContext = {}): Promise<void> {
    checkRecord(record);
    const started = Date.now();
    await this.#deliver(domainValidationEvent('cert_domain_validation_required', record), context);
    const signals = [context.signal, this.#selfCheck.signal].filter((s): s is AbortSignal => s !== undefined);
    await waitForTxtRecord(record.name, record.value, {
      ...this.#selfCheck,
      timeoutMs: Math.max(0, this.#windowMs - (Date.now() - started)),
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
  }

  /**
   * Sends `cert_domain_validation_completed` for the record, so the receiver may remove it (tried again
   * like `present`'s event).
   *
   * @throws AcmeError `ERR_ACME_CALLBACK_FAILED` when the receiver refused the event.
   * @throws AcmeError `ERR_ACME_CALLBACK_UNAVAILABLE` when no delivery succeeded in time.
   * @throws TypeError when the record lacks a domain, name or value.
   */
  async cleanup(record: Dns01Record, context: Dns01SolverContext = {}): Promise<void> {
    checkRecord(record);
    await this.#deliver(domainValidationEvent('cert_domain_validation_completed', record), context);
  }

  #deliver(event: DomainValidationEvent, context: Dns01SolverContext): Promise<void> {
    const policy = {
      windowMs: this.#windowMs,
      attemptTimeoutMs: this.#requestTimeoutMs,
      firstDelayMs: this.#retryDelayMs,
      maxDelayMs: MAX_RETRY_DELAY_MS,
    };
    const url = this.#url;
    if (url !== undefined) {
      return deliverWithRetry(
        event,
        (signal) => postEvent(url, event, this.#headers, this.#requestTimeoutMs, signal),
        policy,
        context,
        { url: displayUrl(url) },
      );
    }
    const notify = this.#notify as NonNullable<CallbackDnsSolverOptions['notify']>;
    return deliverWithRetry(event, (signal) => callNotify(notify, event, signal), policy, context, {});
  }
}

/** One bounded call of a notify function: its failure, or the end of its time, is a failed delivery. */
async function callNotify(
  notify: NonNullable<CallbackDnsSolverOptions['notify']>,
  event: DomainValidationEvent,
  signal: AbortSignal,
): Promise<void> {
  const failed = (reason: string, cause?: unknown): AcmeError =>
    new AcmeError(
      'ERR_ACME_CALLBACK_FAILED',
      `The validation callback function failed for ${event.event_type}.`,
      {
        ...(cause === undefined ? {} : { cause }),
        details: { solver: 'callback', event_type: event.event_type, reason },
      },
    );
  let onAbort: (() => void) | undefined;
  const ended = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([Promise.resolve().then(() => notify(event, { signal })), ended]);
  } catch (cause) {
    if (signal.aborted) throw failed('timeout', cause);
    throw failed('threw', cause);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
