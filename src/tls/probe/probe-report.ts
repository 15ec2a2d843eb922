import type { ChainProblem } from '../../chain/index.js';

/**
 * How the server treats client certificates: `one-way` (it sends no CertificateRequest),
 * `two-way-optional` (it asks, and completes a handshake without one), `two-way-required` (it asks and
 * refuses a handshake without one). `unknown` only when the server's messages could not be read and
 * its behaviour does not decide it.
 * @see RFC 5246 section 7.4.4, RFC 8446 section 4.3.2
 */
export type ProbeMode = 'one-way' | 'two-way-optional' | 'two-way-required' | 'unknown';

/** The four checks a TLS client makes of a server. */
export type ProbeCheckName = 'expiry' | 'trust' | 'hostname' | 'revocation';

/** One client check of the server: passed or not, and why. */
export interface ProbeCheck {
  readonly check: ProbeCheckName;
  readonly ok: boolean;
  /** One sentence: what was checked and what came of it. */
  readonly message: string;
  /** certkit's chain problems that failed this check (code, depth, subject, message). */
  readonly problems: readonly ChainProblem[];
  /** Answers that could not be had without failing the check (revocation under soft-fail). */
  readonly warnings: readonly ChainProblem[];
}

/** One certificate the server sent, in the order sent (0 = its own). */
export interface ProbeChainEntry {
  readonly depth: number;
  readonly subject: string;
  readonly issuer: string;
  /** ISO 8601. */
  readonly notBefore: string;
  /** ISO 8601. */
  readonly notAfter: string;
  /** SHA-256 of the DER, colon upper hex. */
  readonly sha256Fingerprint: string;
}

/** The server's answer to a handshake with a client certificate. */
export interface ProbeClientIdentityResult {
  /** The subject of the client certificate presented. */
  readonly subject: string;
  readonly accepted: boolean;
  /** How the handshake ended (`the server sent a session ticket`, `ERR_SSL_TLSV13_ALERT_…`, …). */
  readonly message: string;
}

/**
 * What `probeTlsEndpoint` found. Stable: `certkit probe --json` prints it (dates as ISO strings).
 */
export interface ProbeReport {
  readonly host: string;
  readonly port: number;
  /** The SNI sent (absent for an IP address). */
  readonly servername?: string;
  /** The name the certificate was checked against. */
  readonly name: string;
  /** The time the checks were made at (ISO 8601). */
  readonly at: string;
  readonly protocol: 'TLSv1.2' | 'TLSv1.3';
  /** The cipher suite chosen, as a hex code point (`0x1302`). */
  readonly cipherSuite: string;
  readonly mode: ProbeMode;
  /** How the mode was decided, in words. */
  readonly modeReason: string;
  /**
   * The certificate_authorities names of the CertificateRequest (RFC 4514 strings, server order); `[]`
   * when it asked without naming any (any CA); `null` when it did not ask or the list could not be read.
   */
  readonly clientCaNames: readonly string[] | null;
  /** The chain as the server sent it. */
  readonly chain: readonly ProbeChainEntry[];
  /** expiry, trust, hostname, revocation, in that order. */
  readonly checks: readonly ProbeCheck[];
  /** Present when a client identity was given. */
  readonly clientIdentity?: ProbeClientIdentityResult;
  /** Every check passed (and the client identity, if given, was accepted). */
  readonly ok: boolean;
}
