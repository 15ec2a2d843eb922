/**
 * ACME Renewal Information (RFC 9773): the certificate identifier a CA's `renewalInfo` resource is
 * keyed by, and the parser of the RenewalInfo object it answers. Pure: no I/O, time comes in as `at`.
 */
import { AcmeError, isCertkitError } from '../../errors/index.js';
import type { Certificate } from '../../x509/index.js';

/**
 * A RenewalInfo object as a CA answered it, parsed and checked by {@link parseRenewalInfo}.
 *
 * @example
 * ```ts
 * import type { RenewalInfo } from 'certkit/acme';
 * const width = (info: RenewalInfo) => info.suggestedWindow.end.getTime() - info.suggestedWindow.start.getTime();
 * ```
 * @see RFC 9773 section 4.2
 */
export interface RenewalInfo {
  /** The window the CA suggests renewing in; `end` is strictly after `start`. */
  readonly suggestedWindow: { readonly start: Date; readonly end: Date };
  /** `explanationURL`: a page for humans explaining the window (for example a mass revocation notice). */
  readonly explanationUrl?: string;
  /** When to ask again, from the Retry-After header (delta-seconds added to `at`, or an HTTP date). */
  readonly retryAfter?: Date;
}

/**
 * The ARI certificate identifier of `certificate`: base64url (no padding) of the keyIdentifier of its
 * Authority Key Identifier, a `.`, and base64url of the DER content bytes of its serial number INTEGER
 * (a leading 0x00 sign byte included).
 *
 * @param certificate - The certificate to name; it must carry an Authority Key Identifier with a keyIdentifier.
 * @returns The certID, e.g. `aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE`.
 * @throws AcmeError `ERR_ACME_RENEWAL_INFO` when the certificate has no Authority Key Identifier
 *   keyIdentifier, or its extension cannot be decoded (the X509Error is the cause).
 * @throws TypeError when `certificate` is not a {@link Certificate}.
 * @example
 * ```ts
 * import { ariCertId } from 'certkit/acme';
 * const url = `${directory.renewalInfo}/${ariCertId(cert)}`;
 * ```
 * @see RFC 9773 section 4.1
 */
export function ariCertId(certificate: Certificate): string {
  if (
    certificate === null ||
    typeof certificate !== 'object' ||
    !(certificate.serialNumberBytes instanceof Uint8Array)
  ) {
    throw new TypeError('ariCertId: `certificate` must be a Certificate');
  }
  let keyIdentifier: string | undefined;
  try {
    keyIdentifier = certificate.authorityKeyIdentifier?.keyIdentifier;
  } catch (cause) {
    if (!isCertkitError(cause)) throw cause;
    throw new AcmeError(
      'ERR_ACME_RENEWAL_INFO',
      'The ARI certID needs the Authority Key Identifier, which cannot be decoded',
      { cause, details: { reason: 'bad-authority-key-identifier', serialNumber: certificate.serialNumber } },
    );
  }
  if (keyIdentifier === undefined || keyIdentifier.length === 0) {
    throw new AcmeError(
      'ERR_ACME_RENEWAL_INFO',
      'The ARI certID needs an Authority Key Identifier keyIdentifier, and the certificate has none',
      { details: { reason: 'no-authority-key-identifier', serialNumber: certificate.serialNumber } },
    );
  }
  const aki = Buffer.from(keyIdentifier, 'hex').toString('base64url');
  const serial = Buffer.from(certificate.serialNumberBytes).toString('base64url');
  return `${aki}.${serial}`;
}

/** RFC 3339 date-time (section 5.6), the format RFC 8555 uses for timestamps. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp strictly (Date.parse alone accepts many other shapes). */
function parseTimestamp(value: unknown, field: string): Date {
  if (typeof value !== 'string') malformed(`${field} is not a string`, { field });
  const m = RFC3339.exec(value);
  if (!m) malformed(`${field} is not an RFC 3339 timestamp`, { field, value: value.slice(0, 64) });
  const [, , month, day, hour, minute, second] = m.map(Number) as number[];
  const t = Date.parse(value);
  if (
    Number.isNaN(t) ||
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > 31 ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 60
  ) {
    malformed(`${field} is not a valid date`, { field, value: value.slice(0, 64) });
  }
  return new Date(t);
}

