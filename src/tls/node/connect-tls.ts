import { Agent, type AgentOptions } from 'node:https';
import { type ConnectionOptions, connect, type TLSSocket } from 'node:tls';
import type { StoreRegistry } from '../../stores/index.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import type { TlsProfileFinding } from '../profile/validate-tls-profile.js';
import {
  type PeerCheckOptions,
  peerCertificateChain,
  peerRejectedError,
  verifyPeerCertificates,
} from './peer-verifier.js';
import { toNodeTlsOptions } from './to-node-tls-options.js';

/** Options of {@link connectTls}: where to connect, plus the peer-check options. */
export interface ConnectTlsOptions extends PeerCheckOptions {
  readonly host: string;
  readonly port: number;
  /** Further `tls.connect` options (e.g. `ALPNProtocols`); the profile's options win. */
  readonly tls?: ConnectionOptions;
  /** Called with the profile's warnings. */
  readonly onWarning?: (finding: TlsProfileFinding) => void;
}

/**
 * Connects with certkit as the validator: OpenSSL's verdict is not used (its check runs with
 * `rejectUnauthorized: false`), and the moment the handshake completes, before any byte of yours is
 * sent, the server's chain is validated with certkit, revocation included by default (see
 * {@link verifyPeerCertificates}; `revocation: 'off' | 'soft-fail' | 'hard-fail'`). A rejected
 * server gives `TlsError('ERR_TLS_PEER_REJECTED')` with certkit's problems; ignored findings go to
 * `onIgnoredFinding`.
 *
 * @returns the connected socket, only once the server was accepted.
 * @throws TlsError `ERR_TLS_PEER_REJECTED`, `ERR_TLS_NO_PEER_CERTIFICATE`, and as {@link toNodeTlsOptions};
 *   socket errors as Node gives them.
 * @example
 * ```ts
 * import { connectTls } from 'certkit/tls';
 * const socket = await connectTls(profile, registry, { host: 'api.example', port: 443, onIgnoredFinding: (f) => log.warn(f.code) });
 * ```
 * @see RFC 8446 section 4.4.2, RFC 5280 section 6.1
 */
export function connectTls(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: ConnectTlsOptions,
): Promise<TLSSocket> {
  const base = toNodeTlsOptions(profile, registry, { ...options, role: 'client' });
  return new Promise((resolve, reject) => {
    const socket = connect({
      ...options.tls,
      ...base,
      host: options.host,
      port: options.port,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const onError = (e: Error): void => reject(e);
    socket.once('error', onError);
    guardSocket(socket, profile, registry, options.host, options).then(() => {
      socket.off('error', onError);
      resolve(socket);
    }, reject);
  });
}

/**
 * Validates the server with certkit when the handshake completes: the socket is corked until then, so
 * nothing written to it leaves before the server is accepted, and destroyed with the reason if it is not.
 */
function guardSocket(
  socket: TLSSocket,
  profile: TlsProfile,
  registry: StoreRegistry,
  host: string | undefined,
  options: PeerCheckOptions,
): Promise<void> {
  socket.cork();
  return new Promise((resolve, reject) => {
    socket.prependOnceListener('secureConnect', () => {
      const name = profile.serverName ?? host;
      let ders: Uint8Array[];
      try {
        ders = peerCertificateChain(socket.getPeerCertificate(true));
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        socket.destroy(error);
        reject(error);
        return;
      }
      verifyPeerCertificates(ders, profile, registry, 'client', name, options).then(
        (verdict) => {
          if (socket.destroyed) return reject(new Error('the connection closed during the peer check'));
          if (!verdict.accepted) {
            const error = peerRejectedError(verdict, name);
            socket.destroy(error);
            return reject(error);
          }
          socket.uncork();
          resolve();
        },
        (e: unknown) => {
          const error = e instanceof Error ? e : new Error(String(e));
          socket.destroy(error);
          reject(error);
        },
      );
    });
  });
}

/** Options of {@link createHttpsAgent}. */
export interface HttpsAgentOptions extends PeerCheckOptions {
  /** `https.Agent` options (keepAlive, maxSockets, …); the profile's TLS options win. */
  readonly agent?: AgentOptions;
  readonly onWarning?: (finding: TlsProfileFinding) => void;
}

/**
 * An `https.Agent` for the profile (client role) whose connections are validated by certkit as in
 * {@link connectTls}: a rejected server makes the request fail with `ERR_TLS_PEER_REJECTED` before the
 * request is sent. Stores are resolved when the agent is made.
 *
 * Node 20's global `fetch` (undici) does not take a Node `https.Agent`; an undici `Agent` is not
 * provided because undici is not a dependency.
 *
 * @throws as {@link toNodeTlsOptions}.
 * @example
 * ```ts
 * import https from 'node:https';
 * import { createHttpsAgent } from 'certkit/tls';
 * https.get('https://api.example/health', { agent: createHttpsAgent(profile, registry) }, (res) => res.resume());
 * ```
 * @see RFC 2818 section 3.1
 */
export function createHttpsAgent(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: HttpsAgentOptions = {},
): Agent {
  const base = toNodeTlsOptions(profile, registry, { ...options, role: 'client' });
  const agent = new Agent({ ...options.agent, ...base, rejectUnauthorized: false });
  const create = (opts: ConnectionOptions): TLSSocket => {
    const socket = connect({ ...opts, rejectUnauthorized: false, checkServerIdentity: () => undefined });
    // A refusal reaches the request as the socket's error; the promise only sequences the check.
    guardSocket(socket, profile, registry, opts.servername || opts.host || undefined, options).catch(
      () => undefined,
    );
    return socket;
  };
  Object.defineProperty(agent, 'createConnection', { value: create, writable: true, configurable: true });
  return agent;
}
