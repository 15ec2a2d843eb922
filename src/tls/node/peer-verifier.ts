import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { rootCertificates } from 'node:tls';
import { buildChain, type ChainProblem } from '../../chain/index.js';
import { summariseProblems } from '../../chain/problem.js';
import { TlsError } from '../../errors/index.js';
import { type StoreRegistry, Truststore } from '../../stores/index.js';
import { Certificate, type CertificateRevocationList } from '../../x509/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import type { TlsRole } from '../profile/validate-tls-profile.js';

/** A validation finding that `ignoreValidationErrors` let through, reported instead of failing. */
export interface IgnoredTlsFinding {
  /** certkit's chain problem code (`ERR_CHAIN_EXPIRED`, `ERR_CHAIN_HOSTNAME_MISMATCH`, …). */
  readonly code: ChainProblem['code'];
  /** 0 = the peer's own certificate, up to the anchor; `null` for the chain as a whole. */
  readonly depth: number | null;
  readonly subject?: string;
  readonly message: string;
  /** The host name checked (client role), if any. */
  readonly host?: string;
  /** The end that saw the peer. */
  readonly role: TlsRole;
}

/** What certkit says about a peer's certificates. */
export interface PeerVerdict {
  /** The connection may go on (valid, or invalid with every problem ignorable and ignored). */
  readonly accepted: boolean;
  /** The peer's chain validated with no problem. */
  readonly valid: boolean;
  /** certkit's problems (empty when valid). */
  readonly problems: readonly ChainProblem[];
  /** The peer's certificate, absent when it sent none. */
  readonly certificate?: Certificate;
  /** The chain found (peer first, anchor last). */
  readonly chain: readonly Certificate[];
}

/** Options shared by the functions that check a peer. */
export interface PeerCheckOptions {
  /** Resolves `{variable}` store names (per request). */
  readonly resolveVariable?: (variable: string) => string | undefined;
  /**
   * CRLs to check the peer's chain against (revocation). A revoked certificate gives
   * `ERR_CHAIN_REVOKED`. Only CRLs whose issuer signed them are used. Default none (no revocation check).
   */
  readonly crls?: readonly CertificateRevocationList[];
  /** Called for every finding that `ignoreValidationErrors` lets through. */
  readonly onIgnoredFinding?: (finding: IgnoredTlsFinding) => void;
  /** Validation time. Default now (at each check). */
  readonly at?: Date;
}

const HOST_CODES: ReadonlySet<string> = new Set(['ERR_CHAIN_HOSTNAME_MISMATCH', 'ERR_CHAIN_IP_MISMATCH']);

let defaultRoots: Truststore | undefined;
function nodeRoots(): Truststore {
  defaultRoots ??= Truststore.fromPemBundle(rootCertificates.join('\n'));
  return defaultRoots;
}

/**
 * DER certificates of a Node peer certificate object (from `getPeerCertificate(true)`), leaf first.
 *
 * @example
 * ```ts
 * import { peerCertificateChain } from 'certkit/tls';
 * const ders = peerCertificateChain(socket.getPeerCertificate(true));
 * ```
 */
