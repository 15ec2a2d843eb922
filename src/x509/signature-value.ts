import { malformed, type Tlv } from '../internal/der/tlv.js';
import { readBitString } from '../internal/der/values.js';

/**
 * The bytes of a signed object's signature BIT STRING. Unused bits are refused: every signature
 * algorithm produces whole bytes (RFC 5280 4.1.1.3 for certificates, 5.1.1.3 for CRLs), and OpenSSL
 * fails such a signature too.
 */
export function signatureBytes(der: Uint8Array, tlv: Tlv): Uint8Array {
  const bits = readBitString(der, tlv);
  if (bits.unusedBits !== 0) {
    malformed(tlv.valueStart, 'signature BIT STRING with unused bits (RFC 5280 4.1.1.3)');
  }
  return bits.bytes;
}
