import type { Storage } from '../../storage/storage.js';
import type { Dns01Solver } from '../challenges/dns-01-solver.js';
import type { Http01Solver } from '../challenges/http-01-solver.js';
import type { Http01SelfCheckOptions } from '../challenges/self-check/http-01-self-check.js';
import type { TxtSelfCheckOptions } from '../challenges/self-check/txt-self-check.js';
import type { KeySpec } from './key-spec.js';

/** External Account Binding credentials from the CA (RFC 8555 section 7.3.4). */
export interface ExternalAccountBinding {
  /** The key identifier the CA gave. */
  readonly kid: string;
  /** The MAC key the CA gave (base64url). Redacted everywhere. */
  readonly hmacKey: string;
}

/** The ACME account an `AcmeOrderClient` uses (created on first use, then reused from storage). */
export interface AcmeAccountOptions {
  /** Name of the account in storage, so one storage can hold several. Default `default`. */
  readonly name?: string;
  /** Contact URLs, e.g. `['mailto:ops@example.com']`. */
  readonly contact?: readonly string[];
  /** Agreement to the CA's terms of service; required by CAs that publish terms. Default false. */
  readonly termsOfServiceAgreed?: boolean;
  /** EAB credentials, for CAs that require them. */
  readonly externalAccountBinding?: ExternalAccountBinding;
  /** Key generated for a new account. Default EC P-256. */
  readonly keyType?: KeySpec;
}

/** Options of `AcmeOrderClient`. */
export interface AcmeOrderClientOptions {
  /** The CA's directory URL, e.g. `https://acme-v02.api.letsencrypt.org/directory`. */
  readonly directoryUrl: string;
  /**
   * Where the account, the orders in progress and their challenges are kept (so a restarted process
   * resumes, and replicas coordinate through locks). Any `certkit/inventory` Storage.
   */
  readonly storage: Storage;
  /** The account to use or create. */
  readonly account?: AcmeAccountOptions;
  /** Encrypts the account key and order keys at rest (encrypted PKCS#8). Without it they are stored plain, as secrets (0600). */
  readonly passphrase?: string;
  /** Extra roots (PEM) trusted for the CA's own HTTPS certificate (private CAs, Pebble). Default: Node's roots. */
  readonly caCertificates?: string | readonly string[];
  /** DNS-01 solver (needed for wildcards). */
  readonly dns01?: Dns01Solver;
  /** HTTP-01 solver. */
  readonly http01?: Http01Solver;
  /** Which challenge type to use when both solvers fit. Default `dns-01`. */
  readonly preferredChallenge?: 'dns-01' | 'http-01';
  /**
   * Self-checks before the CA is asked to validate. DNS: the TXT value must be visible (default: at the
   * name's authoritative servers); HTTP: the token must answer. `false` skips one.
   */
  readonly selfCheck?: {
    readonly dns?: TxtSelfCheckOptions | false;
    readonly http?: Http01SelfCheckOptions | false;
  };
  /** Deadline of one HTTP request to the CA, in ms. Default 30,000. */
  readonly requestTimeoutMs?: number;
  /** Deadline of a whole order (challenges and issuance), in ms. Default 600,000. */
  readonly orderTimeoutMs?: number;
  /** Attempts per request on network failures, timeouts, HTTP 5xx and 429. Default 3. */
  readonly maxAttempts?: number;
  /** Longest Retry-After waited for by itself, in ms; longer ones fail with the time in the error. Default 60,000. */
  readonly maxRetryWaitMs?: number;
  /** badNonce answers retried per request. Default 10. */
  readonly maxBadNonceRetries?: number;
  /** Lease of the per-order storage lock, in ms (renewed while working). Default 60,000. */
  readonly lockTtlMs?: number;
  /** First poll interval for authorizations and orders, in ms (doubles up to 5 s; Retry-After wins). Default 500. */
  readonly pollIntervalMs?: number;
  /** While waiting (a solver, a self-check, the CA), a `waiting` progress event every this many ms. Default 5,000. */
  readonly progressIntervalMs?: number;
}
