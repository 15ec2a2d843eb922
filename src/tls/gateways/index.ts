/**
 * Gateway configuration: TLS profiles and their stores rendered for nginx (files + directives) and
 * Envoy (`DownstreamTlsContext` / `UpstreamTlsContext`).
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
  renderEnvoyTls,
} from './envoy-tls.js';
export { GatewayFile } from './gateway-file.js';
export { type NginxTlsOptions, type NginxTlsResult, renderNginxTls } from './nginx-tls.js';
export { writeGatewayFiles } from './write-gateway-files.js';
