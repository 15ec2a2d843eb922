import { defineCodes } from './entry.js';

/** Codes for TLS profiles, Node TLS options, live rotation and gateway configuration. */
export const TLS_CODES = defineCodes({
  ERR_TLS_PROFILE_INVALID: {
    summary: 'A TLS profile is not well formed.',
    cause: 'A field has the wrong type or an unknown value, or an unknown field is present.',
    action: 'Fix the field named in `details.field`; see the TlsProfile documentation.',
  },
  ERR_TLS_XML_INVALID: {
    summary: 'An `<SSLInfo>` element cannot be read.',
    cause:
      'The XML is malformed (an unclosed or mismatched element), has a DTD, an entity other than the five predefined ones or a processing instruction, or an unknown or repeated element or attribute.',
    action:
      'Fix the XML at `details.line` and `details.column`: an `<SSLInfo>` (alone or in `<HTTPTargetConnection>`) with the documented elements, without DTD or entities.',
  },
  ERR_TLS_NO_KEYSTORE: {
    summary: 'The profile needs a keystore and names none.',
    cause: 'Client auth on a client profile, or any server profile, without `keyStore`.',
    action: 'Set `keyStore` to a `ref://` reference, a store name or a `{variable}`.',
  },
  ERR_TLS_NO_TRUSTSTORE: {
    summary: 'The profile needs a truststore and names none.',
    cause:
      'Client auth on a server profile without `trustStore` (there is nothing to verify client certificates against).',
    action: 'Set `trustStore`.',
  },
  ERR_TLS_ALIAS_NOT_FOUND: {
    summary: 'The key alias is not in the keystore.',
    cause:
      '`keyAlias` names an entry the keystore does not hold (or the keystore has several entries and no alias is given).',
    action: 'Use one of the aliases in `details.aliases`.',
  },
  ERR_TLS_STORE_NOT_FOUND: {
    summary: 'A store the profile names does not exist or is of the wrong kind.',
    cause:
      'The reference or store name does not resolve in the registry, or names a truststore where a keystore is needed.',
    action: 'Define the store or reference, or fix the name; see `details.cause`.',
  },
  ERR_TLS_LEGACY_PROTOCOL: {
    summary: 'The profile allows a protocol version below TLS 1.2.',
    cause: '`protocols` lists TLSv1 or TLSv1.1 without `allowLegacyProtocols: true`.',
    action: 'Remove the old versions, or set `allowLegacyProtocols` if a legacy peer truly needs them.',
  },
  ERR_TLS_IGNORE_IGNORED: {
    summary: '`ignoreValidationErrors` has no effect because `enforce` is true.',
    cause: 'Both `enforce: true` and `ignoreValidationErrors: true` are set (a warning).',
    action: 'Remove one of the two; with `enforce: true` invalid peers always fail.',
  },
  ERR_TLS_ALIAS_WITHOUT_KEYSTORE: {
    summary: '`keyAlias` is set but `keyStore` is not.',
    cause: 'A key alias means nothing without a keystore.',
    action: 'Set `keyStore` or remove `keyAlias`.',
  },
  ERR_TLS_DISABLED_WITH_SETTINGS: {
    summary: 'TLS is disabled but other TLS fields are set (a warning).',
    cause: '`enabled: false` with stores, client auth or protocols set; they are not used.',
    action: 'Set `enabled: true`, or remove the other fields.',
  },
  ERR_TLS_DISABLED: {
    summary: 'The profile has TLS disabled.',
    cause: 'Node TLS options or a TLS server were asked for from a profile with `enabled: false`.',
    action: 'Enable TLS in the profile or use a plain TCP/HTTP connection.',
  },
  ERR_TLS_PROFILE_REJECTED: {
    summary: 'The profile does not validate.',
    cause: '`validateTlsProfile` found at least one error; `details.findings` lists them all.',
    action: 'Fix each finding (codes in `details.codes`).',
  },
  ERR_TLS_PEER_REJECTED: {
    summary: "The peer's certificate was rejected by certkit's validation.",
    cause:
      "The peer's chain does not validate against the truststore: `details.problems` lists certkit's chain problems (code, depth, subject).",
    action:
      "Fix the peer's certificate or chain, or the truststore; see each problem's code in this catalogue.",
  },
  ERR_TLS_NO_PEER_CERTIFICATE: {
    summary: 'The peer presented no certificate.',
    cause: 'Two-way TLS is required and the client sent no certificate, or the socket is not connected.',
    action: "Configure the client with a certificate from a CA in the server's truststore.",
  },
  // Gateway configuration (nginx, Envoy): src/tls/gateways. Store, alias, keystore, truststore and
  // protocol problems share the ERR_TLS_* codes above; these are the gateway-only ones.
  ERR_GATEWAY_VARIABLE_STORE: {
    summary: 'A per-request variable store cannot be rendered into a static gateway configuration.',
    cause:
      'The profile names a store as `{variable}`, resolved per request; a file-based config (nginx files, Envoy inline strings) needs the store at render time, and no `resolveVariable` was given (or it answered nothing).',
    action:
      'Pass `resolveVariable` to pick the store at render time (one config per value), or name the store directly or through a `ref://` reference.',
  },
  ERR_GATEWAY_TRUSTSTORE_REQUIRED: {
    summary: 'The upstream verifies the server certificate but the profile names no truststore.',
    cause:
      'Neither nginx (`proxy_ssl_verify on` has no default CA file) nor Envoy (no `trusted_ca` means no verification at all) falls back to system CAs, so verification needs an explicit truststore.',
    action:
      'Set `trustStore` to the CAs that issue the upstream certificate (a truststore built from the system bundle works too).',
  },
  ERR_GATEWAY_UNSAFE_VALUE: {
    summary: 'A value would not be safe to write into the gateway configuration.',
    cause:
      'A cipher, server name, listen address, upstream, directory or file name holds characters that could end a directive or inject configuration (quotes, `;`, braces, `$`, whitespace or control characters); `details.field` names it.',
    action:
      'Fix the value: cipher names are OpenSSL names, server names are host names, paths are plain file paths.',
  },
  ERR_GATEWAY_UNSUPPORTED: {
    summary: 'The gateway cannot express what the profile asks for.',
    cause:
      'For example nginx cannot skip chain validation of an upstream while still checking its host name (`proxy_ssl_verify` does both or neither), which `ignoreValidationErrors` with a server name would need; `details.reason` says what.',
    action:
      'Change the profile (a truststore and strict verification, or no server name) or configure the gateway by hand.',
  },
  // Live probe of a TLS endpoint (src/tls/probe): the server's handshake bytes are hostile input.
  ERR_TLS_PROBE_MALFORMED: {
    summary: "The server's handshake messages are not well formed.",
    cause:
      'A record or handshake message has a length that does not fit, an unknown or out-of-order type, a field outside its bounds (RFC 5246 section 7.4, RFC 8446 section 4), a certificate or distinguished name that is not DER, or a TLS 1.3 record that does not decrypt; `details.reason` says which.',
    action:
      'The endpoint is not a conforming TLS server (or something between you rewrites its bytes): check with `openssl s_client -connect HOST:PORT -msg`.',
  },
  ERR_TLS_PROBE_TOO_LARGE: {
    summary: "The server's first handshake flight is larger than certkit reads.",
    cause:
      "A record, a handshake message or the whole flight exceeds the probe's bounds (records 2^14+2048 octets, messages and the flight 256 KiB; `details.limit`).",
    action: 'A real server chain is far smaller: the endpoint is misconfigured or hostile.',
  },
  ERR_TLS_PROBE_TRUNCATED: {
    summary: "The server's handshake flight ended before it was complete.",
    cause:
      'The bytes end inside a record or a handshake message, or before ServerHelloDone (TLS 1.2) / Finished (TLS 1.3), with no alert.',
    action: 'The server closed the connection mid-handshake: retry, and check its logs.',
  },
  ERR_TLS_PROBE_HANDSHAKE_FAILED: {
    summary: 'The TLS handshake with the endpoint failed before the server sent its certificate.',
    cause:
      'The server answered with an alert (no common protocol version or cipher, unknown server name) or is not a TLS server; `details.alert` or the `cause` says which.',
    action:
      'Check the host and port, and the protocols and ciphers the server allows (certkit offers TLS 1.2 and 1.3).',
  },
  ERR_TLS_PROBE_UNREACHABLE: {
    summary: 'The endpoint could not be reached.',
    cause:
      'The connection was refused or reset, or the host name does not resolve (`cause` holds the system error).',
    action:
      'Check the host and port and that the server is running; this is temporary (exit 75): try again later.',
  },
  ERR_TLS_PROBE_TIMEOUT: {
    summary: 'The endpoint did not complete the handshake in time.',
    cause:
      'No answer within the timeout (`details.timeoutMs`): a firewall dropping packets, or a server that is overloaded.',
    action: 'Retry later or with a longer `--timeout`; exit 75 means temporary.',
  },
});
