import { join } from 'node:path';
import type { StoreRegistry } from '../../stores/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import { GatewayFile } from './gateway-file.js';
import { gatewayMaterial, pemOf, privateKeyPem, unsafe } from './gateway-material.js';

/**
 * Options of {@link renderNginxTls}.
 *
 * @example
 * ```ts
 * import type { NginxTlsOptions } from 'certkit/tls';
 * const server: NginxTlsOptions = { role: 'server', dir: '/etc/nginx/certkit', listen: 8443, serverName: 'api.example.com' };
 * const upstream: NginxTlsOptions = { role: 'upstream', dir: '/etc/nginx/certkit', upstream: 'backend.internal:9443' };
 * ```
 * @see RFC 8446 section 4.4.2
 */
export interface NginxTlsOptions {
  /**
   * `'server'`: a TLS listener (`ssl_*` directives, for a `server { }` block). `'upstream'`: nginx as a
   * TLS client of the proxied server (`proxy_ssl_*` directives, for a `location { }` or `server { }`).
   */
  readonly role: 'server' | 'upstream';
  /** The folder the files will live in (paths in the config point there). Plain path characters only. */
  readonly dir: string;
  /** File name prefix: `<name>-chain.pem`, `<name>-key.pem`, `<name>-ca.pem`. Default: the role. */
  readonly name?: string;
  /** Server role: emit `listen <listen> ssl;` first. A port (`8443`) or `address:port` (`127.0.0.1:8443`, `[::1]:8443`). */
  readonly listen?: number | string;
  /**
   * Server role: emit `server_name <serverName>;`. Upstream role: the name sent in SNI and checked
   * against the upstream certificate, overriding the profile's `serverName`.
   */
  readonly serverName?: string;
  /** Upstream role: emit `proxy_pass https://<upstream>;` (`host:port`, an upstream group, or an `https://` URL). */
  readonly upstream?: string;
  /** Longest peer chain nginx verifies (`ssl_verify_depth` / `proxy_ssl_verify_depth`), 1-100. Default 4. */
  readonly verifyDepth?: number;
  /** Resolves `{variable}` store names at render time (one rendered config per value). */
  readonly resolveVariable?: (variable: string) => string | undefined;
}

/**
 * What {@link renderNginxTls} returns: the files to write and the configuration that points at them.
 *
 * @example
 * ```ts
 * const { files, config, warnings } = renderNginxTls(profile, registry, { role: 'server', dir });
 * ```
 * @see RFC 8446 section 4.4.2
 */
export interface NginxTlsResult {
  /** Chain (`0o644`), key (`0o600`, `secret`) and CA bundle (`0o644`) files, all under `dir`. */
  readonly files: readonly GatewayFile[];
  /** nginx directives, one per line, each ending in `;` and a newline. */
  readonly config: string;
  /** Where nginx behaves differently from what the profile asks (for example, stricter). */
  readonly warnings: readonly string[];
}

const PATH = /^[A-Za-z0-9._/:@+,=-]{1,1024}$/;
const FILE_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const LISTEN = /^((\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):)?\d{1,5}$/;
const UPSTREAM =
  /^(https:\/\/)?(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._-]{1,253})(:\d{1,5})?(\/[A-Za-z0-9._~/%-]*)?$/;
const DEFAULT_VERIFY_DEPTH = 4;

