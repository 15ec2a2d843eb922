/**
 * TLS and mTLS profiles in the shape API gateways use, turned into Node servers, clients and agents
 * that rotate live, and rendered for nginx and Envoy.
 * @packageDocumentation
 */

export {
  ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE,
  ENVOY_UPSTREAM_TLS_CONTEXT_TYPE,
  type EnvoyCommonTlsContext,
  type EnvoyDataSource,
  type EnvoyDownstreamTlsContext,
  type EnvoySanMatcher,
  type EnvoyTlsCertificate,
  type EnvoyTlsOptions,
  type EnvoyTlsParameters,
  type EnvoyTlsProtocol,
  type EnvoyUpstreamTlsContext,
  type EnvoyValidationContext,
  GatewayFile,
  type NginxTlsOptions,
  type NginxTlsResult,
  renderEnvoyTls,
  renderNginxTls,
  writeGatewayFiles,
} from './gateways/index.js';
export {
  type ConnectTlsOptions,
  connectTls,
  createHttpsAgent,
  type HttpsAgentOptions,
} from './node/connect-tls.js';
export { type ExplainPeerOptions, explainPeerCertificate } from './node/explain-peer-certificate.js';
export {
  checkPeerCertificates,
  type IgnoredTlsFinding,
  type PeerCheckOptions,
  type PeerVerdict,
  peerCertificateChain,
  peerRejectedError,
  verifyPeerCertificates,
} from './node/peer-verifier.js';
export { type NodeTlsOptionsOptions, toNodeTlsOptions } from './node/to-node-tls-options.js';
export type { CertificateRequestInfo } from './probe/handshake-messages.js';
export type {
  ProbeChainEntry,
  ProbeCheck,
  ProbeCheckName,
  ProbeClientIdentityResult,
  ProbeMode,
  ProbeReport,
} from './probe/probe-report.js';
export {
  type ProbeTlsEndpointOptions,
  probeTlsEndpoint,
} from './probe/probe-tls-endpoint.js';
export {
  type ParseServerFlightOptions,
  parseServerFlight,
  type ServerFlight,
  type TlsAlert,
} from './probe/server-flight.js';
export { parseTlsProfile } from './profile/parse-tls-profile.js';
export { parseTlsProfileXml } from './profile/parse-tls-profile-xml.js';
export type { StoreName, TlsExpectedName, TlsProfile, TlsProtocolVersion } from './profile/tls-profile.js';
export {
  assertTlsProfile,
  type TlsProfileFinding,
  type TlsProfileReport,
  type TlsRole,
  type ValidateTlsProfileOptions,
  validateTlsProfile,
} from './profile/validate-tls-profile.js';
export {
  attachRotation,
  type CertkitTlsServer,
  createTlsServer,
  type RotationHandle,
  type TlsRotation,
  type TlsServerOptions,
} from './server/create-tls-server.js';
