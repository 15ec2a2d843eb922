import type { Certificate } from '../x509/index.js';
import type { CertificatePool, TrustAnchors } from './certificate-pool.js';
import type { RevocationChecker, RevocationPolicy } from './revocation-checker.js';
import type { SignatureCache } from './signature-cache.js';

/** The name the leaf must be valid for: at most one of host name, IP address or email address. */
export type ReferenceIdentity =
  | { readonly hostname: string; readonly ip?: never; readonly email?: never }
  | { readonly ip: string; readonly hostname?: never; readonly email?: never }
  | { readonly email: string; readonly hostname?: never; readonly ip?: never }
  | { readonly hostname?: never; readonly ip?: never; readonly email?: never };

/** What the leaf is for: a TLS server (serverAuth), a TLS client (clientAuth), or no EKU check. */
export type ChainPurpose = 'server' | 'client' | 'any';

/**
 * Which rules apply: `webpki` is the CA/Browser Forum profile (the default, what browsers enforce),
 * `rfc5280` is RFC 5280 alone (allows, e.g., Ed25519 and DSA keys, anyExtendedKeyUsage, no EKU
 * constraint from intermediates; requires name constraints to be critical).
 */
export type ChainProfile = 'webpki' | 'rfc5280';

/** Key usage bit names as in `Certificate.keyUsage`. */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** Options shared by {@link buildChain} and {@link verifyChain}. */
export interface ChainOptionsBase {
  /** Certificates that may be used as intermediates (untrusted). Default none. */
  readonly intermediates?: CertificatePool | readonly Certificate[];
  /** The trust anchors (roots). Required. */
  readonly trust: TrustAnchors | readonly Certificate[];
  /** The validation time. Default now. */
  readonly at?: Date;
  /** What the leaf is used for (checked against its extended key usage). Default `'server'`. */
  readonly purpose?: ChainPurpose;
  /** The rule set. Default `'webpki'`. */
  readonly profile?: ChainProfile;
  /**
   * Enforce also the MUSTs that browsers and root stores do not: under the web PKI profile the leaf must
   * carry a non-critical EKU without anyExtendedKeyUsage and a root must not carry an EKU or an AKI with
   * issuer/serial (or one that differs from its SKI); under both profiles a trust anchor must have a
   * subjectKeyIdentifier and a critical basicConstraints like any CA. Several roots of the Mozilla
   * store fail these (Go Daddy / Starfield Class 2, QuoVadis Root CA 2 and 3, TWCA Global Root CA, …).
   * Default `false`. The x509-limbo harness runs with `true`.
   */
  readonly pedantic?: boolean;
  /** Maximum number of intermediates between leaf and anchor (0 = issued by the anchor). Default 8. */
  readonly maxDepth?: number;
  /** Accept SHA-1 signatures (never MD5). Default `false`. */
  readonly allowSha1?: boolean;
  /** Minimum RSA modulus size in bits. Default 2048. */
  readonly minRsaBits?: number;
  /** Match the host name against the subject CN when the leaf has no DNS SAN. Default `false`. */
  readonly allowCommonNameFallback?: boolean;
  /** Key usage bits the leaf must have when it carries a keyUsage extension. Default none. */
  readonly requiredKeyUsage?: readonly KeyUsageName[];
  /**
   * Certificate policy inputs (RFC 5280 section 6.1.1): `requireExplicitPolicy` (initial-explicit-policy),
   * `inhibitPolicyMapping`, `inhibitAnyPolicy`. All default `false`; the initial policy set is anyPolicy.
   * Policy constraints in the certificates apply either way.
   */
  readonly policy?: {
    readonly requireExplicitPolicy?: boolean;
    readonly inhibitPolicyMapping?: boolean;
    readonly inhibitAnyPolicy?: boolean;
  };
  /** Where link signature checks are remembered. Default a shared cache; `false` to verify every time. */
  readonly signatureCache?: SignatureCache | false;
  /** Upper bound on issuer candidates examined in the search (protects against hostile pools). Default 2,000. */
  readonly maxCandidates?: number;
  /**
   * Accept leaf and intermediate certificates that carry encoding deviations (`Certificate.encodingDeviations`:
   * DER or RFC 5280 rules broken in ways real certificates break them and OpenSSL accepts). Default `false`:
   * such a certificate fails with `ERR_CHAIN_ENCODING_DEVIATION`. Trust anchors are never checked.
   */
  readonly allowEncodingDeviations?: boolean;
}

/**
 * Options of {@link buildChain} (synchronous: no revocation checking and no fetching).
 * @see RFC 5280 section 6.1.1
 */
export type BuildChainOptions = ChainOptionsBase & ReferenceIdentity;

/** Fetches the certificate(s) named by an AIA caIssuers URL (DER or PEM bytes, or parsed certificates). */
export type IssuerFetcher = (url: string, forCert: Certificate) => Promise<readonly Certificate[]>;

/**
 * Options of {@link verifyChain}: those of `buildChain` plus revocation checking and AIA fetching.
 * @see RFC 5280 section 6.3, RFC 6960
 */
export type VerifyChainOptions = BuildChainOptions & {
  /** Checks each non-anchor certificate of the validated path. Default none (no revocation check). */
  readonly revocation?: RevocationChecker;
  /** What an `unknown` revocation answer means. Default `'soft-fail'` (a warning). */
  readonly revocationPolicy?: RevocationPolicy;
  /**
   * Fetches missing intermediates from the AIA caIssuers URLs of the certificates (off by default; with
   * it, at most `maxFetches` URLs are fetched per call).
   */
  readonly fetchIssuer?: IssuerFetcher;
  /** Maximum AIA fetches in one call. Default 4. */
  readonly maxFetches?: number;
};
