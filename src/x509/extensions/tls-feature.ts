import { children, expectSequence, readRoot } from '../../internal/der/tlv.js';
import { readInteger } from '../../internal/der/values.js';

/**
 * TLS feature number of `status_request` (OCSP Must-Staple).
 * @example
 * ```ts
 * import { parseCertificate, TLS_FEATURE_STATUS_REQUEST } from 'certkit/x509';
 * parseCertificate(pem).tlsFeatures?.includes(TLS_FEATURE_STATUS_REQUEST);
 * ```
 * @see RFC 7633 section 4
 */
export const TLS_FEATURE_STATUS_REQUEST = 5;

/** Decodes a TLS Feature extension value (RFC 7633): the TLS extension numbers the server must send. */
export function parseTlsFeature(value: Uint8Array): number[] {
  const seq = expectSequence(readRoot(value), 'Features');
  return children(value, seq).map((t) => readInteger(value, t));
}
