import {
  checkNested,
  expectSequence,
  malformed,
  readOid,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../internal/der/index.js';
import { SignatureAlgorithmByOid } from '../internal/oids.js';
import { parseRsaPssParameters, type RsaPssParameters } from '../keys/rsa-pss-parameters.js';

export type { RsaPssParameters };

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
