/**
 * How a TLS profile names a store: a `ref://name` reference (re-pointing the reference rotates the
 * certificate, no profile change), a direct store name (the profile changes to rotate), or a
 * per-request variable in braces (`{request.keystore}`) resolved at connection time.
 *
 * @example
 * ```ts
 * import type { StoreName } from 'certkit/tls';
 * const a: StoreName = 'ref://api-keystore';
 * const b: StoreName = 'api-2026';
 * const c: StoreName = '{request.keystore}';
 * ```
 */
export type StoreName = string;

/** TLS protocol versions a profile can name. */
export type TlsProtocolVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/**
 * A TLS profile in the shape API gateways use for a target (client role) or a listener (server role).
 * Field names follow the gateway's `<SSLInfo>` element (`Enabled`, `Enforce`, `ClientAuthEnabled`,
 * `KeyStore`, `KeyAlias`, `TrustStore`, `IgnoreValidationErrors`, `Protocols`, `Ciphers`, …).
 *
 * - `enabled` gives one-way TLS: the server proves itself.
 * - `clientAuthEnabled` gives two-way TLS (mTLS): the server asks for and verifies a client
 *   certificate against the trust store; the client presents the keystore's certificate.
 * - `enforce: true` makes a connection to a peer with an invalid, expired, self-signed, wrong-hostname
 *   or untrusted certificate fail; `ignoreValidationErrors` is then ignored (with a warning).
 * - With `enforce` unset or false, `ignoreValidationErrors: true` lets such a connection go on and
 *   reports every ignored finding as an event with its codes. A hostname that does not match the
 *   certificate is never ignorable when the server name (SNI) is used.
 *
 * @example
 * ```ts
 * import { parseTlsProfile } from 'certkit/tls';
 * const profile = parseTlsProfile({ enabled: true, clientAuthEnabled: true, keyStore: 'ref://api-keystore', keyAlias: 'api', trustStore: 'ref://partner-roots' });
 * ```
 */
export interface TlsProfile {
  /** TLS on at all. */
  readonly enabled: boolean;
  /** Fail connections to peers whose certificate does not validate. Default `false` (gateway default). */
  readonly enforce?: boolean;
  /** Two-way TLS: request and verify the peer's certificate (server), present ours (client). */
  readonly clientAuthEnabled?: boolean;
  /** The keystore: `ref://name`, a store name, or `{variable}`. */
  readonly keyStore?: StoreName;
  /** The key entry to use in the keystore. Default: the only entry. */
  readonly keyAlias?: string;
  /** The truststore: `ref://name`, a store name, or `{variable}`. */
  readonly trustStore?: StoreName;
  /** Go on despite validation errors, reporting each as an event (only when `enforce` is not true). */
  readonly ignoreValidationErrors?: boolean;
  /** Allowed protocol versions. Default TLSv1.2 and TLSv1.3. */
  readonly protocols?: readonly TlsProtocolVersion[];
  /** Allow versions below TLSv1.2 in `protocols`. Default `false`. */
  readonly allowLegacyProtocols?: boolean;
  /** OpenSSL cipher list (TLS 1.2) and/or TLS 1.3 suites. Default Node's. */
  readonly ciphers?: readonly string[];
  /** Client role: the server name sent in SNI and checked against the certificate. */
  readonly serverName?: string;
  /** Client role: check the server certificate's names against `serverName` (or the host). Default `true`. */
  readonly hostnameVerification?: boolean;
  /**
   * Client role: the name the server's certificate must carry (a gateway's `<CommonName>`), checked by
   * `connectTls`, `createHttpsAgent` and `toNodeTlsOptions` instead of the host connected to (its dNSName
   * SANs, or its subject common names when it has none). `wildcardMatch: true` lets a wildcard
   * certificate cover the name (or a wildcard `value` cover the certificate's host); a mismatch is
   * `ERR_CHAIN_HOSTNAME_MISMATCH` and never ignorable. The gateway renderers refuse it
   * (`ERR_GATEWAY_UNSUPPORTED`) unless it equals `serverName` with `wildcardMatch`.
   */
  readonly commonName?: TlsExpectedName;
}

/** A gateway's `<CommonName wildcardMatch="…">`: the expected peer name. */
export interface TlsExpectedName {
  /** The name (a host name, or a wildcard name such as `*.example.com`). */
  readonly value: string;
  /** Whether a wildcard certificate may match it. Default `false`. */
  readonly wildcardMatch: boolean;
}
