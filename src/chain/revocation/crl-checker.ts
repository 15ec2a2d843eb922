import { createInFlight } from '../../internal/in-flight.js';
import { ExtensionOid } from '../../internal/oids.js';
import type { Certificate } from '../../x509/certificate.js';
import { type CertificateRevocationList, parseCrl } from '../../x509/certificate-revocation-list.js';
import { createHttpFetcher, type Fetcher } from '../fetch/fetcher.js';
import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_FETCH_TIMEOUT_MS } from '../fetch/http-request.js';
import type { RevocationCheckContext, RevocationChecker, RevocationStatus } from '../revocation-checker.js';
import { type CrlCache, createCrlCache } from './crl-cache.js';
import { cabfCrlProblem, crlProfileProblem, entryExtensionProblem } from './crl-profile.js';
import { distributionPointMismatch } from './crl-scope.js';
import { type UnknownStatus as Unknown, unknownFromError, unknownStatus } from './unknown-status.js';

/** Options of {@link createCrlChecker}. */
export interface CrlCheckerOptions {
  /** CRLs to use before fetching (for example from `--crl` files). */
  readonly crls?: readonly CertificateRevocationList[];
  /**
   * Fetches CRLs from the certificate's HTTP(S) CRL distribution points when `crls` holds no usable
   * CRL for its issuer. Default: HTTP GET ({@link createHttpFetcher}); `false` turns fetching off.
   */
  readonly fetcher?: Fetcher | false;
  /** Keeps fetched CRLs until their nextUpdate. Default: a new {@link createCrlCache} per checker. */
  readonly cache?: CrlCache;
  /**
   * Certificates of CRL signers other than the issuer's own key (RFC 5280 section 6.3.3 (f)): each
   * must carry the issuer's name, be issued by the issuer, have the cRLSign key usage and be valid at `at`.
   */
  readonly crlSigners?: readonly Certificate[];
  /** Time limit per fetch in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Size limit per fetched CRL in bytes. Default 10 MiB. */
  readonly maxBytes?: number;
}

/** CRL extensions this checker understands (a critical one of any other kind makes the CRL unusable). */
const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set([
  ExtensionOid.authorityKeyIdentifier,
  ExtensionOid.issuingDistributionPoint,
  ExtensionOid.crlNumber,
  ExtensionOid.deltaCrlIndicator,
  ExtensionOid.issuerAltName,
  ExtensionOid.freshestCrl,
]);

function isCa(c: Certificate): boolean {
  try {
    return c.basicConstraints?.ca === true;
  } catch {
    return false;
  }
}

/**
 * A {@link RevocationChecker} over CRLs: the ones passed in, else those fetched from the certificate's
 * CRL distribution points (cached until nextUpdate). A CRL is used only when it is a complete CRL
 * (delta CRLs are ignored) from the certificate's issuer, signed by the issuer's key (with cRLSign when
 * the issuer has a key usage extension) or by an authorised CRL signer, current at `at`
 * (thisUpdate ≤ at < nextUpdate), free of unknown critical extensions, and in scope
 * (issuingDistributionPoint: user/CA-only, attribute-only, some-reasons-only, distribution point;
 * indirect CRLs are not supported). Then a listed serial is `revoked` with the reason and date, an
 * unlisted one `good`. Anything else is a coded `unknown` (`ERR_REVOCATION_CRL_*`,
 * `ERR_REVOCATION_FETCH_*`, `ERR_REVOCATION_NO_SOURCE`); it never throws for bad CRLs.
 *
 * @throws TypeError when an option has the wrong type.
 * @example
 * ```ts
 * import { createCrlChecker, verifyChain } from 'certkit/chain';
 * import { parseCrl } from 'certkit/x509';
 * const revocation = createCrlChecker({ crls: [parseCrl(crlPem)], fetcher: false });
 * const result = await verifyChain(leaf, { trust, revocation, revocationPolicy: 'hard-fail' });
 * ```
 * @see RFC 5280 sections 5 and 6.3
 */
