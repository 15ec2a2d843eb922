/**
 * certkit: the whole life of an X.509 certificate in Node. The root entry re-exports the most used
 * names of each layer; every layer is also its own subpath (`certkit/pem`, `certkit/x509`,
 * `certkit/keys`, `certkit/chain`, `certkit/stores`, `certkit/tls`, `certkit/inventory`, `certkit/acme`, `certkit/errors`) with the complete API.
 * @packageDocumentation
 */
export {
  AcmeOrderClient,
  type AcmeOrderClientOptions,
  type AcmeOrderRequest,
  type AcmeOrderResult,
  AcmeRenewer,
  decideRenewal,
} from './acme/index.js';
export {
  assertValidChain,
  type BuildChainOptions,
  buildChain,
  CertificatePool,
  type ChainProblem,
  type ChainResult,
  createCrlChecker,
  createOcspChecker,
  matchesHostname,
  orderBundle,
  TrustAnchors,
  verifyChain,
} from './chain/index.js';
export { CertkitError, type CertkitErrorCode, isCertkitError } from './errors/index.js';
export {
  assertKeyMatchesCertificate,
  exportPrivateKey,
  keyMatchesCertificate,
  PrivateKey,
  PublicKey,
  parsePrivateKey,
  parsePublicKey,
} from './keys/index.js';
export { type BinaryInput, decodePem, encodePem, readInputFile, sniffFormat } from './pem/index.js';
export {
  Keystore,
  readJks,
  readPemBundle,
  readPkcs12,
  StoreRegistry,
  Truststore,
  writePemBundle,
  writePkcs12,
} from './stores/index.js';
export {
  connectTls,
  createHttpsAgent,
  createTlsServer,
  explainPeerCertificate,
  parseTlsProfile,
  renderNginxTls,
  type TlsProfile,
  toNodeTlsOptions,
  validateTlsProfile,
  writeGatewayFiles,
} from './tls/index.js';
export {
  Certificate,
  CertificateRequest,
  CertificateRevocationList,
  DistinguishedName,
  parseCertificate,
  parseCertificates,
  parseCrl,
  parseCsr,
} from './x509/index.js';