export function peerCertificateChain(peer: PeerCertificate | undefined | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<unknown>();
  let c = peer as (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined | null;
  while (c !== undefined && c !== null && c.raw !== undefined && !seen.has(c) && out.length < 16) {
    seen.add(c);
    out.push(new Uint8Array(c.raw));
    if (c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

/** True when the profile lets validation errors through (enforce not true and ignore true). */
export function ignoresValidationErrors(profile: TlsProfile): boolean {
  return profile.enforce !== true && profile.ignoreValidationErrors === true;
}

function revocationProblems(
  chain: readonly Certificate[],
  crls: readonly CertificateRevocationList[],
  at: Date,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    for (const crl of crls) {
      if (!crl.issuer.equals(cert.issuer)) continue;
      if (!crl.verifySignature(issuer.publicKey).ok) continue;
      const entry = crl.findRevoked(cert.serialNumber);
      if (entry !== undefined && entry.revocationDate <= at) {
        problems.push({
          code: 'ERR_CHAIN_REVOKED',
          depth: i,
          subject: cert.subject.toString(),
          message: `the certificate was revoked on ${entry.revocationDate.toISOString()}`,
          details: { serialNumber: cert.serialNumber },
        });
        break;
      }
    }
  }
  return problems;
}

/**
 * Validates a peer's certificates (DER, peer first) against the profile's truststore with certkit
 * (chain, validity, key usages for the peer's purpose, host name, CRLs) and applies the profile's
 * rules: with `enforce: true` or without `ignoreValidationErrors` any problem rejects; with
 * `ignoreValidationErrors` (and `enforce` not true) the problems are reported through
 * `onIgnoredFinding` and accepted, except a host name mismatch when SNI is used (a DNS name), which
 * always rejects.
 *
 * @param role the end doing the check (`client` checks a server certificate, `server` a client one).
 * @param host the name the client connected to (client role); `undefined` skips the name check.
 * @throws StoreError when the truststore cannot be resolved.
 * @example
 * ```ts
 * import { checkPeerCertificates } from 'certkit/tls';
 * const verdict = checkPeerCertificates([leafDer, intermediateDer], profile, registry, 'client', 'api.example');
 * ```
 * @see RFC 5280 section 6.1, RFC 6125 section 6, RFC 6066 section 3 (SNI)
 */
export function checkPeerCertificates(
  ders: readonly Uint8Array[],
  profile: TlsProfile,
  registry: StoreRegistry,
  role: TlsRole,
  host: string | undefined,
  options: PeerCheckOptions = {},
): PeerVerdict {
  if (ders.length === 0) {
    return { accepted: false, valid: false, problems: [], chain: [] };
  }
  const at = options.at ?? new Date();
  const certs = ders.map((d) => Certificate.fromDer(d));
  const leaf = certs[0]!;
  const trust =
    profile.trustStore === undefined
      ? nodeRoots()
      : registry.resolveTruststore(
          profile.trustStore,
          options.resolveVariable === undefined ? {} : { resolveVariable: options.resolveVariable },
        );
  const checkName = role === 'client' && host !== undefined && profile.hostnameVerification !== false;
  const bare = host?.replace(/^\[|\]$/g, '');
  const identity =
    !checkName || bare === undefined ? {} : isIP(bare) !== 0 ? { ip: bare } : { hostname: bare };
  const result = buildChain(leaf, {
    trust: trust.anchors,
    intermediates: certs.slice(1),
    purpose: role === 'client' ? 'server' : 'client',
    at,
    // Never refuse what a TLS stack accepts for a reason that is only pedantic (CA-profile MUSTs that
    // OpenSSL, Go, Java and browsers do not enforce): those stay in the conformance runner.
    pedantic: false,
    ...identity,
  });
  const problems = [...result.problems];
  if (result.ok && options.crls !== undefined && options.crls.length > 0) {
    problems.push(...revocationProblems(result.chain, options.crls, at));
  }
  const valid = problems.length === 0;
  if (valid) return { accepted: true, valid, problems, certificate: leaf, chain: result.chain };
  if (!ignoresValidationErrors(profile)) {
    return { accepted: false, valid, problems, certificate: leaf, chain: result.chain };
  }
  const sni = 'hostname' in identity;
  const fatal = problems.some((p) => sni && HOST_CODES.has(p.code));
  if (!fatal && options.onIgnoredFinding !== undefined) {
    for (const p of problems) {
      options.onIgnoredFinding({
        code: p.code,
        depth: p.depth,
        ...(p.subject === undefined ? {} : { subject: p.subject }),
        message: p.message,
        ...(host === undefined ? {} : { host }),
        role,
      });
    }
  }
  return { accepted: !fatal, valid, problems, certificate: leaf, chain: result.chain };
}

/**
 * The error for a rejected peer: `ERR_TLS_PEER_REJECTED` with certkit's problems in
 * `details.problems` (code, depth, subject, message), or `ERR_TLS_NO_PEER_CERTIFICATE`.
 * @example
 * ```ts
 * import { checkPeerCertificates, peerRejectedError } from 'certkit/tls';
 * const v = checkPeerCertificates(ders, profile, registry, 'client', host);
 * if (!v.accepted) throw peerRejectedError(v, host);
 * ```
 * @see RFC 5280 section 6.1
 */
export function peerRejectedError(verdict: PeerVerdict, host?: string): TlsError {
  if (verdict.certificate === undefined) {
    return new TlsError('ERR_TLS_NO_PEER_CERTIFICATE', 'The peer presented no certificate.', {
      details: host === undefined ? {} : { host },
    });
  }
  const problems = summariseProblems(verdict.problems);
  return new TlsError(
    'ERR_TLS_PEER_REJECTED',
    `The peer certificate ${verdict.certificate.subject.toString()} was rejected: ${problems
      .map((p) => `${p.code} at depth ${p.depth ?? '-'} (${p.message})`)
      .join('; ')}.`,
    {
      details: {
        ...(host === undefined ? {} : { host }),
        subject: verdict.certificate.subject.toString(),
        codes: problems.map((p) => p.code),
        problems,
      },
    },
  );
}