export function createCrlChecker(options: CrlCheckerOptions = {}): RevocationChecker {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const crls = options.crls ?? [];
  if (!Array.isArray(crls)) throw new TypeError('crls must be an array of CertificateRevocationList');
  const fetcher = options.fetcher === false ? undefined : (options.fetcher ?? createHttpFetcher());
  if (fetcher !== undefined && typeof fetcher.fetch !== 'function') {
    throw new TypeError('fetcher.fetch must be a function');
  }
  const cache = options.cache ?? createCrlCache();
  const signers = options.crlSigners ?? [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const verified = new WeakMap<CertificateRevocationList, Map<string, boolean>>();
  const inFlight = createInFlight<CertificateRevocationList>();

  const signatureOk = (crl: CertificateRevocationList, key: Certificate): boolean => {
    let memo = verified.get(crl);
    if (memo === undefined) {
      memo = new Map();
      verified.set(crl, memo);
    }
    const k = key.publicKey.sha256Fingerprint;
    let ok = memo.get(k);
    if (ok === undefined) {
      ok = crl.verifySignature(key.publicKey).ok;
      memo.set(k, ok);
    }
    return ok;
  };

  /** Why this CRL cannot sign for `issuer`, or undefined when its signature is authorised and valid. */
  const checkSignature = (
    crl: CertificateRevocationList,
    issuer: Certificate,
    at: Date,
  ): Unknown | undefined => {
    let issuerMayNotSign = false;
    try {
      const ku = issuer.keyUsage;
      issuerMayNotSign = ku !== undefined && !ku.cRLSign;
    } catch {
      issuerMayNotSign = true;
    }
    if (signatureOk(crl, issuer)) {
      if (!issuerMayNotSign) return undefined;
      return unknownStatus(
        'ERR_REVOCATION_CRL_SIGNER_UNAUTHORISED',
        `the issuer "${issuer.subject.toString()}" signed the CRL but its key usage lacks cRLSign`,
      );
    }
    for (const s of signers) {
      if (!s.subject.equals(crl.issuer) || !s.issuer.equals(issuer.subject)) continue;
      if (!signatureOk(crl, s)) continue;
      let crlSign = false;
      try {
        crlSign = s.keyUsage?.cRLSign === true;
      } catch {
        crlSign = false;
      }
      const issuedByIssuer = s.verifySignature(issuer.publicKey).ok;
      const valid = at >= s.notBefore && at <= s.notAfter;
      if (crlSign && issuedByIssuer && valid) return undefined;
      return unknownStatus(
        'ERR_REVOCATION_CRL_SIGNER_UNAUTHORISED',
        `the CRL signer "${s.subject.toString()}" is not authorised: ${
          !crlSign
            ? 'no cRLSign key usage'
            : !issuedByIssuer
              ? 'not issued by the CA'
              : `not valid at ${at.toISOString()}`
        }`,
      );
    }
    return unknownStatus(
      'ERR_REVOCATION_CRL_BAD_SIGNATURE',
      `the CRL from "${crl.issuer.toString()}" is not signed by the issuer's key or an authorised CRL signer`,
    );
  };

  const evaluate = (
    crl: CertificateRevocationList,
    cert: Certificate,
    issuer: Certificate,
    at: Date,
    profileRules: boolean,
  ): RevocationStatus => {
    try {
      if (crl.deltaCrlIndicator !== undefined) {
        return unknownStatus(
          'ERR_REVOCATION_CRL_DELTA_IGNORED',
          'a delta CRL was ignored (only complete CRLs are used)',
        );
      }
      if (!crl.issuer.equals(cert.issuer)) {
        return unknownStatus(
          'ERR_REVOCATION_CRL_ISSUER_MISMATCH',
          `the CRL is issued by "${crl.issuer.toString()}", not by "${cert.issuer.toString()}"`,
        );
      }
      for (const ext of crl.extensions) {
        if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.oid)) {
          return unknownStatus(
            'ERR_REVOCATION_CRL_UNKNOWN_CRITICAL_EXTENSION',
            `the CRL has an unknown critical extension ${ext.oid}`,
          );
        }
      }
      const profile = crlProfileProblem(crl);
      if (profile !== undefined) return profile;
      const idp = crl.issuingDistributionPoint;
      if (idp !== undefined) {
        if (idp.indirectCRL) {
          return unknownStatus('ERR_REVOCATION_CRL_INDIRECT_UNSUPPORTED', 'indirect CRLs are not supported');
        }
        const outOfScope = (why: string): RevocationStatus =>
          unknownStatus('ERR_REVOCATION_CRL_OUT_OF_SCOPE', `the CRL does not cover this certificate: ${why}`);
        const ca = isCa(cert);
        if (idp.onlyContainsUserCerts && ca) return outOfScope('it lists end-entity certificates only');
        if (idp.onlyContainsCACerts && !ca) return outOfScope('it lists CA certificates only');
        if (idp.onlyContainsAttributeCerts) return outOfScope('it lists attribute certificates only');
        if (idp.onlySomeReasons !== undefined) {
          return outOfScope(`it covers only some reasons (${idp.onlySomeReasons.join(', ')})`);
        }
        const mismatch = distributionPointMismatch(idp, cert, crl);
        if (mismatch !== undefined) return outOfScope(mismatch);
      }
      const entryProblem = entryExtensionProblem(crl);
      if (entryProblem !== undefined) return entryProblem;
      if (profileRules) {
        const cabf = cabfCrlProblem(crl);
        if (cabf !== undefined) return cabf;
      }
      const sig = checkSignature(crl, issuer, at);
      if (sig !== undefined) return sig;
      if (crl.thisUpdate.getTime() > at.getTime()) {
        return unknownStatus(
          'ERR_REVOCATION_CRL_NOT_YET_VALID',
          `the CRL's thisUpdate ${crl.thisUpdate.toISOString()} is after ${at.toISOString()}`,
        );
      }
      const next = crl.nextUpdate;
      if (next !== undefined && next.getTime() <= at.getTime()) {
        return unknownStatus(
          'ERR_REVOCATION_CRL_STALE',
          `the CRL expired at its nextUpdate ${next.toISOString()} (checked at ${at.toISOString()})`,
        );
      }
      const entry = crl.findRevoked(cert.serialNumber);
      if (entry === undefined || entry.reason === 'removeFromCRL') return { status: 'good', source: 'crl' };
      return entry.reason === undefined
        ? { status: 'revoked', source: 'crl', revokedAt: entry.revocationDate }
        : { status: 'revoked', source: 'crl', revokedAt: entry.revocationDate, reason: entry.reason };
    } catch (e) {
      return unknownFromError(e, 'ERR_CRL_MALFORMED', 'reading the CRL');
    }
  };

  const load = (url: string, at: Date): Promise<CertificateRevocationList> => {
    const cached = cache.get(url, at);
    if (cached !== undefined) return Promise.resolve(cached);
    return inFlight.run(url, async () => {
      const bytes = await fetcher!.fetch(url, { accept: 'application/pkix-crl', timeoutMs, maxBytes });
      const crl = parseCrl(bytes, { maxInputBytes: maxBytes });
      cache.set(url, crl);
      return crl;
    });
  };

  return {
    async check(cert: Certificate, issuer: Certificate, context: RevocationCheckContext) {
      const at = context.at;
      const profileRules = context.profile === 'webpki' && context.pedantic === true;
      const unknowns: Unknown[] = [];
      for (const crl of crls) {
        let sameIssuer = false;
        try {
          sameIssuer = crl.issuer.equals(cert.issuer);
        } catch {
          sameIssuer = false;
        }
        if (!sameIssuer) continue;
        const r = evaluate(crl, cert, issuer, at, profileRules);
        if (r.status !== 'unknown') return r;
        unknowns.push(r);
      }
      if (fetcher !== undefined) {
        let urls: string[] = [];
        try {
          urls = cert.crlDistributionPoints.filter((u) => /^https?:\/\//i.test(u));
        } catch (e) {
          unknowns.push(
            unknownFromError(e, 'ERR_REVOCATION_NO_SOURCE', 'reading the CRL distribution points'),
          );
        }
        for (const url of urls) {
          let crl: CertificateRevocationList;
          try {
            crl = await load(url, at);
          } catch (e) {
            unknowns.push(unknownFromError(e, 'ERR_REVOCATION_FETCH_FAILED', `CRL ${url}`));
            continue;
          }
          const r = evaluate(crl, cert, issuer, at, profileRules);
          if (r.status !== 'unknown') return r;
          unknowns.push({ ...r, reason: `${url}: ${r.reason}` });
        }
      }
      if (unknowns.length === 0) {
        if (crls.length > 0) {
          return unknownStatus(
            'ERR_REVOCATION_CRL_ISSUER_MISMATCH',
            `no CRL from "${cert.issuer.toString()}" was given${fetcher === undefined ? ' and fetching is off' : ' and the certificate names no HTTP CRL distribution point'}`,
          );
        }
        return unknownStatus(
          'ERR_REVOCATION_NO_SOURCE',
          fetcher === undefined
            ? 'no CRL was given and fetching is off'
            : 'the certificate names no HTTP CRL distribution point',
        );
      }
      return unknownStatus(unknowns[0]!.code, unknowns.map((u) => u.reason).join('; '));
    },
  };
}
