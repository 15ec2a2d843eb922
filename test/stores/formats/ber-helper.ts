import { children, readRoot, type Tlv } from '../../../src/internal/der/index.js';
import { Certificate } from '../../../src/x509/index.js';

/** Certificates stay DER (they are signed); the BER is in the PKCS#12 wrapping around them. */
function isCertificate(der: Uint8Array): boolean {
  try {
    Certificate.fromDer(der);
    return true;
  } catch {
    return false;
  }
}

/** AuthenticatedSafe and SafeContents are SEQUENCEs of SEQUENCEs; key structures start with an INTEGER. */
function holdsSequences(der: Uint8Array): boolean {
  try {
    return children(der, readRoot(der))[0]?.tag === 16;
  } catch {
    return false;
  }
}

export const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

/**
 * DER -> BER as Windows-style writers produce it: every constructed value with an indefinite length,
 * OCTET STRINGs split into constructed 16-byte segments. With `intoOctets`, OCTET STRINGs that hold a
 * PKCS#12 wrapping (SEQUENCE OF SEQUENCE, not a certificate) are converted inside too (only valid where
 * no MAC covers them). Key bags become BER too, as they are constructed values.
 */
export function toBer(der: Uint8Array, tlv: Tlv, intoOctets: boolean): Uint8Array {
  const value = der.subarray(tlv.valueStart, tlv.end);
  if (tlv.constructed) {
    const inner = children(der, tlv).map((c) => toBer(der, c, intoOctets));
    return cat(der.subarray(tlv.start, tlv.start + 1), Uint8Array.of(0x80), ...inner, Uint8Array.of(0, 0));
  }
  if (tlv.cls === 0 && tlv.tag === 4) {
    let content: Uint8Array = value;
    if (intoOctets && value[0] === 0x30 && holdsSequences(value) && !isCertificate(value)) {
      try {
        content = toBer(value, readRoot(value), true);
      } catch {
        content = value;
      }
    }
    const segments: Uint8Array[] = [];
    for (let i = 0; i < content.length; i += 16) {
      const seg = content.subarray(i, i + 16);
      segments.push(Uint8Array.of(0x04, seg.length), seg);
    }
    return cat(Uint8Array.of(0x24, 0x80), ...segments, Uint8Array.of(0, 0));
  }
  return der.subarray(tlv.start, tlv.end);
}
