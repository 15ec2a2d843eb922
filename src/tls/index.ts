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
export type { StoreName, TlsProfile, TlsProtocolVersion } from './profile/tls-profile.js';
