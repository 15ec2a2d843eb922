import { createHash } from 'node:crypto';
import { RevocationError } from '../../errors/area-errors.js';
import { derOctetString } from '../../internal/der/index.js';
import { ExtendedKeyUsageOid, HashByOid } from '../../internal/oids.js';
import { Certificate } from '../../x509/certificate.js';
import { DistinguishedName } from '../../x509/distinguished-name.js';
import {
  buildOcspRequest,
  computeOcspCertId,
  type OcspHashAlgorithm,
  randomNonce,
  sameCertId,
} from '../../x509/ocsp-request.js';
import {
  type BasicOcspResponse,
  type OcspSingleResponse,
  parseOcspResponse,
} from '../../x509/ocsp-response.js';
import { verifySignedData } from '../../x509/signature.js';
import type { RevocationCheckContext, RevocationChecker, RevocationStatus } from '../revocation-checker.js';
import { createHttpOcspTransport, type OcspTransport } from './ocsp-transport.js';
import { unknownFromError, unknownStatus } from './unknown-status.js';

/** Options of {@link createOcspChecker}. */
export interface OcspCheckerOptions {
  /** How requests reach the responder. Default: HTTP POST ({@link createHttpOcspTransport}). */
  readonly transport?: OcspTransport;
  /**
   * Send a nonce and require the response to echo it. `true` sends 16 random bytes; a function
   * supplies the bytes (1 to 32). Default `false`: many CA responders serve pre-signed responses
   * and ignore nonces.
   */
  readonly nonce?: boolean | (() => Uint8Array);
  /** Maximum age in seconds of a response without nextUpdate (measured from thisUpdate). Default 86 400. */
  readonly maxAgeSeconds?: number;
  /** Tolerated clock difference in seconds for thisUpdate / nextUpdate. Default 300. */
  readonly clockSkewSeconds?: number;
  /** Hash of the request CertID. Default `'sha1'` (what responders universally support). */
  readonly hashAlgorithm?: OcspHashAlgorithm;
  /** Ask this responder URL instead of the certificate's AIA OCSP URLs. */
  readonly responderUrl?: string;
  /**
   * Keeps definitive responses (good / revoked) per responder and CertID and re-judges them at each
   * check's `at`, so a response is reused until it is no longer fresh. Not used when `nonce` is on.
   * A `Map<string, Uint8Array>` fits. Default: none.
   */
  readonly cache?: OcspResponseCache;
}

/** Stores DER OCSP responses by a key the checker chooses (responder URL and CertID). */
export interface OcspResponseCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, der: Uint8Array): unknown;
}

