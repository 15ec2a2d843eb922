import { AcmeError } from '../../errors/area-errors.js';
import type { AcmeErrorCode } from '../../errors/catalogue/index.js';

/** An ACME identifier (RFC 8555 section 9.7.7). */
export interface AcmeIdentifier {
  readonly type: string;
  readonly value: string;
}

/**
 * A problem document from the CA (RFC 7807 as profiled by RFC 8555 section 6.7), as carried in
 * `details.problem` of ACME errors and in the failures of an invalid order.
 *
 * @example
 * ```ts
 * import type { AcmeProblem } from 'certkit/acme';
 * const p: AcmeProblem = { type: 'urn:ietf:params:acme:error:dns', detail: 'NXDOMAIN' };
 * ```
 * @see RFC 8555 section 6.7
 */
export interface AcmeProblem {
  /** The full type URI, e.g. `urn:ietf:params:acme:error:rateLimited`. */
  readonly type: string;
  readonly detail?: string;
  readonly status?: number;
  readonly identifier?: AcmeIdentifier;
  readonly subproblems?: readonly AcmeProblem[];
}

const PREFIX = 'urn:ietf:params:acme:error:';

/** Problem type (without the URN prefix) → certkit code. */
const CODE_BY_TYPE: Readonly<Record<string, AcmeErrorCode>> = {
  rateLimited: 'ERR_ACME_RATE_LIMITED',
  badNonce: 'ERR_ACME_BAD_NONCE',
  unauthorized: 'ERR_ACME_UNAUTHORIZED',
  accountDoesNotExist: 'ERR_ACME_ACCOUNT_DOES_NOT_EXIST',
  externalAccountRequired: 'ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED',
  userActionRequired: 'ERR_ACME_TERMS_NOT_AGREED',
  malformed: 'ERR_ACME_MALFORMED',
  badCSR: 'ERR_ACME_MALFORMED',
  badSignatureAlgorithm: 'ERR_ACME_MALFORMED',
  badPublicKey: 'ERR_ACME_MALFORMED',
  badRevocationReason: 'ERR_ACME_MALFORMED',
  invalidContact: 'ERR_ACME_MALFORMED',
  unsupportedContact: 'ERR_ACME_MALFORMED',
  rejectedIdentifier: 'ERR_ACME_REJECTED_IDENTIFIER',
  unsupportedIdentifier: 'ERR_ACME_REJECTED_IDENTIFIER',
  caa: 'ERR_ACME_CAA',
  dns: 'ERR_ACME_DNS',
  connection: 'ERR_ACME_CONNECTION',
  incorrectResponse: 'ERR_ACME_INCORRECT_RESPONSE',
  tls: 'ERR_ACME_TLS',
  serverInternal: 'ERR_ACME_SERVER_INTERNAL',
  orderNotReady: 'ERR_ACME_ORDER_NOT_READY',
  alreadyRevoked: 'ERR_ACME_ALREADY_REVOKED',
};

/** The short name of a problem type (`rateLimited`), or the full type when it is not an ACME URN. */
export function problemName(type: string): string {
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
}

/** The certkit code for a problem type (`ERR_ACME_PROBLEM` when there is no own code). */
export function codeForProblem(type: string): AcmeErrorCode {
  return CODE_BY_TYPE[problemName(type)] ?? 'ERR_ACME_PROBLEM';
}

/** Whether a parsed body looks like a problem document. */
export function isProblem(body: unknown): body is AcmeProblem {
  return typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string';
}

/** Keeps only the documented, JSON-safe fields of a problem (a CA may send anything). */
export function cleanProblem(body: AcmeProblem): AcmeProblem {
  const out: { -readonly [K in keyof AcmeProblem]: AcmeProblem[K] } = { type: body.type };
  if (typeof body.detail === 'string') out.detail = body.detail;
  if (typeof body.status === 'number') out.status = body.status;
  const id = body.identifier;
  if (id && typeof id.type === 'string' && typeof id.value === 'string')
    out.identifier = { type: id.type, value: id.value };
  if (Array.isArray(body.subproblems)) out.subproblems = body.subproblems.filter(isProblem).map(cleanProblem);
  return out;
}

/** Facts about the HTTP exchange that produced a problem. */
export interface ProblemContext {
  /** The request URL. */
  readonly url?: string;
  /** The HTTP status. */
  readonly status?: number;
  /** When the CA said to retry (from Retry-After). */
  readonly retryAfter?: Date;
}

/**
 * Turns a problem document into the coded certkit error (type → code; the problem itself, the URL and
 * Retry-After in `details`).
 *
 * @example
 * ```ts
 * import { problemToError } from 'certkit/acme';
 * const err = problemToError({ type: 'urn:ietf:params:acme:error:caa', detail: 'CAA forbids' });
 * err.code; // 'ERR_ACME_CAA'
 * ```
 * @see RFC 8555 section 6.7
 */
export function problemToError(problem: AcmeProblem, context: ProblemContext = {}): AcmeError {
  const clean = cleanProblem(problem);
  const code = codeForProblem(clean.type);
  const name = problemName(clean.type);
  const when = context.retryAfter ? ` (retry after ${context.retryAfter.toISOString()})` : '';
  const message = `The ACME server refused the request: ${name}${clean.detail ? `: ${clean.detail}` : ''}${when}.`;
  return new AcmeError(code, message, {
    details: {
      problem: clean,
      ...(context.url !== undefined ? { url: context.url } : {}),
      ...(context.status !== undefined ? { status: context.status } : {}),
      ...(context.retryAfter ? { retryAfter: context.retryAfter.toISOString() } : {}),
    },
  });
}
