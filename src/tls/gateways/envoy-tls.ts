import type { StoreRegistry } from '../../stores/index.js';
import type { TlsProfile, TlsProtocolVersion } from '../profile/tls-profile.js';
import { gatewayMaterial, isIpLiteral, pemOf, privateKeyPem } from './gateway-material.js';

/**
 * Envoy's `config.core.v3.DataSource` with the content inline.
 *
 * @example
 * ```ts
 * import type { EnvoyDataSource } from 'certkit/tls';
 * const ca: EnvoyDataSource = { inline_string: truststore.toPem() };
 * ```
 * @see RFC 7468
 */
export interface EnvoyDataSource {
  readonly inline_string: string;
}

/**
 * Envoy's TLS protocol version names (`extensions.transport_sockets.tls.v3.TlsParameters.TlsProtocol`).
 *
 * @example
 * ```ts
 * import type { EnvoyTlsProtocol } from 'certkit/tls';
 * const min: EnvoyTlsProtocol = 'TLSv1_2';
 * ```
 * @see RFC 8446
 */
export type EnvoyTlsProtocol = 'TLS_AUTO' | 'TLSv1_0' | 'TLSv1_1' | 'TLSv1_2' | 'TLSv1_3';

/**
 * Envoy's `TlsParameters`.
 *
 * @example
 * ```ts
 * import type { EnvoyTlsParameters } from 'certkit/tls';
 * const p: EnvoyTlsParameters = { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' };
 * ```
 * @see RFC 8446
 */
export interface EnvoyTlsParameters {
  readonly tls_minimum_protocol_version: EnvoyTlsProtocol;
  readonly tls_maximum_protocol_version: EnvoyTlsProtocol;
  /** TLS 1.2-and-below cipher names (Envoy cannot configure TLS 1.3 suites). */
  readonly cipher_suites?: readonly string[];
}

/**
 * Envoy's `TlsCertificate`: the chain to present and its private key.
 *
 * @example
 * ```ts
 * import type { EnvoyTlsCertificate } from 'certkit/tls';
 * const c: EnvoyTlsCertificate = { certificate_chain: { inline_string: chainPem }, private_key: { inline_string: keyPem } };
 * ```
 * @see RFC 8446 section 4.4.2
 */
export interface EnvoyTlsCertificate {
  readonly certificate_chain: EnvoyDataSource;
  readonly private_key: EnvoyDataSource;
}

/**
 * Envoy's `SubjectAltNameMatcher` with an exact match.
 *
 * @example
 * ```ts
 * import type { EnvoySanMatcher } from 'certkit/tls';
 * const m: EnvoySanMatcher = { san_type: 'DNS', matcher: { exact: 'api.example.com' } };
 * ```
 * @see RFC 6125 section 6.4
 */
export interface EnvoySanMatcher {
  readonly san_type: 'DNS' | 'IP_ADDRESS';
  readonly matcher: { readonly exact: string };
}

/**
 * Envoy's `CertificateValidationContext`.
 *
 * @example
 * ```ts
 * import type { EnvoyValidationContext } from 'certkit/tls';
 * const v: EnvoyValidationContext = { trusted_ca: { inline_string: caPem }, trust_chain_verification: 'VERIFY_TRUST_CHAIN' };
 * ```
 * @see RFC 5280 section 6.1
 */
export interface EnvoyValidationContext {
  /** The truststore's certificates as PEM. */
  readonly trusted_ca?: EnvoyDataSource;
  /** `ACCEPT_UNTRUSTED` for `ignoreValidationErrors` without `enforce`. */
  readonly trust_chain_verification: 'VERIFY_TRUST_CHAIN' | 'ACCEPT_UNTRUSTED';
  /** Names the peer certificate must hold (upstream role with hostname verification). */
  readonly match_typed_subject_alt_names?: readonly EnvoySanMatcher[];
  /** Longest peer chain verified. */
  readonly max_verify_depth?: number;
}

/**
 * Envoy's `CommonTlsContext`.
 *
 * @example
 * ```ts
 * import type { EnvoyCommonTlsContext } from 'certkit/tls';
 * const c: EnvoyCommonTlsContext = { tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' } };
 * ```
 * @see RFC 8446
 */
