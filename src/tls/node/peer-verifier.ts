import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { rootCertificates } from 'node:tls';
import { buildChain, type ChainProblem, verifyChain } from '../../chain/index.js';
import type { BuildChainOptions, ReferenceIdentity } from '../../chain/options.js';
import { summariseProblems } from '../../chain/problem.js';
import {
  isRevocationMode,
  type RevocationMode,
  sharedRevocationChecker,
} from '../../chain/revocation/default-revocation.js';
import type { RevocationChecker } from '../../chain/revocation-checker.js';
import { TlsError } from '../../errors/index.js';
import { type StoreRegistry, Truststore } from '../../stores/index.js';
import { Certificate, type CertificateRevocationList } from '../../x509/index.js';
import type { TlsExpectedName, TlsProfile } from '../profile/tls-profile.js';
import type { TlsRole } from '../profile/validate-tls-profile.js';
import { expectedNameProblem } from './expected-name.js';

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
  /** Revocation answers that could not be had under soft-fail (`ERR_CHAIN_REVOCATION_UNKNOWN`, with the reason). */
  readonly warnings?: readonly ChainProblem[];
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
  /**
   * Revocation of the peer's chain in the asynchronous checks ({@link verifyPeerCertificates}, used by
   * `connectTls`, `createHttpsAgent` and `createTlsServer`): a mode with certkit's fetching checker
   * (OCSP from AIA, CRLs from distribution points; time and size limits; one shared cache), or a
   * `RevocationChecker` (soft-fail). `'soft-fail'` refuses a revoked peer and reports an answer that
   * cannot be had through `onRevocationWarning`; `'hard-fail'` refuses it too. Default `'soft-fail'`.
   */
  readonly revocation?: RevocationMode | RevocationChecker;
  /** Called with each revocation answer that could not be had under soft-fail (the reason in `message`). */
  readonly onRevocationWarning?: (warning: ChainProblem) => void;
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
  const prepared = preparePeerCheck(ders, profile, registry, role, host, options);
  if (prepared === undefined) return { accepted: false, valid: false, problems: [], chain: [] };
  const result = buildChain(prepared.leaf, prepared.chainOptions);
  return judgePeer(prepared, result.ok, result.problems, [], result.chain, profile, role, host, options);
}

/**
 * Like {@link checkPeerCertificates}, asynchronously, with revocation checked by default: each
 * certificate of the peer's validated chain (but the anchor) is checked with certkit's fetching
 * checker (OCSP from AIA, then CRLs from the distribution points) or `options.revocation`. A revoked
 * certificate is `ERR_CHAIN_REVOKED`; an answer that cannot be had is a warning
 * (`ERR_CHAIN_REVOCATION_UNKNOWN` in `warnings` and `onRevocationWarning`) under soft-fail, a problem
 * under hard-fail. `revocation: 'off'` leaves only the static `crls`.
 *
 * @throws StoreError when the truststore cannot be resolved; TypeError for an unknown revocation mode.
 * @example
 * ```ts
 * import { verifyPeerCertificates } from 'certkit/tls';
 * const verdict = await verifyPeerCertificates(ders, profile, registry, 'server', undefined, { revocation: 'hard-fail' });
 * ```
 * @see RFC 5280 sections 6.1 and 6.3, RFC 6960
 */
export async function verifyPeerCertificates(
  ders: readonly Uint8Array[],
  profile: TlsProfile,
  registry: StoreRegistry,
  role: TlsRole,
  host: string | undefined,
  options: PeerCheckOptions = {},
): Promise<PeerVerdict> {
  const revocation = peerRevocation(options.revocation);
  const prepared = preparePeerCheck(ders, profile, registry, role, host, options);
  if (prepared === undefined) return { accepted: false, valid: false, problems: [], chain: [] };
  const result = await verifyChain(prepared.leaf, {
    ...prepared.chainOptions,
    ...(revocation === undefined
      ? {}
      : {
          revocation: revocation.checker,
          revocationPolicy: revocation.hardFail ? 'hard-fail' : 'soft-fail',
        }),
  });
  for (const w of result.warnings) options.onRevocationWarning?.(w);
  return judgePeer(
    prepared,
    result.ok,
    result.problems,
    result.warnings,
    result.chain,
    profile,
    role,
    host,
    options,
  );
}

