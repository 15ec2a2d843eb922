import { AcmeError } from '../../../errors/area-errors.js';
import type { Dns01Record, Dns01Solver } from '../dns-01-solver.js';
import { type TxtSelfCheckOptions, waitForTxtRecord } from '../self-check/txt-self-check.js';
import { type DomainValidationEvent, domainValidationEvent } from './domain-validation-event.js';
import { postEvent } from './post-event.js';

/**
 * Options of {@link CallbackDnsSolver}. Give exactly one of `url` and `notify`.
 */
export interface CallbackDnsSolverOptions {
  /** An `http:` or `https:` URL to POST each {@link DomainValidationEvent} to as JSON (2xx = delivered). */
  readonly url?: string;
  /** Or a function called with each event (a rejection or throw = not delivered). */
  readonly notify?: (event: DomainValidationEvent) => Promise<void> | void;
  /** Extra request headers for `url`, e.g. `Authorization`. Their values never appear in errors. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * How to see the record before `present` returns (see `waitForTxtRecord`): `resolvers` default to the
   * authoritative servers of the name; `timeoutMs` defaults to 600,000 (10 minutes) here.
   */
  readonly selfCheck?: TxtSelfCheckOptions;
  /** Time limit of one POST to `url`, in milliseconds. Default 10,000. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_DEADLINE_MS = 600_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

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
  readonly #url: URL | undefined;
  readonly #notify: ((event: DomainValidationEvent) => Promise<void> | void) | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #selfCheck: TxtSelfCheckOptions;
  readonly #requestTimeoutMs: number;

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
    const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (typeof requestTimeoutMs !== 'number' || !Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
      throw new TypeError('requestTimeoutMs must be a positive number of milliseconds');
    }
    this.#requestTimeoutMs = requestTimeoutMs;
    this.#selfCheck = {
      ...options.selfCheck,
      timeoutMs: options.selfCheck?.timeoutMs ?? DEFAULT_DEADLINE_MS,
    };
  }

  /**
   * Sends `cert_domain_validation_required`, then waits until the value is visible at the record's name
   * (every self-check resolver sees it) or the deadline passes.
   *
   * @throws AcmeError `ERR_ACME_CALLBACK_FAILED` when the event was not delivered (`details.status` for a
   *   non-2xx answer, `details.reason` otherwise).
   * @throws AcmeError `ERR_ACME_SELF_CHECK_FAILED` when the record was not visible before the deadline.
   * @throws `selfCheck.signal.reason` when that signal aborts.
   * @throws TypeError when the record lacks a domain, name or value.
   */
  async present(record: Dns01Record): Promise<void> {
    checkRecord(record);
    await this.#deliver(domainValidationEvent('cert_domain_validation_required', record));
    await waitForTxtRecord(record.name, record.value, this.#selfCheck);
  }

  /**
   * Sends `cert_domain_validation_completed` for the record, so the receiver may remove it.
   *
   * @throws AcmeError `ERR_ACME_CALLBACK_FAILED` when the event was not delivered.
   * @throws TypeError when the record lacks a domain, name or value.
   */
  async cleanup(record: Dns01Record): Promise<void> {
    checkRecord(record);
    await this.#deliver(domainValidationEvent('cert_domain_validation_completed', record));
  }

  async #deliver(event: DomainValidationEvent): Promise<void> {
    if (this.#url !== undefined) {
      await postEvent(this.#url, event, this.#headers, this.#requestTimeoutMs);
      return;
    }
    try {
      await this.#notify!(event);
    } catch (cause) {
      throw new AcmeError(
        'ERR_ACME_CALLBACK_FAILED',
        `The validation callback function failed for ${event.event_type}.`,
        {
          cause,
          details: { solver: 'callback', event_type: event.event_type },
        },
      );
    }
  }
}