function malformed(reason: string, details: Record<string, unknown> = {}, cause?: unknown): never {
  throw new AcmeError('ERR_ACME_RENEWAL_INFO', `The renewalInfo answer is malformed: ${reason}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { reason, ...details },
  });
}

/** A Retry-After value (RFC 9110 section 10.2.3): delta-seconds or an HTTP date; undefined when neither. */
function parseRetryAfter(header: string, at: Date): Date | undefined {
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds) ? new Date(at.getTime() + seconds * 1000) : undefined;
  }
  // IMF-fixdate, and the obsolete RFC 850 / asctime forms Date.parse also reads.
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function bodyObject(body: unknown): Record<string, unknown> {
  let value = body;
  if (value instanceof Uint8Array) value = new TextDecoder('utf-8', { fatal: false }).decode(value);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      malformed('the body is not JSON', {}, cause);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    malformed('the body is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Parses and checks the answer of a `renewalInfo` request: `suggestedWindow.start` and `.end` as RFC 3339
 * timestamps with end strictly after start, the optional `explanationURL` (an absolute URL), and the
 * Retry-After header when given. An unreadable Retry-After header is ignored (the caller falls back to its
 * own polling interval, as RFC 9773 section 4.3 allows); a malformed body is an error, which RFC 9773
 * section 4.2 says to treat as though no answer came.
 *
 * @param body - The response body: a JSON string, its UTF-8 bytes, or the already parsed value.
 * @param retryAfterHeader - The Retry-After header of the response, if any.
 * @param at - The moment the response arrived, for delta-seconds. Default: now.
 * @returns The window, explanation URL and retry time.
 * @throws AcmeError `ERR_ACME_RENEWAL_INFO` when the body is not JSON, has no `suggestedWindow`, a timestamp
 *   is not RFC 3339, `end` does not follow `start`, or `explanationURL` is not an absolute URL
 *   (`details.reason` says which).
 * @throws TypeError when `at` is not a valid Date or `retryAfterHeader` is not a string.
 * @example
 * ```ts
 * import { parseRenewalInfo } from 'certkit/acme';
 * const info = parseRenewalInfo(await res.text(), res.headers.get('retry-after') ?? undefined);
 * info.suggestedWindow.start; // Date
 * ```
 * @see RFC 9773 section 4.2
 */
export function parseRenewalInfo(
  body: unknown,
  retryAfterHeader?: string,
  at: Date = new Date(),
): RenewalInfo {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError('parseRenewalInfo: `at` must be a valid Date');
  }
  if (retryAfterHeader !== undefined && typeof retryAfterHeader !== 'string') {
    throw new TypeError('parseRenewalInfo: `retryAfterHeader` must be a string');
  }
  const object = bodyObject(body);
  const window = object.suggestedWindow;
  if (window === null || typeof window !== 'object' || Array.isArray(window)) {
    malformed('suggestedWindow is missing or not an object');
  }
  const w = window as Record<string, unknown>;
  const start = parseTimestamp(w.start, 'suggestedWindow.start');
  const end = parseTimestamp(w.end, 'suggestedWindow.end');
  if (end.getTime() <= start.getTime()) {
    malformed('suggestedWindow.end does not follow suggestedWindow.start', {
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
  const out: { suggestedWindow: RenewalInfo['suggestedWindow']; explanationUrl?: string; retryAfter?: Date } =
    { suggestedWindow: Object.freeze({ start, end }) };
  const explanation = object.explanationURL;
  if (explanation !== undefined) {
    if (typeof explanation !== 'string' || !URL.canParse(explanation)) {
      malformed('explanationURL is not an absolute URL');
    }
    out.explanationUrl = explanation;
  }
  if (retryAfterHeader !== undefined) {
    const retryAfter = parseRetryAfter(retryAfterHeader, at);
    if (retryAfter) out.retryAfter = retryAfter;
  }
  return Object.freeze(out);
}
