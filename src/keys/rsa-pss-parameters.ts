import {
  children,
  expectSequence,
  malformed,
  readInteger,
  readOid,
  readTlv,
  type Tlv,
} from '../internal/der/index.js';
import { HashByOid, Mgf1Oid } from '../internal/oids.js';
import { keyMalformed, unsupportedAlgorithm } from './key-errors.js';

/** RSASSA-PSS parameters (RFC 4055 section 3.1), defaults filled in. */
export interface RsaPssParameters {
  /** The message hash (`sha256`, …; `sha1` by default). */
  readonly hash: string;
  /** The hash used by MGF1 (usually equal to `hash`). */
  readonly mgf1Hash: string;
  /** Salt length in bytes (20 by default). */
  readonly saltLength: number;
  /** Trailer field (always 1 in practice). */
  readonly trailerField: number;
}

function hashOfAlgorithmIdentifier(der: Uint8Array, seq: Tlv): string {
  const oidTlv = readTlv(der, expectSequence(seq, 'HashAlgorithm').valueStart, seq.end);
  const oid = readOid(der, oidTlv);
  return HashByOid[oid] ?? oid;
}

function explicitInner(der: Uint8Array, t: Tlv): Tlv {
  const inner = readTlv(der, t.valueStart, t.end);
  if (inner.end !== t.end) malformed(inner.end, 'explicit tag holds extra bytes');
  return inner;
}

/**
 * Decodes RSASSA-PSS-params (of a signature algorithm or of an RSA-PSS key). Throws DER errors.
 * @see RFC 4055 section 3.1, RFC 8017 appendix A.2.3
 */
export function parseRsaPssParameters(der: Uint8Array, seq: Tlv | undefined): RsaPssParameters {
  let hash = 'sha1';
  let mgf1Hash = 'sha1';
  let saltLength = 20;
  let trailerField = 1;
  if (seq === undefined) return { hash, mgf1Hash, saltLength, trailerField };
  expectSequence(seq, 'RSASSA-PSS-params');
  for (const t of children(der, seq)) {
    if (t.cls !== 2) malformed(t.start, 'RSASSA-PSS-params: unexpected field');
    const inner = explicitInner(der, t);
    if (t.tag === 0) hash = hashOfAlgorithmIdentifier(der, inner);
    else if (t.tag === 1) {
      const [mgfOid, mgfHash] = children(der, expectSequence(inner, 'MaskGenAlgorithm'));
      if (!mgfOid) malformed(inner.start, 'MaskGenAlgorithm needs an OID');
      const oid = readOid(der, mgfOid);
      if (oid !== Mgf1Oid) mgf1Hash = `unsupported MGF ${oid}`;
      else if (!mgfHash) malformed(inner.start, 'MGF1 needs a hash algorithm');
      else mgf1Hash = hashOfAlgorithmIdentifier(der, mgfHash);
    } else if (t.tag === 2) saltLength = readInteger(der, inner);
    else if (t.tag === 3) trailerField = readInteger(der, inner);
    else malformed(t.start, 'RSASSA-PSS-params: unexpected field');
  }
  if (saltLength < 0) malformed(seq.start, 'negative PSS salt length');
  return { hash, mgf1Hash, saltLength, trailerField };
}

/** Hashes RFC 4055 section 2.1 names for RSASSA-PSS, with their output length in bytes. */
const PSS_HASH_BYTES: Readonly<Record<string, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/**
 * Checks the RSASSA-PSS-params restricting an RSA-PSS key (`params` undefined: an unrestricted key):
 * a hash and an MGF1 hash of RFC 4055 section 2.1, trailerField 1 (RFC 8017 appendix A.2.3), and a salt
 * a key of `modulusBits` can hold (`emLen ≥ hLen + sLen + 2`, RFC 8017 section 9.1.1). A key that breaks
 * these can sign nothing, and OpenSSL refuses to write it back out.
 * @throws KeyError `ERR_KEY_MALFORMED` (broken parameters), `ERR_KEY_UNSUPPORTED_ALGORITHM` (another hash or MGF).
 * @see RFC 4055 section 3.1, RFC 8017 sections 9.1.1 and A.2.3
 */
export function checkRsaPssKeyParameters(
  der: Uint8Array,
  params: Tlv | undefined,
  modulusBits: number,
): void {
  let p: RsaPssParameters;
  try {
    p = parseRsaPssParameters(der, params);
  } catch (e) {
    throw keyMalformed(`RSASSA-PSS-params: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const hLen = PSS_HASH_BYTES[p.hash];
  if (hLen === undefined) throw unsupportedAlgorithm(`RSA-PSS with the hash ${p.hash}`, { hash: p.hash });
  if (PSS_HASH_BYTES[p.mgf1Hash] === undefined) {
    throw unsupportedAlgorithm(`RSA-PSS with MGF1 over ${p.mgf1Hash}`, { mgf1Hash: p.mgf1Hash });
  }
  if (p.trailerField !== 1) throw keyMalformed(`RSA-PSS trailerField ${p.trailerField} (must be 1)`);
  const maxSalt = Math.ceil((modulusBits - 1) / 8) - hLen - 2;
  if (p.saltLength > maxSalt) {
    throw keyMalformed(
      `RSA-PSS saltLength ${p.saltLength} is more than a ${modulusBits}-bit key with ${p.hash} allows (${Math.max(0, maxSalt)})`,
    );
  }
}
