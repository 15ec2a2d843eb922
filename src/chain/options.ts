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

/**
 * What the leaf is for: a TLS server (serverAuth), a TLS client (clientAuth), S/MIME email signing or
 * encryption (emailProtection; with `pedantic` under `webpki`, the CA/B S/MIME Baseline Requirements'
 * key usage and extended key usage rules too), or no EKU check.
 */
export type ChainPurpose = 'server' | 'client' | 'email' | 'any';

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
   * Enforce also the MUSTs that conforming CAs obey but that path validation (RFC 5280 section 6),
   * browsers and TLS stacks (OpenSSL, Go, Java, Node's handshake) do not check, on every certificate of
   * the path and on the trust anchor: key identifiers (SKI on CAs, AKI with a keyIdentifier unless
   * self-signed; RFC 5280 4.2.1.1, 4.2.1.2), critical basicConstraints on CAs (4.2.1.9), non-critical
   * AKI/SKI/AIA, critical policyConstraints (4.2.1.11), SAN criticality and no underscore in a dNSName
   * (4.2.1.6), serial numbers positive and at most 20 octets (4.1.2.2); under the web PKI profile also a
   * leaf EKU that is non-critical and without anyExtendedKeyUsage, the root rules of CA/B BR 7.1.2.1 (no
   * EKU, AKI equal to the SKI, without issuer/serial), and on a TLS server leaf a commonName that copies a
   * SAN value (CA/B BR 7.1.4.3). Several roots of the Mozilla store fail these (Go Daddy / Starfield
   * Class 2, QuoVadis Root CA 2 and 3, TWCA Global Root CA, …). Without it the trust anchor is an input
   * (RFC 5280 6.1.1 (d)) that no per-certificate profile rule looks at. Default `false`. The x509-limbo
   * harness runs with `true`.
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
   * Upper bound on name-constraint comparisons in one call, over every path considered: checking a name
   * against a CA costs the number of that CA's subtrees of the name's type. Default 250,000 (Go's
   * crypto/x509 default). Past it the path fails with `ERR_CHAIN_NAME_CONSTRAINTS_BUDGET`.
   */
  readonly maxConstraintComparisons?: number;

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
