import { RevocationError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import {
  children,
  expectSequence,
  isContext,
  readBitString,
  readBoolean,
  readIntegerHex,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  type Tlv,
  tlvBytes,
  UniversalTag,
  valueBytes,
} from '../internal/der/index.js';
import { OcspOid } from '../internal/oids.js';
import { CRL_REASONS } from './certificate-revocation-list.js';
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.js';

/** The OCSPResponseStatus values of RFC 6960 section 4.2.1. */
export type OcspResponseStatus =
  | 'successful'
  | 'malformedRequest'
  | 'internalError'
  | 'tryLater'
  | 'sigRequired'
  | 'unauthorized';

const STATUS_NAMES: Readonly<Record<number, OcspResponseStatus>> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

/** A CertID as it appears in a request or response (RFC 6960 section 4.1.1). */
export interface OcspCertId {
  /** OID of the hash used for the two hashes (SHA-1 `1.3.14.3.2.26` by default). */
  readonly hashAlgorithm: string;
  /** Hash of the issuer's DER-encoded subject name, lower-case hex. */
  readonly issuerNameHash: string;
  /** Hash of the issuer's subjectPublicKey BIT STRING content, lower-case hex. */
  readonly issuerKeyHash: string;
  /** Serial number, upper-case hex without sign padding (as `openssl x509 -serial` prints it). */
  readonly serialNumber: string;
}

/** What one SingleResponse says about a certificate. */
export type OcspCertStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason?: string }
  | { readonly status: 'unknown' };

