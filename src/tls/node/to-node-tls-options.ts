import type { ConnectionOptions, PeerCertificate, SecureVersion, TlsOptions } from 'node:tls';
import { TlsError } from '../../errors/index.js';
import type { StoreRegistry } from '../../stores/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import { assertTlsProfile, type TlsProfileFinding, type TlsRole } from '../profile/validate-tls-profile.js';
import { keyMaterial, trustPem } from './key-material.js';
import {
  checkPeerCertificates,
  ignoresValidationErrors,
  type PeerCheckOptions,
  peerCertificateChain,
  peerRejectedError,
} from './peer-verifier.js';

/** Options of {@link toNodeTlsOptions}. */
export interface NodeTlsOptionsOptions extends PeerCheckOptions {
  /** The end the options are for. */
  readonly role: TlsRole;
  /** Called with the profile's warnings (e.g. `ERR_TLS_IGNORE_IGNORED`). Default: none. */
  readonly onWarning?: (finding: TlsProfileFinding) => void;
}

const ORDER: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

function versions(profile: TlsProfile): { minVersion: SecureVersion; maxVersion: SecureVersion } {
  const list = profile.protocols ?? ['TLSv1.2', 'TLSv1.3'];
  const idx = list.map((p) => ORDER.indexOf(p)).sort((a, b) => a - b);
  return { minVersion: ORDER[idx[0]!]!, maxVersion: ORDER[idx[idx.length - 1]!]! };
}

/**
 * Turns a profile into options for `tls.connect` / `https.request` (role `client`) or
 * `tls.createServer` / `https.createServer` (role `server`): `key` and `cert` (the keystore entry's
 * chain) when there is a keystore, `ca` from the truststore, `minVersion` / `maxVersion` from
 * `protocols`, `ciphers`, and:
 *
 * - client: `servername` (SNI), `rejectUnauthorized` (false only with `ignoreValidationErrors` and
 *   `enforce` not true) and a `checkServerIdentity` that validates the server's chain with certkit
 *   (chain, host name, `serverAuth`, CRLs) and returns `TlsError('ERR_TLS_PEER_REJECTED')` with
 *   certkit's problems. Node only calls it when OpenSSL's own check passed, and with
 *   `rejectUnauthorized: false` Node does not act on its answer: with these raw options an
 *   ignore-mode connection is not refused for a host name mismatch under SNI, and findings OpenSSL
 *   saw first are not reported. Use {@link connectTls} or {@link createHttpsAgent}, which apply every
 *   rule with certkit and explain every failure.
 * - server: `requestCert` and `rejectUnauthorized` for client auth (OpenSSL verifies the client
 *   against `ca`, including the `clientAuth` purpose, and refuses it in the handshake, where Node no
 *   longer has its certificate to explain), and `crl` from `options.crls` (Node then has OpenSSL check
 *   every certificate of the client's chain: give a CRL for each CA). {@link createTlsServer} checks
 *   client certificates with certkit instead and explains each refusal; on a server of your own,
 *   {@link explainPeerCertificate} explains a connected client.
 *
 * Stores are resolved now: to follow re-pointed references use {@link createTlsServer}.
 *
 * @throws TlsError `ERR_TLS_DISABLED`, `ERR_TLS_PROFILE_REJECTED`, `ERR_TLS_ALIAS_NOT_FOUND`;
 *   StoreError when a store cannot be resolved.
 * @example
 * ```ts
 * import tls from 'node:tls';
 * import { toNodeTlsOptions } from 'certkit/tls';
 * const socket = tls.connect({ host: 'api.example', port: 443, ...toNodeTlsOptions(profile, registry, { role: 'client' }) });
 * ```
 * @see RFC 8446, RFC 5280 section 6.1, RFC 6066 section 3
 */
export function toNodeTlsOptions(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: NodeTlsOptionsOptions & { readonly role: 'client' },
): ConnectionOptions;
export function toNodeTlsOptions(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: NodeTlsOptionsOptions & { readonly role: 'server' },
): TlsOptions;
export function toNodeTlsOptions(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: NodeTlsOptionsOptions,
): ConnectionOptions | TlsOptions;
export function toNodeTlsOptions(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: NodeTlsOptionsOptions,
): ConnectionOptions | TlsOptions {
  if (!profile.enabled) {
    throw new TlsError('ERR_TLS_DISABLED', 'The TLS profile has enabled: false.', { details: {} });
  }
  const { role, resolveVariable } = options;
  const warnings = assertTlsProfile(
    profile,
    registry,
    resolveVariable === undefined ? { role } : { role, resolveVariable },
  );
  for (const w of warnings) options.onWarning?.(w);
  const km = keyMaterial(profile, registry, resolveVariable);
  const ca = trustPem(profile, registry, resolveVariable);
  const common = {
    ...versions(profile),
    ...(km === undefined ? {} : { key: km.key, cert: km.cert }),
    ...(profile.ciphers === undefined ? {} : { ciphers: profile.ciphers.join(':') }),
  };
  const ignore = ignoresValidationErrors(profile);
  if (role === 'server') {
    const clientAuth = profile.clientAuthEnabled === true;
    const crl = options.crls?.map((c) => c.pem);
    return {
      ...common,
      ...(clientAuth && ca !== undefined ? { ca } : {}),
      ...(clientAuth && crl !== undefined && crl.length > 0 ? { crl } : {}),
      requestCert: clientAuth,
      rejectUnauthorized: clientAuth && !ignore,
    };
  }
  const check = (host: string, cert: PeerCertificate): Error | undefined => {
    const verdict = checkPeerCertificates(
      peerCertificateChain(cert),
      profile,
      registry,
      'client',
      profile.serverName ?? host,
      options,
    );
    return verdict.accepted ? undefined : peerRejectedError(verdict, profile.serverName ?? host);
  };
  return {
    ...common,
    ...(ca === undefined ? {} : { ca }),
    ...(profile.serverName === undefined ? {} : { servername: profile.serverName }),
    rejectUnauthorized: !ignore,
    checkServerIdentity: check,
  };
}
