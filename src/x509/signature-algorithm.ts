import {
  checkNested,
  children,
  expectSequence,
  malformed,
  readInteger,
  readOid,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../internal/der/index.js';
import { HashByOid, Mgf1Oid, SignatureAlgorithmByOid } from '../internal/oids.js';

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

/** A signature AlgorithmIdentifier: OID, OpenSSL's name, hash, and the raw parameters. */
export interface SignatureAlgorithm {
  /** The algorithm OID. */
  readonly oid: string;
  /** The name `openssl x509 -text` prints (`sha256WithRSAEncryption`, `ecdsa-with-SHA384`, `rsassaPss`, `ED25519`), or the OID. */
  readonly name: string;
  /** The hash (`sha256`, …), null for Ed25519/Ed448 and for unknown algorithms. */
  readonly hash: string | null;
  /** The DER of the parameters TLV (`NULL` for RSA, the PSS parameters), or undefined when absent. */
  readonly parameters: Uint8Array | undefined;
  /** Decoded RSASSA-PSS parameters, for `rsassaPss` only. */
  readonly pss?: RsaPssParameters;
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

/** Decodes RSASSA-PSS-params. */
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

/** Decodes a signature AlgorithmIdentifier SEQUENCE at `tlv`. */
export function parseSignatureAlgorithm(der: Uint8Array, tlv: Tlv): SignatureAlgorithm {
  expectSequence(tlv, 'AlgorithmIdentifier');
  const oidTlv = readTlv(der, tlv.valueStart, tlv.end);
  const oid = readOid(der, oidTlv);
  let params: Tlv | undefined;
  if (oidTlv.end < tlv.end) {
    params = readTlv(der, oidTlv.end, tlv.end);
    if (params.end !== tlv.end) malformed(params.end, 'AlgorithmIdentifier has extra fields');
    checkNested(der, params);
  }
  const known = SignatureAlgorithmByOid[oid];
  const parameters = params === undefined ? undefined : der.subarray(params.start, params.end);
  if (known?.key === 'rsa-pss') {
    const isNull = params !== undefined && params.cls === 0 && params.tag === UniversalTag.null;
    const pss = parseRsaPssParameters(der, isNull ? undefined : params);
    return { oid, name: known.name, hash: pss.hash, parameters, pss };
  }
  return { oid, name: known?.name ?? oid, hash: known?.hash ?? null, parameters };
}

/**
 * The OID of an AlgorithmIdentifier at `tlv`, after decoding it whole (parameters included), so a
 * signed object's inner algorithm is held to the same rules as its outer one (RFC 5280 4.1.2.3).
 */
export function readAlgorithmOid(der: Uint8Array, tlv: Tlv): string {
  return parseSignatureAlgorithm(der, tlv).oid;
}
