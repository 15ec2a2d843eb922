/**
 * Chain building and RFC 5280 path validation: indexed certificate pools and trust anchors, a path
 * search with backtracking, the web PKI and RFC 5280 profiles, host name / IP / email matching, and the
 * revocation checker interface.
 * @packageDocumentation
 */

export { assertValidChain, buildChain, verifyChain } from './build-chain.js';
export { CertificatePool, TrustAnchors } from './certificate-pool.js';
export type { ChainResult } from './chain-result.js';
export { isPublicSuffix, isValidDnsName, matchesDnsPattern } from './dns-name.js';
export { type HostnameMatchOptions, matchesEmail, matchesHostname, matchesIpAddress } from './hostname.js';
export { parseIpAddress } from './ip-address.js';
export type {
  BuildChainOptions,
  ChainOptionsBase,
  ChainProfile,
  ChainPurpose,
  IssuerFetcher,
  KeyUsageName,
  ReferenceIdentity,
  VerifyChainOptions,
} from './options.js';
export type { ChainProblem, ChainProblemCode } from './problem.js';
export type {
  RevocationCheckContext,
  RevocationChecker,
  RevocationPolicy,
  RevocationStatus,
} from './revocation-checker.js';
export { type CachedSignatureCheck, SignatureCache } from './signature-cache.js';
