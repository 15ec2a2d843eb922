import { isIP } from 'node:net';
import type { RevocationMode } from '../../chain/revocation/default-revocation.js';
import type { RevocationChecker } from '../../chain/revocation-checker.js';
import { isCertkitError, TlsError } from '../../errors/index.js';
import { assertKeyMatchesCertificate, type PrivateKey } from '../../keys/index.js';
import { StoreRegistry, Truststore } from '../../stores/index.js';
import { Certificate } from '../../x509/index.js';
import { verifyPeerCertificates } from '../node/peer-verifier.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import { probeMalformed } from './byte-reader.js';
import { probeChecks } from './probe-checks.js';
import { type HandshakeOutcome, runHandshake } from './probe-handshake.js';
import type { ProbeChainEntry, ProbeClientIdentityResult, ProbeMode, ProbeReport } from './probe-report.js';
import { parseServerFlight, type ServerFlight } from './server-flight.js';

/** Options of {@link probeTlsEndpoint}. */
export interface ProbeTlsEndpointOptions {
  /** Host name or IP address to connect to. */
  readonly host: string;
  /** TCP port, 1-65535. */
  readonly port: number;
  /** The name sent in SNI and checked against the certificate. Default `host` (no SNI for an IP address). */
  readonly servername?: string;
  /** Trust anchors for the trust check. Default Node's bundled root store (`tls.rootCertificates`). */
  readonly trust?: readonly Certificate[];
  /** A client identity: a second handshake presents it and the report says whether the server took it. */
  readonly clientIdentity?: { readonly privateKey: PrivateKey; readonly chain: readonly Certificate[] };
  /** Time the checks are made at (expiry, validity of CRLs). Default now. */
  readonly at?: Date;
  /** Bound on each handshake, ms. Default 10,000. */
  readonly timeoutMs?: number;
  /**
   * TLS 1.3, when the server asked for a certificate: how long to wait after the handshake for its
   * verdict (a session ticket means accepted; an alert or a close, refused). Default 1,000 ms.
   */
  readonly settleMs?: number;
  /** Revocation of the server's chain, as in `verifyPeerCertificates`. Default `'soft-fail'`. */
  readonly revocation?: RevocationMode | RevocationChecker;
}

const TRUST_NAME = 'probe-trust';

function readFlight(outcome: HandshakeOutcome): ServerFlight {
  return parseServerFlight(
    outcome.bytes,
    outcome.serverHandshakeSecret === undefined
      ? {}
      : { serverHandshakeSecret: outcome.serverHandshakeSecret },
  );
}

function decideMode(flight: ServerFlight, anonymous: HandshakeOutcome): { mode: ProbeMode; reason: string } {
  if (flight.readable && flight.certificateRequest === undefined)
    return { mode: 'one-way', reason: 'the server sent no CertificateRequest' };
  const asked = flight.readable
    ? 'the server sent a CertificateRequest and '
    : 'the server (messages unread) ';
  if (anonymous.accepted)
    return flight.readable
      ? {
          mode: 'two-way-optional',
          reason: `${asked}accepted a handshake without a client certificate (${anonymous.ending})`,
        }
      : { mode: 'unknown', reason: `${asked}accepted a handshake without a client certificate` };
  return {
    mode: 'two-way-required',
    reason: `${asked}refused a handshake without a client certificate (${anonymous.ending})`,
  };
}

function chainEntry(cert: Certificate, depth: number): ProbeChainEntry {
  return {
    depth,
    subject: cert.subject.toString(),
    issuer: cert.issuer.toString(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: cert.sha256Fingerprint,
  };
}

function parseChain(ders: readonly Uint8Array[]): Certificate[] {
  return ders.map((der, depth) => {
    try {
      const cert = Certificate.fromDer(der);
      void cert.subject.toString();
      void cert.notAfter;
      return cert;
    } catch (e) {
      if (!isCertkitError(e)) throw e;
      throw probeMalformed(`the certificate at depth ${depth} cannot be read (${e.code})`, e);
    }
  });
}

function checkOptions(options: ProbeTlsEndpointOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  if (typeof options.host !== 'string' || options.host === '')
    throw new TypeError('host must be a non-empty string');
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
    throw new TypeError('port must be an integer in 1..65535');
  for (const name of ['timeoutMs', 'settleMs'] as const) {
    const v = options[name];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0))
      throw new TypeError(`${name} must be a positive number`);
  }
  const identity = options.clientIdentity;
  if (identity !== undefined) {
    const leaf = identity.chain[0];
    if (leaf === undefined)
      throw new TypeError('clientIdentity.chain must hold the client certificate first');
    assertKeyMatchesCertificate(identity.privateKey, leaf);
  }
}

