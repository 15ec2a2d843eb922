import { children, readOid, readRoot, readTlv, type Tlv, UniversalTag } from '../internal/der/index.js';

/** What a DER object is, judged by its structure alone (no field is fully decoded). */
export type DerKind =
  | 'certificate'
  | 'csr'
  | 'crl'
  | 'pkcs8-private-key'
  | 'pkcs1-private-key'
  | 'sec1-private-key'
  | 'encrypted-private-key'
  | 'public-key'
  | 'rsa-public-key'
  | 'pkcs7'
  | 'pkcs12'
  | 'unknown';

const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';

const isSeq = (t: Tlv | undefined): boolean =>
  t !== undefined && t.cls === 0 && t.tag === UniversalTag.sequence;
const isInt = (t: Tlv | undefined): boolean =>
  t !== undefined && t.cls === 0 && t.tag === UniversalTag.integer;
const isTime = (t: Tlv | undefined): boolean =>
  t !== undefined &&
  t.cls === 0 &&
  (t.tag === UniversalTag.utcTime || t.tag === UniversalTag.generalizedTime);
const isOctets = (t: Tlv | undefined): boolean =>
  t !== undefined && t.cls === 0 && t.tag === UniversalTag.octetString;

function intValue(bytes: Uint8Array, t: Tlv): number {
  return t.end - t.valueStart === 1 ? bytes[t.valueStart]! : -1;
}

/** Classifies a signed object (certificate, CSR, CRL) by the shape of its to-be-signed part. */
function classifySigned(bytes: Uint8Array, tbs: Tlv): DerKind {
  const f = children(bytes, tbs);
  const first = f[0];
  if (first && first.cls === 2 && first.tag === 0 && first.constructed) return 'certificate';
  if (isSeq(first) && isSeq(f[1]) && isTime(f[2])) return 'crl'; // v1 CRL
  if (!isInt(first)) return 'unknown';
  if (isSeq(f[1]) && isSeq(f[2]) && isSeq(f[3])) return 'certificate'; // v1 certificate
  if (isSeq(f[1]) && isSeq(f[2]) && isTime(f[3])) return 'crl';
  if (isSeq(f[1]) && isSeq(f[2]) && f[3]?.cls === 2 && f[3].tag === 0) return 'csr';
  return 'unknown';
}

/**
 * Classifies DER bytes by structure: certificate, CSR, CRL, the private key forms, public key,
 * PKCS#7 or PKCS#12. Never throws: anything unrecognised (or not DER) is `unknown`.
 *
 * @example
 * ```ts
 * import { classifyDer } from 'certkit/pem';
 * classifyDer(der); // 'certificate' | 'csr' | 'crl' | 'pkcs8-private-key' | … | 'unknown'
 * ```
 * @see RFC 5280 section 4.1, RFC 5958, RFC 7292
 */
export function classifyDer(bytes: Uint8Array, allowTrailing = false): DerKind {
  try {
    const root = allowTrailing ? readTlv(bytes, 0) : readRoot(bytes);
    if (!isSeq(root) || !root.constructed) return 'unknown';
    const c = children(bytes, root);
    const [a, b, d] = c;
    if (c.length === 3 && isSeq(a) && isSeq(b) && b && d?.cls === 0 && d.tag === UniversalTag.bitString) {
      return classifySigned(bytes, a!);
    }
    if (c.length === 2 && isSeq(a) && b?.cls === 0 && b.tag === UniversalTag.bitString) return 'public-key';
    if (c.length === 2 && isSeq(a) && isOctets(b)) return 'encrypted-private-key';
    if (c.length === 2 && isInt(a) && isInt(b)) return 'rsa-public-key';
    if (a && a.cls === 0 && a.tag === UniversalTag.oid && readOid(bytes, a) === OID_PKCS7_SIGNED_DATA)
      return 'pkcs7';
    if (!isInt(a)) return 'unknown';
    const version = intValue(bytes, a!);
    if (version === 3 && isSeq(b) && b) {
      const inner = children(bytes, b)[0];
      if (
        inner &&
        inner.cls === 0 &&
        inner.tag === UniversalTag.oid &&
        readOid(bytes, inner) === OID_PKCS7_DATA
      ) {
        return 'pkcs12';
      }
    }
    if ((version === 0 || version === 1) && isSeq(b) && isOctets(d)) return 'pkcs8-private-key';
    if (version === 0 && c.length >= 9 && c.every(isInt)) return 'pkcs1-private-key';
    if (version === 1 && isOctets(b)) return 'sec1-private-key';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}
