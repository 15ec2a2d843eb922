import { AcmeError } from '../../../errors/area-errors.js';

/** Why a DNS answer could not be used (`details.reason` of ERR_ACME_DNS_BAD_RESPONSE). */
export type DnsBadResponseReason =
  | 'malformed'
  | 'mismatch'
  | 'unsigned'
  | 'bad-signature'
  | 'bad-time'
  | 'network';

/** An ERR_ACME_DNS_BAD_RESPONSE error with `details.reason` first. */
export function dnsBadResponse(
  reason: DnsBadResponseReason,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
  cause?: unknown,
): AcmeError {
  return new AcmeError('ERR_ACME_DNS_BAD_RESPONSE', message, {
    details: { reason, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A malformed-message error pointing at the byte offset where decoding stopped. */
export function malformed(what: string, offset: number): AcmeError {
  return dnsBadResponse('malformed', `Malformed DNS message: ${what} at offset ${offset}`, { offset });
}
