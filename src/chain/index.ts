/**
 * Chain building and RFC 5280 path validation: indexed certificate pools and trust anchors, a path
 * search with backtracking, the web PKI and RFC 5280 profiles, host name / IP / email matching, and the
 * revocation checker interface.
 * @packageDocumentation
 */

export {
  buildOcspRequest,
  computeOcspCertId,
  type OcspHashAlgorithm,
  type OcspRequest,
  type OcspRequestOptions,
} from '../x509/ocsp-request.js';
export {
  type BasicOcspResponse,
  type OcspCertId,
  type OcspCertStatus,
  type OcspResponderId,
  type OcspResponse,
  type OcspResponseStatus,
  type OcspSingleResponse,
  parseOcspResponse,
} from '../x509/ocsp-response.js';
export { parsePkcs7Certificates } from '../x509/pkcs7-certificates.js';
export { assertValidChain, buildChain, verifyChain } from './build-chain.js';
export { CertificatePool, TrustAnchors } from './certificate-pool.js';
export type { ChainResult } from './chain-result.js';
export { isPublicSuffix, isValidDnsName, matchesDnsPattern } from './dns-name.js';
export {
  type AiaIssuerFetcher,
  type AiaIssuerFetcherOptions,
  createAiaIssuerFetcher,
  type IssuerCache,
} from './fetch/aia-issuer-fetcher.js';
export {
  createHttpFetcher,
  type Fetcher,
  type FetchRequestOptions,
  type HttpFetcherOptions,
} from './fetch/fetcher.js';
export { readIssuerFile } from './fetch/issuer-file.js';
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
export {
  type BundleFinding,
  type BundleFindingCode,
  type BundleOrder,
  type MissingIssuer,
  type OrderBundleOptions,
  orderBundle,
} from './order-bundle.js';
export type { ChainProblem, ChainProblemCode } from './problem.js';
export { combineCheckers } from './revocation/combine-checkers.js';
export { type CrlCache, type CrlCacheOptions, createCrlCache } from './revocation/crl-cache.js';
export { type CrlCheckerOptions, createCrlChecker } from './revocation/crl-checker.js';
export {
  createRevocationChecker,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  type RevocationCheckerOptions,
  type RevocationMode,
} from './revocation/default-revocation.js';
export {
  checkOcspResponse,
  createOcspChecker,
  type OcspCheckerOptions,
  type OcspResponseCache,
  type OcspResponseCheckOptions,
} from './revocation/ocsp-checker.js';
export {
  createHttpOcspTransport,
  type HttpOcspTransportOptions,
  type OcspTransport,
} from './revocation/ocsp-transport.js';
export type {
  RevocationCheckContext,
  RevocationChecker,
  RevocationPolicy,
  RevocationStatus,
} from './revocation-checker.js';
export { type CachedSignatureCheck, SignatureCache } from './signature-cache.js';