export interface EnvoyCommonTlsContext {
  readonly tls_params: EnvoyTlsParameters;
  readonly tls_certificates?: readonly EnvoyTlsCertificate[];
  readonly validation_context?: EnvoyValidationContext;
}

/**
 * The `@type` of a downstream (listener) TLS context.
 *
 * @example
 * ```ts
 * import { ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE } from 'certkit/tls';
 * const isListenerTls = (c: { '@type': string }) => c['@type'] === ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE;
 * ```
 * @see RFC 8446
 */
export const ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE =
  'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';
/**
 * The `@type` of an upstream (cluster) TLS context.
 *
 * @example
 * ```ts
 * import { ENVOY_UPSTREAM_TLS_CONTEXT_TYPE } from 'certkit/tls';
 * const isClusterTls = (c: { '@type': string }) => c['@type'] === ENVOY_UPSTREAM_TLS_CONTEXT_TYPE;
 * ```
 * @see RFC 8446
 */
export const ENVOY_UPSTREAM_TLS_CONTEXT_TYPE =
  'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';

/**
 * Envoy's `DownstreamTlsContext`: the `typed_config` of a listener's `envoy.transport_sockets.tls`.
 *
 * @example
 * ```ts
 * const ctx: EnvoyDownstreamTlsContext = renderEnvoyTls(profile, registry, { role: 'server' });
 * ```
 * @see RFC 8446 section 4.3.2
 */
export interface EnvoyDownstreamTlsContext {
  readonly '@type': typeof ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE;
  readonly common_tls_context: EnvoyCommonTlsContext;
  /** Refuse clients without a certificate. */
  readonly require_client_certificate: boolean;
}

/**
 * Envoy's `UpstreamTlsContext`: the `typed_config` of a cluster's `envoy.transport_sockets.tls`.
 *
 * @example
 * ```ts
 * const ctx: EnvoyUpstreamTlsContext = renderEnvoyTls(profile, registry, { role: 'upstream' });
 * ```
 * @see RFC 6066 section 3 (SNI)
 */
export interface EnvoyUpstreamTlsContext {
  readonly '@type': typeof ENVOY_UPSTREAM_TLS_CONTEXT_TYPE;
  readonly common_tls_context: EnvoyCommonTlsContext;
  /** The server name sent in SNI. */
  readonly sni?: string;
}

/**
 * Options of {@link renderEnvoyTls}: a discriminated union on `role`.
 *
 * @example
 * ```ts
 * import type { EnvoyTlsOptions } from 'certkit/tls';
 * const o: EnvoyTlsOptions = { role: 'upstream', serverName: 'backend.internal', verifyDepth: 3 };
 * ```
 * @see RFC 8446
 */
export interface EnvoyTlsOptions {
  /** `'server'` gives a `DownstreamTlsContext`, `'upstream'` an `UpstreamTlsContext`. */
  readonly role: 'server' | 'upstream';
  /** Upstream role: the SNI name and the name to match, overriding the profile's `serverName`. */
  readonly serverName?: string;
  /** `max_verify_depth`, 1-100. Default: Envoy's (no limit set). */
  readonly verifyDepth?: number;
  /** Resolves `{variable}` store names at render time. */
  readonly resolveVariable?: (variable: string) => string | undefined;
}

const ENVOY_VERSION: Readonly<Record<TlsProtocolVersion, EnvoyTlsProtocol>> = {
  TLSv1: 'TLSv1_0',
  'TLSv1.1': 'TLSv1_1',
  'TLSv1.2': 'TLSv1_2',
  'TLSv1.3': 'TLSv1_3',
};
const ORDER: readonly TlsProtocolVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * Renders a TLS profile and its stores as an Envoy TLS context (JSON-ready object, PEM inlined with
 * `inline_string`): a `DownstreamTlsContext` for a listener (`role: 'server'`) or an
 * `UpstreamTlsContext` for a cluster (`role: 'upstream'`).
 *
 * - Protocols become `tls_minimum_protocol_version` / `tls_maximum_protocol_version` (the lowest and
 *   highest listed: Envoy takes a range); TLS 1.2 cipher names become `cipher_suites` (TLS 1.3 suites
 *   cannot be configured in Envoy and are left out).
 * - Server: the key entry in `tls_certificates`; with `clientAuthEnabled`, the truststore in
 *   `validation_context.trusted_ca` and `require_client_certificate: true`, or, with
 *   `ignoreValidationErrors` and no `enforce`, `require_client_certificate: false` and
 *   `trust_chain_verification: 'ACCEPT_UNTRUSTED'`.
 * - Upstream: `sni` from the server name; with hostname verification (the default) the name as an
 *   exact `match_typed_subject_alt_names` entry (`DNS`, or `IP_ADDRESS` for an address); the key entry
 *   only with `clientAuthEnabled`.
 *
 * The private key is inlined: treat the result as a secret (do not log it).
 *
 * @throws TlsError the same codes as {@link renderNginxTls}.
 * @throws TypeError on misuse.
 * @example
 * ```ts
 * import { renderEnvoyTls } from 'certkit/tls';
 * const typed_config = renderEnvoyTls(profile, registry, { role: 'server' });
 * const transport_socket = { name: 'envoy.transport_sockets.tls', typed_config };
 * ```
 * @see RFC 8446, RFC 6066 section 3, RFC 6125 section 6.4
 */
