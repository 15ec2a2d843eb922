import { X509Error } from '../errors/area-errors.js';
import type { X509ErrorCode } from '../errors/catalogue/index.js';
import { isCertkitError } from '../errors/is-certkit-error.js';

/** The three "malformed object" codes, one per kind of signed object. */
export type MalformedCode = Extract<
  X509ErrorCode,
  'ERR_X509_MALFORMED' | 'ERR_CSR_MALFORMED' | 'ERR_CRL_MALFORMED'
>;

const WHAT: Record<MalformedCode, string> = {
  ERR_X509_MALFORMED: 'certificate',
  ERR_CSR_MALFORMED: 'certificate signing request',
  ERR_CRL_MALFORMED: 'certificate revocation list',
};

function reasonOf(e: unknown): string {
  if (isCertkitError(e)) return String(e.details.reason ?? e.message);
  return e instanceof Error ? e.message : String(e);
}

/** An `X509Error` saying which field of which kind of object is malformed. */
export function malformedObject(code: MalformedCode, field: string, cause?: unknown): X509Error {
  const reason = cause === undefined ? field : `${field}: ${reasonOf(cause)}`;
  return new X509Error(code, `Malformed ${WHAT[code]}: ${reason}.`, {
    details: { field, reason },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Runs `read` and turns any failure into an `X509Error` of `code` naming `field`; X509 errors that
 * already carry a code other than a DER one pass through unchanged.
 */
export function decodeField<T>(code: MalformedCode, field: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof X509Error) throw e;
    if (isCertkitError(e) && !e.code.startsWith('ERR_DER_')) throw e;
    throw malformedObject(code, field, e);
  }
}

/** An `ERR_X509_BAD_EXTENSION` error for the extension `oid`. */
export function badExtension(oid: string, name: string, cause: unknown): X509Error {
  const reason = reasonOf(cause);
  return new X509Error('ERR_X509_BAD_EXTENSION', `Malformed ${name} extension (${oid}): ${reason}.`, {
    details: { oid, name, reason },
    ...(cause instanceof Error ? { cause } : {}),
  });
}