function sha1Hex(b: Uint8Array): string {
  return createHash('sha1').update(b).digest('hex');
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

function matchesResponderId(basic: BasicOcspResponse, cert: Certificate): boolean {
  const rid = basic.responderId;
  if (rid.type === 'key') return sha1Hex(cert.publicKey.keyBytes) === rid.keyHash;
  if (bytesEqual(rid.name, cert.subject.der)) return true;
  try {
    return new DistinguishedName(rid.name).equals(cert.subject);
  } catch {
    return false;
  }
}

/** @internal Checks the responder's authority and the response signature; an `unknown` on failure. */
function verifyResponder(
  basic: BasicOcspResponse,
  issuer: Certificate,
  at: Date,
): RevocationStatus | undefined {
  const verifyWith = (signer: Certificate, who: string): RevocationStatus | undefined => {
    const check = verifySignedData({
      data: basic.tbs,
      signature: basic.signature,
      algorithm: basic.signatureAlgorithm,
      key: signer.publicKey,
    });
    if (check.ok) return undefined;
    return unknownStatus(
      'ERR_REVOCATION_OCSP_BAD_SIGNATURE',
      `the OCSP response signature does not verify with the ${who}'s key: ${check.reason}`,
    );
  };
  if (matchesResponderId(basic, issuer)) return verifyWith(issuer, 'issuer');
  const candidates: Certificate[] = [];
  for (const der of basic.certificates) {
    try {
      const c = Certificate.fromDer(der);
      if (matchesResponderId(basic, c)) candidates.push(c);
    } catch {
      // An unreadable certificate cannot be the responder; the others may still be.
    }
  }
  if (candidates.length === 0) {
    return unknownStatus(
      'ERR_REVOCATION_OCSP_UNAUTHORISED_RESPONDER',
      'the OCSP response is signed by a responder that is neither the issuer nor a certificate included in the response',
    );
  }
  let last: RevocationStatus | undefined;
  for (const responder of candidates) {
    const name = responder.subject.toString();
    const denied = (why: string): RevocationStatus =>
      unknownStatus(
        'ERR_REVOCATION_OCSP_UNAUTHORISED_RESPONDER',
        `the OCSP responder "${name}" is not authorised: ${why}`,
      );
    if (!responder.issuer.equals(issuer.subject) || !responder.verifySignature(issuer.publicKey).ok) {
      last = denied(`it was not issued by the certificate's issuer "${issuer.subject.toString()}"`);
      continue;
    }
    let ekus: readonly string[] = [];
    try {
      ekus = responder.extendedKeyUsage?.oids ?? [];
    } catch {
      ekus = [];
    }
    if (!ekus.includes(ExtendedKeyUsageOid.OCSPSigning)) {
      last = denied('its certificate lacks the id-kp-OCSPSigning extended key usage');
      continue;
    }
    if (at < responder.notBefore || at > responder.notAfter) {
      last = denied(`its certificate is not valid at ${at.toISOString()}`);
      continue;
    }
    return verifyWith(responder, 'delegated responder');
  }
  return last;
}

function checkFreshness(
  single: OcspSingleResponse,
  at: Date,
  skewMs: number,
  maxAgeMs: number,
): RevocationStatus | undefined {
  const t = at.getTime();
  if (single.thisUpdate.getTime() > t + skewMs) {
    return unknownStatus(
      'ERR_REVOCATION_OCSP_STALE',
      `the OCSP response's thisUpdate ${single.thisUpdate.toISOString()} is after ${at.toISOString()}`,
    );
  }
  if (single.nextUpdate !== undefined) {
    if (single.nextUpdate.getTime() < t - skewMs) {
      return unknownStatus(
        'ERR_REVOCATION_OCSP_STALE',
        `the OCSP response expired at its nextUpdate ${single.nextUpdate.toISOString()}`,
      );
    }
  } else if (t - single.thisUpdate.getTime() > maxAgeMs) {
    return unknownStatus(
      'ERR_REVOCATION_OCSP_STALE',
      `the OCSP response (no nextUpdate) from ${single.thisUpdate.toISOString()} is older than ${maxAgeMs / 1000} s`,
    );
  }
  return undefined;
}

/** @internal Judges one DER OCSPResponse for `cert`; exported for tests of pre-made responses. */
export function evaluateOcspResponse(
  der: Uint8Array,
  cert: Certificate,
  issuer: Certificate,
  at: Date,
  expect: { nonce?: Uint8Array; skewMs: number; maxAgeMs: number },
): RevocationStatus {
  const response = parseOcspResponse(der);
  if (response.responseStatus !== 'successful') {
    return unknownStatus(
      'ERR_REVOCATION_OCSP_STATUS',
      `the OCSP responder answered "${response.responseStatus}" instead of a status`,
    );
  }
  const basic = response.basic!;
  const responderProblem = verifyResponder(basic, issuer, at);
  if (responderProblem !== undefined) return responderProblem;
  if (expect.nonce !== undefined) {
    if (basic.nonce === undefined) {
      return unknownStatus(
        'ERR_REVOCATION_OCSP_NONCE_MISMATCH',
        'the OCSP response does not echo the nonce sent',
      );
    }
    if (!bytesEqual(basic.nonce, expect.nonce)) {
      return unknownStatus(
        'ERR_REVOCATION_OCSP_NONCE_MISMATCH',
        'the OCSP response carries a different nonce',
      );
    }
  }
  let single: OcspSingleResponse | undefined;
  for (const r of basic.responses) {
    const hash = HashByOid[r.certId.hashAlgorithm];
    if (hash === undefined || hash === 'md5') continue;
    if (sameCertId(r.certId, computeOcspCertId(cert, issuer, hash))) {
      single = r;
      break;
    }
  }
  if (single === undefined) {
    return unknownStatus(
      'ERR_REVOCATION_OCSP_CERT_ID_MISMATCH',
      `the OCSP response has no answer for serial ${cert.serialNumber} of this issuer`,
    );
  }
  const stale = checkFreshness(single, at, expect.skewMs, expect.maxAgeMs);
  if (stale !== undefined) return stale;
  const s = single.certStatus;
  if (s.status === 'good') return { status: 'good', source: 'ocsp' };
  if (s.status === 'revoked') {
    return s.reason === undefined
      ? { status: 'revoked', source: 'ocsp', revokedAt: s.revokedAt }
      : { status: 'revoked', source: 'ocsp', revokedAt: s.revokedAt, reason: s.reason };
  }
  return unknownStatus(
    'ERR_REVOCATION_OCSP_UNKNOWN_CERT',
    `the OCSP responder does not know serial ${cert.serialNumber}`,
  );
}

/**
 * A {@link RevocationChecker} that asks the OCSP responder named in the certificate's Authority
 * Information Access (or `responderUrl`). It builds the request with certkit's DER writer, sends it
 * through the transport, and accepts the answer only when the response is successful, signed by the
 * issuer or by a delegated responder certificate the issuer issued with id-kp-OCSPSigning (valid at
 * `at`), fresh, for the same CertID, and echoing the nonce when one was sent. Anything else is a coded
 * `unknown` (`ERR_REVOCATION_OCSP_*`, `ERR_REVOCATION_FETCH_*`, `ERR_REVOCATION_NO_SOURCE`); it never throws
 * for bad responses.
 *
 * @throws TypeError when an option has the wrong type.
 * @example
 * ```ts
 * import { createOcspChecker, verifyChain } from 'certkit/chain';
 * const revocation = createOcspChecker({ nonce: true });
 * const status = await revocation.check(leaf, issuer, { at: new Date(), depth: 0 });
 * ```
 * @see RFC 6960 sections 3.2 and 4.2.2.2, RFC 8954
 */
export function createOcspChecker(options: OcspCheckerOptions = {}): RevocationChecker {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const transport = options.transport ?? createHttpOcspTransport();
  if (typeof transport.post !== 'function') throw new TypeError('transport.post must be a function');
  const skewMs = (options.clockSkewSeconds ?? 300) * 1000;
  const maxAgeMs = (options.maxAgeSeconds ?? 86_400) * 1000;
  const makeNonce =
    options.nonce === true ? randomNonce : typeof options.nonce === 'function' ? options.nonce : undefined;
  return {
    async check(cert: Certificate, issuer: Certificate, context: RevocationCheckContext) {
      const at = context.at;
      let urls: readonly string[];
      try {
        urls = options.responderUrl !== undefined ? [options.responderUrl] : cert.authorityInfoAccess.ocsp;
      } catch (e) {
        return unknownFromError(e, 'ERR_REVOCATION_NO_SOURCE', 'reading the OCSP URL');
      }
      if (urls.length === 0) {
        return unknownStatus('ERR_REVOCATION_NO_SOURCE', 'the certificate names no OCSP responder');
      }
      let last: RevocationStatus = unknownStatus('ERR_REVOCATION_NO_SOURCE', 'no OCSP responder answered');
      const cache = makeNonce === undefined ? options.cache : undefined;
      for (const url of urls) {
        try {
          const request = buildOcspRequest(cert, issuer, {
            hashAlgorithm: options.hashAlgorithm ?? 'sha1',
            ...(makeNonce === undefined ? {} : { nonce: makeNonce() }),
          });
          const key = `${url} ${request.certId.hashAlgorithm} ${request.certId.issuerNameHash} ${request.certId.issuerKeyHash} ${request.certId.serialNumber}`;
          const cached = cache?.get(key);
          if (cached !== undefined) {
            const reused = evaluateOcspResponse(cached, cert, issuer, at, { skewMs, maxAgeMs });
            if (reused.status !== 'unknown') return reused;
          }
          const der = await transport.post(url, request.der);
          if (!(der instanceof Uint8Array)) {
            throw new RevocationError(
              'ERR_REVOCATION_FETCH_FAILED',
              `The OCSP transport returned no bytes for ${url}.`,
              {
                details: { url },
              },
            );
          }
          last = evaluateOcspResponse(der, cert, issuer, at, {
            skewMs,
            maxAgeMs,
            ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
          });
          if (cache !== undefined && last.status !== 'unknown') cache.set(key, Uint8Array.from(der));
        } catch (e) {
          last = unknownFromError(e, 'ERR_REVOCATION_FETCH_FAILED', `OCSP ${url}`);
        }
        if (last.status !== 'unknown') return last;
      }
      return last;
    },
  };
}

/** Options of {@link checkOcspResponse}. */
export interface OcspResponseCheckOptions {
  /** The validation time. Default now. */
  readonly at?: Date;
  /** The nonce bytes sent in the request, when one was sent: the response must echo them. */
  readonly nonce?: Uint8Array;
  /** Tolerated clock difference in seconds. Default 300. */
  readonly clockSkewSeconds?: number;
  /** Maximum age in seconds of a response without nextUpdate. Default 86 400. */
  readonly maxAgeSeconds?: number;
}

/**
 * Judges a DER OCSPResponse obtained some other way (a TLS stapled response, a cached file) for `cert`
 * issued by `issuer`, with the same checks as {@link createOcspChecker}: successful status, authorised
 * responder, valid signature, nonce, CertID and freshness. Never throws for bad bytes.
 *
 * @returns `good` / `revoked` (source `ocsp`), or a coded `unknown` (`ERR_REVOCATION_OCSP_*`).
 * @throws TypeError when `der` is not a Uint8Array.
 * @example
 * ```ts
 * import { checkOcspResponse } from 'certkit/chain';
 * tlsSocket.on('OCSPResponse', (der) => console.log(checkOcspResponse(der, leaf, issuer)));
 * ```
 * @see RFC 6960 section 3.2, RFC 6066 section 8 (stapling)
 */
export function checkOcspResponse(
  der: Uint8Array,
  cert: Certificate,
  issuer: Certificate,
  options: OcspResponseCheckOptions = {},
): RevocationStatus {
  if (!(der instanceof Uint8Array)) throw new TypeError('checkOcspResponse expects the DER bytes');
  try {
    return evaluateOcspResponse(der, cert, issuer, options.at ?? new Date(), {
      skewMs: (options.clockSkewSeconds ?? 300) * 1000,
      maxAgeMs: (options.maxAgeSeconds ?? 86_400) * 1000,
      ...(options.nonce === undefined ? {} : { nonce: derOctetString(options.nonce) }),
    });
  } catch (e) {
    return unknownFromError(e, 'ERR_REVOCATION_OCSP_MALFORMED', 'OCSP response');
  }
}