export function renderEnvoyTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: EnvoyTlsOptions & { readonly role: 'server' },
): EnvoyDownstreamTlsContext;
export function renderEnvoyTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: EnvoyTlsOptions & { readonly role: 'upstream' },
): EnvoyUpstreamTlsContext;
export function renderEnvoyTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: EnvoyTlsOptions,
): EnvoyDownstreamTlsContext | EnvoyUpstreamTlsContext;
export function renderEnvoyTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: EnvoyTlsOptions,
): EnvoyDownstreamTlsContext | EnvoyUpstreamTlsContext {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { role, verifyDepth } = options;
  const m = gatewayMaterial(profile, registry, options);

  const sorted = ORDER.filter((v) => m.protocols.includes(v));
  const min = sorted[0] ?? 'TLSv1.2';
  const max = sorted.at(-1) ?? 'TLSv1.3';
  const tls_params: EnvoyTlsParameters = {
    tls_minimum_protocol_version: ENVOY_VERSION[min],
    tls_maximum_protocol_version: ENVOY_VERSION[max],
    ...(m.ciphers12.length > 0 ? { cipher_suites: [...m.ciphers12] } : {}),
  };
  const tls_certificates: EnvoyTlsCertificate[] | undefined =
    m.entry === undefined
      ? undefined
      : [
          {
            certificate_chain: { inline_string: pemOf(m.chain) },
            private_key: { inline_string: privateKeyPem(m.entry) },
          },
        ];
  const depth = verifyDepth === undefined ? {} : { max_verify_depth: verifyDepth };
  const trust_chain_verification = m.verification === 'lenient' ? 'ACCEPT_UNTRUSTED' : 'VERIFY_TRUST_CHAIN';

  if (role === 'server') {
    const validation_context: EnvoyValidationContext | undefined =
      m.verification === 'none' || m.trust === undefined
        ? undefined
        : { trusted_ca: { inline_string: m.trust.toPem() }, trust_chain_verification, ...depth };
    return {
      '@type': ENVOY_DOWNSTREAM_TLS_CONTEXT_TYPE,
      common_tls_context: {
        tls_params,
        ...(tls_certificates === undefined ? {} : { tls_certificates }),
        ...(validation_context === undefined ? {} : { validation_context }),
      },
      require_client_certificate: m.verification === 'strict',
    };
  }

  const serverName = m.serverName;
  const sans: EnvoySanMatcher[] =
    serverName !== undefined && m.hostnameVerification
      ? [{ san_type: isIpLiteral(serverName) ? 'IP_ADDRESS' : 'DNS', matcher: { exact: serverName } }]
      : [];
  const validation_context: EnvoyValidationContext = {
    ...(m.trust === undefined ? {} : { trusted_ca: { inline_string: m.trust.toPem() } }),
    trust_chain_verification,
    ...(sans.length > 0 ? { match_typed_subject_alt_names: sans } : {}),
    ...depth,
  };
  return {
    '@type': ENVOY_UPSTREAM_TLS_CONTEXT_TYPE,
    common_tls_context: {
      tls_params,
      ...(tls_certificates === undefined ? {} : { tls_certificates }),
      validation_context,
    },
    ...(serverName === undefined || isIpLiteral(serverName) ? {} : { sni: serverName }),
  };
}