/**
 * Connects to a TLS endpoint as a client and reports what a client sees: the protocol, whether the
 * server asks for a client certificate and whether it insists (`mode`), the CA names it accepts client
 * certificates from, the chain it sent, and the four checks a client makes of it (expiry, trust,
 * hostname, revocation), each with certkit's problems. With `clientIdentity` a second handshake
 * presents it and the report says whether the server accepted it.
 *
 * How: Node's own TLS client does the handshakes (TLS 1.2 and 1.3 offered) over a socket that keeps
 * the server's bytes; Node exposes no CertificateRequest, so certkit reads the server's flight itself,
 * plaintext in TLS 1.2 and decrypted in TLS 1.3 with the handshake secret Node gives through its
 * `'keylog'` event. A refusal without a certificate comes during the handshake in TLS 1.2 and after it in
 * TLS 1.3 (an alert after the client's Finished), so in TLS 1.3 the probe waits up to `settleMs` for a
 * session ticket (accepted) or an alert (refused). The chain is judged with {@link verifyPeerCertificates}
 * (revocation soft-fail by default). Nothing is sent after the handshake.
 *
 * @throws TlsError `ERR_TLS_PROBE_UNREACHABLE`, `ERR_TLS_PROBE_TIMEOUT` (temporary),
 *   `ERR_TLS_PROBE_HANDSHAKE_FAILED`, `ERR_TLS_PROBE_MALFORMED`, `ERR_TLS_PROBE_TOO_LARGE`,
 *   `ERR_TLS_PROBE_TRUNCATED`; KeyError `ERR_KEY_MISMATCH` when the client key does not belong to
 *   the client certificate; TypeError for bad options.
 * @example
 * ```ts
 * import { probeTlsEndpoint } from 'certkit/tls';
 * const report = await probeTlsEndpoint({ host: 'api.example', port: 443 });
 * console.log(report.mode, report.clientCaNames, report.checks.filter((c) => !c.ok));
 * ```
 * @see RFC 8446 sections 4.3.2 and 4.4.2, RFC 5246 section 7.4.4, RFC 5280 section 6.1, RFC 6125 section 6
 */
export async function probeTlsEndpoint(options: ProbeTlsEndpointOptions): Promise<ProbeReport> {
  checkOptions(options);
  const at = options.at ?? new Date();
  const bare = options.host.replace(/^\[|\]$/g, '');
  const name = options.servername ?? bare;
  const servername = isIP(name) === 0 ? name : undefined;
  const base = {
    host: bare,
    port: options.port,
    servername,
    timeoutMs: options.timeoutMs ?? 10_000,
    settleMs: options.settleMs ?? 1_000,
    awaitVerdict: (bytes: Uint8Array, secret: Uint8Array | undefined): boolean => {
      try {
        const flight = parseServerFlight(
          bytes,
          secret === undefined ? {} : { serverHandshakeSecret: secret },
        );
        return !flight.readable || flight.certificateRequest !== undefined;
      } catch {
        return true; // read again, and reported, after the handshake
      }
    },
  };
  const anonymous = await runHandshake(base);
  let flight: ServerFlight;
  try {
    flight = readFlight(anonymous);
  } catch (e) {
    if (!isCertkitError(e, 'ERR_TLS_PROBE_HANDSHAKE_FAILED') || anonymous.error === undefined) throw e;
    // Node's error says more (no shared cipher, wrong version, not TLS at all): keep it as the cause.
    throw new TlsError(e.code, `${e.message} Node: ${anonymous.ending}.`, {
      cause: anonymous.error,
      details: { ...e.details, ending: anonymous.ending },
    });
  }
  const certificates = parseChain(flight.certificates);
  const { mode, reason } = decideMode(flight, anonymous);
  const verdict = await judgeChain(certificates, name, at, options);
  const checks = probeChecks(verdict, {
    name,
    at,
    trust: options.trust === undefined ? "Node's root store" : 'the given CA certificates',
    revocation: typeof options.revocation === 'object' ? 'custom' : (options.revocation ?? 'soft-fail'),
  });
  const clientIdentity =
    options.clientIdentity === undefined
      ? undefined
      : await presentIdentity(options.clientIdentity, base, mode !== 'one-way');
  const authorities = flight.certificateRequest?.authorities;
  return {
    host: bare,
    port: options.port,
    ...(servername === undefined ? {} : { servername }),
    name,
    at: at.toISOString(),
    protocol: flight.version,
    cipherSuite: `0x${flight.cipherSuite.toString(16).padStart(4, '0')}`,
    mode,
    modeReason: reason,
    clientCaNames: authorities === undefined ? null : authorities.map((n) => n.toString()),
    chain: certificates.map(chainEntry),
    checks,
    ...(clientIdentity === undefined ? {} : { clientIdentity }),
    ok: checks.every((c) => c.ok) && clientIdentity?.accepted !== false,
  };
}

/** certkit's verdict on the chain (the existing peer check, client role). */
function judgeChain(
  certificates: readonly Certificate[],
  name: string,
  at: Date,
  options: ProbeTlsEndpointOptions,
): ReturnType<typeof verifyPeerCertificates> {
  const registry = new StoreRegistry();
  const profile: TlsProfile = { enabled: true, enforce: true, hostnameVerification: true };
  if (options.trust !== undefined) {
    const anchors = Truststore.fromCertificates(options.trust, { aliasOf: (_c, i) => `anchor-${i}` });
    registry.putTruststore(TRUST_NAME, anchors);
  }
  return verifyPeerCertificates(
    certificates.map((c) => c.der),
    options.trust === undefined ? profile : { ...profile, trustStore: TRUST_NAME },
    registry,
    'client',
    name,
    { at, ...(options.revocation === undefined ? {} : { revocation: options.revocation }) },
  );
}

async function presentIdentity(
  identity: NonNullable<ProbeTlsEndpointOptions['clientIdentity']>,
  base: Parameters<typeof runHandshake>[0],
  asked: boolean,
): Promise<ProbeClientIdentityResult> {
  const key = identity.privateKey.toKeyObject().export({ format: 'pem', type: 'pkcs8' }).toString();
  const cert = identity.chain.map((c) => c.pem).join('');
  const outcome = await runHandshake({ ...base, identity: { key, cert }, awaitVerdict: () => asked });
  return {
    subject: identity.chain[0]?.subject.toString() ?? '',
    accepted: outcome.accepted,
    message: !asked
      ? 'the server does not ask for a client certificate: none was sent, the handshake completed'
      : outcome.accepted
        ? `the server accepted the client certificate (${outcome.ending})`
        : `the server refused the client certificate (${outcome.ending})`,
  };
}