/** One SingleResponse of a BasicOCSPResponse. */
export interface OcspSingleResponse {
  readonly certId: OcspCertId;
  readonly certStatus: OcspCertStatus;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

/** How the responder names itself: by its subject name (DER), or by the SHA-1 of its public key. */
export type OcspResponderId =
  | { readonly type: 'name'; readonly name: Uint8Array }
  | { readonly type: 'key'; readonly keyHash: string };

/** A parsed BasicOCSPResponse (RFC 6960 section 4.2.1). Nothing in it is verified yet. */
export interface BasicOcspResponse {
  /** The signed ResponseData bytes. */
  readonly tbs: Uint8Array;
  readonly responderId: OcspResponderId;
  readonly producedAt: Date;
  readonly responses: readonly OcspSingleResponse[];
  /** The nonce extension's value (the extnValue content), when the response carries one. */
  readonly nonce?: Uint8Array;
  /** The signature algorithm (OID, name, hash, parameters). */
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly signature: Uint8Array;
  /** DER of the certificates in `certs` (a delegated responder and maybe its chain). */
  readonly certificates: readonly Uint8Array[];
}

/** A parsed OCSPResponse: a status and, when successful, the basic response. */
export interface OcspResponse {
  readonly responseStatus: OcspResponseStatus;
  readonly basic?: BasicOcspResponse;
}

function malformed(reason: string, cause?: unknown): RevocationError {
  return new RevocationError('ERR_REVOCATION_OCSP_MALFORMED', `Malformed OCSP response: ${reason}.`, {
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}

function expectTag(tlv: Tlv | undefined, cls: number, tag: number, what: string): Tlv {
  if (tlv === undefined || tlv.cls !== cls || tlv.tag !== tag) throw malformed(`${what} is missing`);
  return tlv;
}

/** Reads a CertID SEQUENCE. */
export function readCertId(bytes: Uint8Array, tlv: Tlv): OcspCertId {
  const [alg, nameHash, keyHash, serial] = children(bytes, expectSequence(tlv, 'CertID'));
  const algParts = children(bytes, expectSequence(alg, 'CertID.hashAlgorithm'));
  return {
    hashAlgorithm: readOid(bytes, expectTag(algParts[0], 0, UniversalTag.oid, 'hashAlgorithm')),
    issuerNameHash: hex(
      valueBytes(bytes, expectTag(nameHash, 0, UniversalTag.octetString, 'issuerNameHash')),
    ),
    issuerKeyHash: hex(valueBytes(bytes, expectTag(keyHash, 0, UniversalTag.octetString, 'issuerKeyHash'))),
    serialNumber: readIntegerHex(
      bytes,
      expectTag(serial, 0, UniversalTag.integer, 'serialNumber'),
    ).toUpperCase(),
  };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function readCertStatus(bytes: Uint8Array, tlv: Tlv | undefined): OcspCertStatus {
  if (tlv === undefined || tlv.cls !== 2) throw malformed('certStatus is missing');
  if (tlv.tag === 0) return { status: 'good' };
  if (tlv.tag === 2) return { status: 'unknown' };
  if (tlv.tag !== 1 || !tlv.constructed) throw malformed(`certStatus has an unknown choice [${tlv.tag}]`);
  const [time, reasonTlv] = children(bytes, tlv);
  const revokedAt = readTime(bytes, expectTag(time, 0, UniversalTag.generalizedTime, 'revocationTime'));
  if (reasonTlv === undefined) return { status: 'revoked', revokedAt };
  if (!isContext(reasonTlv, 0)) throw malformed('revocationReason has the wrong tag');
  const [enumerated] = children(bytes, reasonTlv);
  const code = readSmallInteger(bytes, expectTag(enumerated, 0, UniversalTag.enumerated, 'revocationReason'));
  return { status: 'revoked', revokedAt, reason: CRL_REASONS[code] ?? `reason-${code}` };
}

function readSingleResponse(bytes: Uint8Array, tlv: Tlv): OcspSingleResponse {
  const [certIdTlv, statusTlv, thisUpdateTlv, ...rest] = children(
    bytes,
    expectSequence(tlv, 'SingleResponse'),
  );
  const certId = readCertId(bytes, expectSequence(certIdTlv, 'CertID'));
  const certStatus = readCertStatus(bytes, statusTlv);
  const thisUpdate = readTime(bytes, expectTag(thisUpdateTlv, 0, UniversalTag.generalizedTime, 'thisUpdate'));
  let nextUpdate: Date | undefined;
  for (const t of rest) {
    if (isContext(t, 0)) {
      const [inner] = children(bytes, t);
      nextUpdate = readTime(bytes, expectTag(inner, 0, UniversalTag.generalizedTime, 'nextUpdate'));
    } else if (!isContext(t, 1)) throw malformed('SingleResponse has an unexpected field');
  }
  return nextUpdate === undefined
    ? { certId, certStatus, thisUpdate }
    : { certId, certStatus, thisUpdate, nextUpdate };
}

/** Reads an Extensions SEQUENCE into (oid, critical, value) triples. */
export function readExtensions(
  bytes: Uint8Array,
  tlv: Tlv,
): Array<{ oid: string; critical: boolean; value: Uint8Array }> {
  const out: Array<{ oid: string; critical: boolean; value: Uint8Array }> = [];
  for (const ext of children(bytes, expectSequence(tlv, 'Extensions'))) {
    const parts = children(bytes, expectSequence(ext, 'Extension'));
    const oid = readOid(bytes, expectTag(parts[0], 0, UniversalTag.oid, 'extnID'));
    let i = 1;
    let critical = false;
    if (parts[i]?.cls === 0 && parts[i]?.tag === UniversalTag.boolean)
      critical = readBoolean(bytes, parts[i++]!);
    const value = valueBytes(bytes, expectTag(parts[i], 0, UniversalTag.octetString, 'extnValue'));
    out.push({ oid, critical, value });
  }
  return out;
}

function readBasic(bytes: Uint8Array): BasicOcspResponse {
  const root = expectSequence(readRoot(bytes), 'BasicOCSPResponse');
  const [tbsTlv, algTlv, sigTlv, certsTlv] = children(bytes, root);
  const tbs = expectSequence(tbsTlv, 'ResponseData');
  const fields = children(bytes, tbs);
  let i = 0;
  if (fields[i] !== undefined && isContext(fields[i]!, 0)) i++; // version [0] EXPLICIT, v1 only
  const rid = fields[i++];
  let responderId: OcspResponderId;
  if (rid !== undefined && isContext(rid, 1)) {
    const [name] = children(bytes, rid);
    responderId = { type: 'name', name: tlvBytes(bytes, expectSequence(name, 'responderID byName')) };
  } else if (rid !== undefined && isContext(rid, 2)) {
    const [hash] = children(bytes, rid);
    responderId = {
      type: 'key',
      keyHash: hex(valueBytes(bytes, expectTag(hash, 0, UniversalTag.octetString, 'responderID byKey'))),
    };
  } else throw malformed('responderID is missing');
  const producedAt = readTime(bytes, expectTag(fields[i++], 0, UniversalTag.generalizedTime, 'producedAt'));
  const list = expectSequence(fields[i++], 'responses');
  const responses = children(bytes, list).map((t) => readSingleResponse(bytes, t));
  let nonce: Uint8Array | undefined;
  const extTlv = fields[i];
  if (extTlv !== undefined) {
    if (!isContext(extTlv, 1)) throw malformed('ResponseData has an unexpected field');
    const [seq] = children(bytes, extTlv);
    for (const ext of readExtensions(bytes, expectSequence(seq, 'responseExtensions'))) {
      if (ext.oid === OcspOid.nonce) nonce = ext.value;
    }
  }
  const signatureAlgorithm = parseSignatureAlgorithm(bytes, expectSequence(algTlv, 'signatureAlgorithm'));
  const sigBits = readBitString(bytes, expectTag(sigTlv, 0, UniversalTag.bitString, 'signature'));
  if (sigBits.unusedBits !== 0) throw malformed('the signature BIT STRING has unused bits');
  const signature = sigBits.bytes;
  const certificates: Uint8Array[] = [];
  if (certsTlv !== undefined) {
    if (!isContext(certsTlv, 0)) throw malformed('BasicOCSPResponse has an unexpected field');
    const [seq] = children(bytes, certsTlv);
    for (const c of children(bytes, expectSequence(seq, 'certs'))) {
      certificates.push(tlvBytes(bytes, expectSequence(c, 'certs entry')));
    }
  }
  return {
    tbs: tlvBytes(bytes, tbs),
    responderId,
    producedAt,
    responses,
    ...(nonce === undefined ? {} : { nonce }),
    signatureAlgorithm,
    signature,
    certificates,
  };
}

/**
 * Parses a DER OCSPResponse. Verifies nothing: `createOcspChecker` (certkit/chain) checks the signature, the
 * responder's authority, freshness, nonce and CertID.
 *
 * @throws RevocationError `ERR_REVOCATION_OCSP_MALFORMED` when the bytes are not an OCSPResponse with a
 *   basic response (the `cause` keeps the DER error).
 * @example
 * ```ts
 * import { parseOcspResponse } from 'certkit/x509';
 * const res = parseOcspResponse(derBytes);
 * if (res.responseStatus === 'successful') console.log(res.basic?.responses[0]?.certStatus);
 * ```
 * @see RFC 6960 section 4.2.1
 */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  if (!(der instanceof Uint8Array)) throw new TypeError('parseOcspResponse expects a Uint8Array');
  try {
    const root = expectSequence(readRoot(der), 'OCSPResponse');
    const [statusTlv, bytesTlv] = children(der, root);
    const code = readSmallInteger(der, expectTag(statusTlv, 0, UniversalTag.enumerated, 'responseStatus'));
    const responseStatus = STATUS_NAMES[code];
    if (responseStatus === undefined) throw malformed(`unknown responseStatus ${code}`);
    if (bytesTlv === undefined) {
      if (responseStatus === 'successful') throw malformed('a successful response without responseBytes');
      return { responseStatus };
    }
    if (!isContext(bytesTlv, 0)) throw malformed('responseBytes has the wrong tag');
    const [rb] = children(der, bytesTlv);
    const [typeTlv, octets] = children(der, expectSequence(rb, 'ResponseBytes'));
    const type = readOid(der, expectTag(typeTlv, 0, UniversalTag.oid, 'responseType'));
    if (type !== OcspOid.basicResponse) throw malformed(`unsupported responseType ${type}`);
    const inner = valueBytes(der, expectTag(octets, 0, UniversalTag.octetString, 'response'));
    return { responseStatus, basic: readBasic(inner) };
  } catch (e) {
    if (e instanceof RevocationError) throw e;
    if (isCertkitError(e)) throw malformed(String(e.details.reason ?? e.message), e);
    throw malformed(e instanceof Error ? e.message : String(e), e);
  }
}