function checkListen(listen: number | string): string {
  const text = typeof listen === 'number' ? String(listen) : listen;
  if (typeof text !== 'string' || !LISTEN.test(text))
    throw unsafe('listen address', 'not a port or address:port');
  const port = Number(text.slice(text.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw unsafe('listen address', 'the port is not 1-65535');
  return text;
}

function checkUpstream(upstream: string): string {
  if (typeof upstream !== 'string') throw new TypeError('upstream must be a string');
  if (!UPSTREAM.test(upstream))
    throw unsafe('upstream', 'not host:port, an upstream name or an https:// URL');
  return upstream.startsWith('https://') ? upstream : `https://${upstream}`;
}

/**
 * Renders a TLS profile and its stores for nginx: the files to write (the certificate chain, the
 * private key with mode `0o600`, the CA bundle) and the directives pointing at them. Pure: it writes
 * nothing; pass `files` to {@link writeGatewayFiles}, then include `config` and reload nginx.
 *
 * Server role (a TLS listener): `ssl_certificate`, `ssl_certificate_key`, `ssl_protocols`,
 * `ssl_ciphers` (TLS 1.2 names) and `ssl_conf_command Ciphersuites` (TLS 1.3 names) when the profile
 * lists ciphers, and for client authentication:
 * - `clientAuthEnabled` → `ssl_client_certificate` (the truststore) and `ssl_verify_client on`: a
 *   client without a certificate, or with one that does not verify, is refused (nginx answers 400);
 * - `clientAuthEnabled` with `ignoreValidationErrors: true` and `enforce` not true →
 *   `ssl_verify_client optional_no_ca`: the certificate is asked for but a missing or failing one is
 *   let through; nginx puts the verdict in `$ssl_client_verify` for the application to act on
 *   (nginx itself reports nothing, see `warnings`);
 * - no client auth → `ssl_verify_client off`.
 * nginx's `optional` (verify when present, accept when missing) is not used: the profile has no
 * setting that means "verify but do not require".
 *
 * Upstream role (nginx as client of the proxied server): `proxy_ssl_protocols`, `proxy_ssl_ciphers`,
 * `proxy_ssl_trusted_certificate` (the truststore), `proxy_ssl_verify on` (`off` only for
 * `ignoreValidationErrors` without `enforce`), `proxy_ssl_verify_depth`, `proxy_ssl_server_name on`
 * and `proxy_ssl_name` when a server name is set, and with `clientAuthEnabled`
 * `proxy_ssl_certificate` / `proxy_ssl_certificate_key` (the keystore's entry).
 *
 * The served chain is the key entry's chain without a trailing self-signed root.
 *
 * @throws TlsError `ERR_TLS_DISABLED` (profile not enabled), `ERR_TLS_NO_KEYSTORE`,
 *   `ERR_TLS_NO_TRUSTSTORE` (client auth without a truststore), `ERR_TLS_STORE_NOT_FOUND` (missing
 *   store or reference, or the wrong kind), `ERR_TLS_ALIAS_NOT_FOUND`, `ERR_TLS_LEGACY_PROTOCOL`,
 *   `ERR_TLS_PROFILE_INVALID` (an unknown protocol version),
 *   `ERR_GATEWAY_VARIABLE_STORE` (a `{variable}` store without `resolveVariable`),
 *   `ERR_GATEWAY_TRUSTSTORE_REQUIRED` (upstream verification without a truststore),
 *   `ERR_GATEWAY_UNSUPPORTED` (upstream: ignore chain errors but check the host name),
 *   `ERR_GATEWAY_UNSAFE_VALUE` (a value that could inject configuration).
 * @throws TypeError on misuse (wrong argument types).
 * @example
 * ```ts
 * import { renderNginxTls, writeGatewayFiles } from 'certkit/tls';
 * const { files, config } = renderNginxTls(
 *   { enabled: true, clientAuthEnabled: true, keyStore: 'ref://api-keystore', keyAlias: 'api', trustStore: 'ref://partner-roots' },
 *   registry,
 *   { role: 'server', dir: '/etc/nginx/certkit', listen: 443, serverName: 'api.example.com' },
 * );
 * await writeGatewayFiles(files);
 * // server { include /etc/nginx/certkit/api.conf; location / { proxy_pass http://app; } }
 * ```
 * @see RFC 8446 section 4.4.2 (certificate chains), RFC 8996 (no TLS 1.0/1.1)
 */
export function renderNginxTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: NginxTlsOptions,
): NginxTlsResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { role, dir } = options;
  if (typeof dir !== 'string') throw new TypeError('options.dir must be a string');
  if (!PATH.test(dir)) throw unsafe('dir', 'use letters, digits and . _ / : @ + , = - only');
  const name = options.name ?? role;
  if (typeof name !== 'string' || !FILE_NAME.test(name))
    throw unsafe('file name prefix', 'use letters, digits, . _ -');
  const verifyDepth = options.verifyDepth ?? DEFAULT_VERIFY_DEPTH;
  const m = gatewayMaterial(profile, registry, { ...options, verifyDepth });

  const files: GatewayFile[] = [];
  const lines: string[] = [];
  const warnings: string[] = [];
  const chainPath = join(dir, `${name}-chain.pem`);
  const keyPath = join(dir, `${name}-key.pem`);
  const caPath = join(dir, `${name}-ca.pem`);
  const addKeyFiles = (): void => {
    if (m.entry === undefined) return;
    files.push(new GatewayFile(chainPath, pemOf(m.chain), 0o644, false));
    files.push(new GatewayFile(keyPath, privateKeyPem(m.entry), 0o600, true));
  };
  const addCaFile = (): void => {
    if (m.trust !== undefined) files.push(new GatewayFile(caPath, m.trust.toPem(), 0o644, false));
  };
  const fingerprint = m.entry?.leaf.sha256Fingerprint;
  lines.push(
    `# certkit: ${role} TLS${fingerprint === undefined ? '' : `, certificate sha256 ${fingerprint}`}`,
  );

  if (role === 'server') {
    if (options.listen !== undefined) lines.push(`listen ${checkListen(options.listen)} ssl;`);
    if (options.serverName !== undefined) lines.push(`server_name ${options.serverName};`);
    addKeyFiles();
    lines.push(`ssl_certificate ${chainPath};`, `ssl_certificate_key ${keyPath};`);
    lines.push(`ssl_protocols ${m.protocols.join(' ')};`);
    if (m.ciphers12.length > 0) lines.push(`ssl_ciphers ${m.ciphers12.join(':')};`);
    if (m.suites13.length > 0) lines.push(`ssl_conf_command Ciphersuites ${m.suites13.join(':')};`);
    if (m.verification === 'none') {
      lines.push('ssl_verify_client off;');
    } else {
      addCaFile();
      lines.push(`ssl_client_certificate ${caPath};`);
      lines.push(`ssl_verify_client ${m.verification === 'strict' ? 'on' : 'optional_no_ca'};`);
      lines.push(`ssl_verify_depth ${verifyDepth};`);
      if (m.verification === 'lenient') {
        warnings.push(
          'ignoreValidationErrors: nginx lets failing or missing client certificates through and reports nothing itself; the verdict is in $ssl_client_verify.',
        );
      }
    }
  } else {
    if (options.upstream !== undefined) lines.push(`proxy_pass ${checkUpstream(options.upstream)};`);
    const serverName = m.serverName;
    lines.push(`proxy_ssl_protocols ${m.protocols.join(' ')};`);
    if (m.ciphers12.length > 0) lines.push(`proxy_ssl_ciphers ${m.ciphers12.join(':')};`);
    if (m.suites13.length > 0) lines.push(`proxy_ssl_conf_command Ciphersuites ${m.suites13.join(':')};`);
    if (m.entry !== undefined) {
      addKeyFiles();
      lines.push(`proxy_ssl_certificate ${chainPath};`, `proxy_ssl_certificate_key ${keyPath};`);
    }
    if (m.trust !== undefined) {
      addCaFile();
      lines.push(`proxy_ssl_trusted_certificate ${caPath};`);
    }
    lines.push(`proxy_ssl_verify ${m.verification === 'strict' ? 'on' : 'off'};`);
    if (m.verification === 'strict') lines.push(`proxy_ssl_verify_depth ${verifyDepth};`);
    if (serverName !== undefined) lines.push('proxy_ssl_server_name on;', `proxy_ssl_name ${serverName};`);
    if (m.verification === 'strict' && !m.hostnameVerification) {
      warnings.push(
        'hostnameVerification: false: nginx checks the upstream name anyway when proxy_ssl_verify is on (stricter than the profile).',
      );
    }
    if (m.verification === 'lenient') {
      warnings.push(
        'ignoreValidationErrors: proxy_ssl_verify off; nginx accepts any upstream certificate and reports nothing.',
      );
    }
  }
  return { files, config: `${lines.join('\n')}\n`, warnings };
}
