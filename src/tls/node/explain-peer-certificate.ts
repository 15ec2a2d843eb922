import type { TLSSocket } from 'node:tls';
import type { StoreRegistry } from '../../stores/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import type { TlsRole } from '../profile/validate-tls-profile.js';
import {
  checkPeerCertificates,
  type PeerCheckOptions,
  type PeerVerdict,
  peerCertificateChain,
} from './peer-verifier.js';

/** Options of {@link explainPeerCertificate}. */
export interface ExplainPeerOptions extends Omit<PeerCheckOptions, 'onIgnoredFinding'> {
  /** The end `socket` belongs to. Default `server` (explaining a client certificate). */
  readonly role?: TlsRole;
}

/**
 * Says with certkit's problems (code, depth, subject) why the peer's certificate on a connected
 * socket does or does not validate against the profile's truststore: on a server, why a client
 * certificate was refused (missing, other CA, no `clientAuth` usage, expired, revoked with `crls`);
 * on a client, why the server's certificate is not trusted. Reports only: ignores
 * `ignoreValidationErrors` reporting.
 *
 * @returns the verdict; `certificate` is absent when the peer sent none.
 * @throws StoreError when the truststore cannot be resolved.
 * @example
 * ```ts
 * import { explainPeerCertificate } from 'certkit/tls';
 * server.on('secureConnection', (socket) => {
 *   if (!socket.authorized) console.log(explainPeerCertificate(socket, profile, registry).problems);
 * });
 * ```
 * @see RFC 5280 section 6.1, RFC 8446 section 4.4.2
 */
export function explainPeerCertificate(
  socket: TLSSocket,
  profile: TlsProfile,
  registry: StoreRegistry,
  options: ExplainPeerOptions = {},
): PeerVerdict {
  const role = options.role ?? 'server';
  const peer = socket.getPeerCertificate(true);
  const ders = peerCertificateChain(peer);
  const host = role === 'client' ? (profile.serverName ?? (socket.servername || undefined)) : undefined;
  const { role: _r, ...rest } = options;
  return checkPeerCertificates(
    ders,
    { ...profile, ignoreValidationErrors: false },
    registry,
    role,
    host,
    rest,
  );
}