function peerRevocation(
  revocation: PeerCheckOptions['revocation'],
): { checker: RevocationChecker; hardFail: boolean } | undefined {
  const r = revocation ?? 'soft-fail';
  if (typeof r === 'string') {
    if (!isRevocationMode(r)) throw new TypeError(`unknown revocation mode ${String(r)}`);
    return r === 'off' ? undefined : { checker: sharedRevocationChecker(), hardFail: r === 'hard-fail' };
  }
  if (r === null || typeof r !== 'object' || typeof r.check !== 'function') {
    throw new TypeError('revocation must be a mode or a RevocationChecker');
  }
  return { checker: r, hardFail: false };
}

interface PreparedPeerCheck {
  readonly leaf: Certificate;
  readonly chainOptions: BuildChainOptions;
  readonly identity: ReferenceIdentity;
  /** The profile's commonName, checked instead of the host. */
  readonly expectedName?: TlsExpectedName;
  readonly at: Date;
}

/** Parses the peer's certificates and resolves the truststore; undefined when the peer sent none. */
function preparePeerCheck(
  ders: readonly Uint8Array[],
  profile: TlsProfile,
  registry: StoreRegistry,
  role: TlsRole,
  host: string | undefined,
  options: PeerCheckOptions,
): PreparedPeerCheck | undefined {
  if (ders.length === 0) return undefined;
  const at = options.at ?? new Date();
  const certs = ders.map((d) => Certificate.fromDer(d));
  const trust =
    profile.trustStore === undefined
      ? nodeRoots()
      : registry.resolveTruststore(
          profile.trustStore,
          options.resolveVariable === undefined ? {} : { resolveVariable: options.resolveVariable },
        );
  // A profile's commonName replaces the host as the name the server's certificate must carry.
  const expectName =
    role === 'client' && profile.hostnameVerification !== false && profile.commonName !== undefined;
  const checkName =
    role === 'client' && host !== undefined && profile.hostnameVerification !== false && !expectName;
  const bare = host?.replace(/^\[|\]$/g, '');
  const identity: ReferenceIdentity =
    !checkName || bare === undefined ? {} : isIP(bare) !== 0 ? { ip: bare } : { hostname: bare };
  const chainOptions: BuildChainOptions = {
    trust: trust.anchors,
    intermediates: certs.slice(1),
    purpose: role === 'client' ? 'server' : 'client',
    at,
    // Never refuse what a TLS stack accepts for a reason that is only pedantic (CA-profile MUSTs that
    // OpenSSL, Go, Java and browsers do not enforce): those stay in the conformance runner.
    pedantic: false,
    ...identity,
  };
  return {
    leaf: certs[0]!,
    chainOptions,
    identity,
    at,
    ...(expectName ? { expectedName: profile.commonName } : {}),
  };
}

/** Applies the profile's rules (enforce, ignoreValidationErrors, SNI name) to the chain's problems. */
function judgePeer(
  prepared: PreparedPeerCheck,
  ok: boolean,
  chainProblems: readonly ChainProblem[],
  warnings: readonly ChainProblem[],
  chain: readonly Certificate[],
  profile: TlsProfile,
  role: TlsRole,
  host: string | undefined,
  options: PeerCheckOptions,
): PeerVerdict {
  const leaf = prepared.leaf;
  const problems = [...chainProblems];
  const nameProblem =
    prepared.expectedName === undefined ? undefined : expectedNameProblem(leaf, prepared.expectedName);
  if (nameProblem !== undefined) problems.push(nameProblem);
  if (ok && options.crls !== undefined && options.crls.length > 0) {
    problems.push(...revocationProblems(chain, options.crls, prepared.at));
  }
  const valid = problems.length === 0;
  const base = { valid, problems, certificate: leaf, chain, ...(warnings.length === 0 ? {} : { warnings }) };
  if (valid) return { accepted: true, ...base };
  if (!ignoresValidationErrors(profile)) return { accepted: false, ...base };
  // A wrong name is never ignorable: neither the SNI host's nor the profile's expected commonName.
  const sni = prepared.identity.hostname !== undefined || prepared.expectedName !== undefined;
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
  return { accepted: !fatal, ...base };
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
