import { createHash, randomBytes } from 'node:crypto';
import {
  derExplicit,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  encodeTlv,
} from '../internal/der/index.js';
import { HashByOid, OcspOid } from '../internal/oids.js';
import type { Certificate } from './certificate.js';
import type { OcspCertId } from './ocsp-response.js';

/** Hashes a CertID may use. SHA-1 is the default every responder understands (RFC 5019). */
export type OcspHashAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Options of {@link buildOcspRequest}. */
export interface OcspRequestOptions {
  /** Hash for issuerNameHash and issuerKeyHash. Default `'sha1'`. */
  readonly hashAlgorithm?: OcspHashAlgorithm;
  /** Nonce bytes to send in the nonce extension (RFC 8954: 1 to 32 bytes). Default: no nonce. */
  readonly nonce?: Uint8Array;
}

/** A DER-encoded OCSPRequest and what it asks, to match the response against. */
export interface OcspRequest {
  /** The DER OCSPRequest to POST. */
  readonly der: Uint8Array;
  /** The CertID asked about. */
  readonly certId: OcspCertId;
  /** The nonce extension's extnValue content (the DER OCTET STRING holding the nonce), when sent. */
  readonly nonce?: Uint8Array;
}

const OID_BY_HASH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HashByOid).map(([oid, name]) => [name, oid]),
);

/**
 * Computes the CertID of `cert` issued by `issuer`: hashes of the issuer's subject name DER and of its
 * subjectPublicKey BIT STRING content, and the certificate serial number.
 *
 * @throws TypeError for a hash that is not sha1, sha256, sha384 or sha512.
 * @example
 * ```ts
 * import { computeOcspCertId } from 'certkit/x509';
 * const id = computeOcspCertId(leaf, issuer, 'sha1');
 * ```
 * @see RFC 6960 section 4.1.1
 */
export function computeOcspCertId(
  cert: Certificate,
  issuer: Certificate,
  hashAlgorithm: string = 'sha1',
): OcspCertId {
  const oid = OID_BY_HASH[hashAlgorithm];
  if (oid === undefined || hashAlgorithm === 'md5') {
    throw new TypeError(`unsupported OCSP CertID hash: ${hashAlgorithm}`);
  }
  return {
    hashAlgorithm: oid,
    issuerNameHash: createHash(hashAlgorithm).update(issuer.subject.der).digest('hex'),
    issuerKeyHash: createHash(hashAlgorithm).update(issuer.publicKey.keyBytes).digest('hex'),
    serialNumber: cert.serialNumber.toUpperCase(),
  };
}

/**
 * Builds a DER OCSPRequest for one certificate with our DER writer: CertID with SHA-1 by default,
 * and the optional nonce extension. Unsigned, as responders expect.
 *
 * @throws TypeError for an unsupported hash or a nonce outside 1..32 bytes.
 * @example
 * ```ts
 * import { buildOcspRequest } from 'certkit/x509';
 * const req = buildOcspRequest(leaf, issuer, { nonce: crypto.getRandomValues(new Uint8Array(16)) });
 * await fetch(url, { method: 'POST', body: req.der, headers: { 'content-type': 'application/ocsp-request' } });
 * ```
 * @see RFC 6960 section 4.1, RFC 8954 (nonce)
 */
export function buildOcspRequest(
  cert: Certificate,
  issuer: Certificate,
  options: OcspRequestOptions = {},
): OcspRequest {
  const hashAlgorithm = options.hashAlgorithm ?? 'sha1';
  const certId = computeOcspCertId(cert, issuer, hashAlgorithm);
  const certIdDer = derSequence(
    derSequence(derOid(certId.hashAlgorithm), derNull()),
    derOctetString(Buffer.from(certId.issuerNameHash, 'hex')),
    derOctetString(Buffer.from(certId.issuerKeyHash, 'hex')),
    encodeTlv(0x02, cert.serialNumberBytes),
  );
  const request = derSequence(certIdDer);
  const parts: Uint8Array[] = [derSequence(request)];
  let nonceValue: Uint8Array | undefined;
  if (options.nonce !== undefined) {
    const n = options.nonce;
    if (!(n instanceof Uint8Array) || n.length < 1 || n.length > 32) {
      throw new TypeError('an OCSP nonce must be 1 to 32 bytes (RFC 8954)');
    }
    nonceValue = derOctetString(n);
    parts.push(derExplicit(2, derSequence(derSequence(derOid(OcspOid.nonce), derOctetString(nonceValue)))));
  }
  const der = derSequence(derSequence(...parts));
  return nonceValue === undefined ? { der, certId } : { der, certId, nonce: nonceValue };
}

/** @internal 16 random bytes, the nonce length RFC 8954 recommends. */
export function randomNonce(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

/** Whether two CertIDs name the same certificate (same hash, hashes and serial). */
export function sameCertId(a: OcspCertId, b: OcspCertId): boolean {
  return (
    a.hashAlgorithm === b.hashAlgorithm &&
    a.issuerNameHash === b.issuerNameHash &&
    a.issuerKeyHash === b.issuerKeyHash &&
    a.serialNumber.replace(/^0+(?=.)/, '') === b.serialNumber.replace(/^0+(?=.)/, '')
  );
}
