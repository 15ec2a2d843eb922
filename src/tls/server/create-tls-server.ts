import {
  createSecureContext,
  createServer,
  type SecureContext,
  type Server,
  type TLSSocket,
  type TlsOptions,
} from 'node:tls';
import type { StoreChangeEvent, StoreRegistry } from '../../stores/index.js';
import {
  ignoresValidationErrors,
  type PeerCheckOptions,
  peerCertificateChain,
  peerRejectedError,
  verifyPeerCertificates,
} from '../node/peer-verifier.js';
import { toNodeTlsOptions } from '../node/to-node-tls-options.js';
import type { TlsProfile } from '../profile/tls-profile.js';
import type { TlsProfileFinding } from '../profile/validate-tls-profile.js';

/** What a rotation did: which change triggered it and which host names (SNI) were reloaded. */
export interface TlsRotation {
  readonly event: StoreChangeEvent;
  /** `null` for the default context, else the SNI host name. */
  readonly contexts: readonly (string | null)[];
}

/** Options of {@link createTlsServer} and {@link attachRotation}. */
export interface TlsServerOptions extends PeerCheckOptions {
  /**
   * Certificates by host name (SNI): each profile's keystore gives the certificate served for that
   * name (`*.example.com` matches one label). Names not listed get the main profile's certificate.
   */
  readonly sni?: Readonly<Record<string, TlsProfile>>;
  /** Further `tls.createServer` options (e.g. `ALPNProtocols`, `sessionTimeout`); the profile's win. */
  readonly tls?: TlsOptions;
  /** Called after each applied rotation. */
  readonly onRotate?: (rotation: TlsRotation) => void;
  /**
   * Called when a change could not be applied (the new store has no usable entry, …): the server keeps
   * serving the previous certificate. Default: the error is emitted as the server's `rotationError`.
   */
  readonly onRotationError?: (error: unknown, event: StoreChangeEvent) => void;
  /** Called with the profiles' warnings. */
  readonly onWarning?: (finding: TlsProfileFinding) => void;
}

/** A handle on live rotation; `dispose()` stops following the registry (done on server close). */
export interface RotationHandle {
  /** Reloads every context now (as a change would). */
  reload(): void;
  dispose(): void;
}

function storesOf(profile: TlsProfile): string[] {
  return [profile.keyStore, profile.trustStore].filter((s): s is string => s !== undefined);
}

function concerns(profile: TlsProfile, e: StoreChangeEvent): boolean {
  for (const spec of storesOf(profile)) {
    const s = spec.trim();
    if (s === e.reference || s === e.to || s === e.from) return true;
    if (`ref://${s}` === e.reference) return true;
  }
  return false;
}

function matchSni(map: ReadonlyMap<string, SecureContext>, servername: string): SecureContext | undefined {
  const name = servername.toLowerCase().replace(/\.$/, '');
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const dot = name.indexOf('.');
  return dot > 0 ? map.get(`*${name.slice(dot)}`) : undefined;
}

/**
 * Makes a running `tls.Server` (or `https.Server`) follow the registry: when a reference its profile
 * (or one of its SNI profiles) uses is re-pointed or rolled back, or the store behind it is replaced,
 * the secure context is rebuilt and applied with `server.setSecureContext` (SNI contexts are swapped
 * in the SNI map). New handshakes get the new certificate; established connections go on untouched.
 * A change that cannot be applied leaves the previous context in place. Stops on server `close`.
 *
 * Only the SNI map is installed here when `options.sni` is given and the server was not made by
 * {@link createTlsServer}: pass `SNICallback: handle.sniCallback` yourself in that case.
 *
 * @throws as {@link toNodeTlsOptions} for the SNI profiles.
 * @example
 * ```ts
 * import https from 'node:https';
 * import { attachRotation, toNodeTlsOptions } from 'certkit/tls';
 * const server = https.createServer(toNodeTlsOptions(profile, registry, { role: 'server' }), app);
 * attachRotation(server, profile, registry);
 * ```
 * @see RFC 8446 section 4.4.2, RFC 6066 section 3
 */
export function attachRotation(
  server: Server,
  profile: TlsProfile,
  registry: StoreRegistry,
  options: TlsServerOptions = {},
): RotationHandle & { readonly sniCallback: NonNullable<TlsOptions['SNICallback']> } {
  const nodeOpts = (p: TlsProfile): TlsOptions =>
    toNodeTlsOptions(p, registry, { ...options, role: 'server' } as const);
  const sniProfiles = Object.entries(options.sni ?? {}).map(
    ([name, p]) => [name.toLowerCase().replace(/\.$/, ''), p] as const,
  );
  let sniMap = new Map<string, SecureContext>(
    sniProfiles.map(([name, p]) => [name, createSecureContext({ ...options.tls, ...nodeOpts(p) })]),
  );
  const sniCallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    cb(null, matchSni(sniMap, servername));
  };
  const apply = (event: StoreChangeEvent | undefined): void => {
    const reloaded: (string | null)[] = [];
    try {
      let main: TlsOptions | undefined;
      if (event === undefined || concerns(profile, event)) main = nodeOpts(profile);
      const next = new Map(sniMap);
      for (const [name, p] of sniProfiles) {
        if (event === undefined || concerns(p, event)) {
          next.set(name, createSecureContext({ ...options.tls, ...nodeOpts(p) }));
          reloaded.push(name);
        }
      }
      if (main !== undefined) {
        server.setSecureContext({ ...options.tls, ...main });
        reloaded.unshift(null);
      }
      sniMap = next;
    } catch (error) {
      if (event === undefined) throw error;
      if (options.onRotationError !== undefined) options.onRotationError(error, event);
      else server.emit('rotationError', error, event);
      return;
    }
    if (event !== undefined && reloaded.length > 0) {
      const rotation: TlsRotation = { event, contexts: reloaded };
      options.onRotate?.(rotation);
      server.emit('rotate', rotation);
    }
  };
  const stop = registry.on('change', (e) => apply(e));
  const dispose = (): void => {
    stop();
    server.off('close', dispose);
  };
  server.once('close', dispose);
  return { reload: () => apply(undefined), dispose, sniCallback };
}

/** A `tls.Server` made by {@link createTlsServer}, with its rotation handle. */
export interface CertkitTlsServer extends Server {
  readonly rotation: RotationHandle;
}

/**
 * Creates a `tls.Server` from a profile (role server) that rotates live (see {@link attachRotation})
 * and serves several certificates by host name with `options.sni`. With `clientAuthEnabled`, certkit
 * checks every client certificate (chain to the truststore, `clientAuth` usage, validity, revocation
 * by default — see {@link verifyPeerCertificates} — and `crls`) before `secureConnection` listeners see
 * the socket: a refused client is closed and reported as
 * `tlsClientError` with `TlsError('ERR_TLS_PEER_REJECTED')` (certkit's problems) or
 * `ERR_TLS_NO_PEER_CERTIFICATE` (never ignorable); with `ignoreValidationErrors` (and `enforce` not
 * true) the problems go to `onIgnoredFinding` and the client is let in. The server emits `rotate`
 * ({@link TlsRotation}) after each applied change and `rotationError` when one could not be applied.
 *
 * @throws TlsError as {@link toNodeTlsOptions}; StoreError when a store cannot be resolved.
 * @example
 * ```ts
 * import { createTlsServer } from 'certkit/tls';
 * const server = createTlsServer(profile, registry, { sni: { 'b.example': profileB } }, (socket) => socket.end('hi\n'));
 * server.listen(8443);
 * registry.repoint('ref://api-keystore', 'api-2027'); // new handshakes get the new certificate
 * ```
 * @see RFC 8446, RFC 6066 section 3
 */
export function createTlsServer(
  profile: TlsProfile,
  registry: StoreRegistry,
  options: TlsServerOptions = {},
  connectionListener?: (socket: TLSSocket) => void,
): CertkitTlsServer {
  const nodeBase = toNodeTlsOptions(profile, registry, { ...options, role: 'server' } as const);
  const clientAuth = profile.clientAuthEnabled === true;
  // With client auth, certkit (not OpenSSL) decides on the client certificate so that a refusal is
  // explained: OpenSSL only requests it, and the check runs before the connection is handed out.
  const { crl: _crl, ...base } = nodeBase;
  if (clientAuth) Object.assign(base, { rejectUnauthorized: false });
  const hasSni = options.sni !== undefined && Object.keys(options.sni).length > 0;
  let sni: NonNullable<TlsOptions['SNICallback']> | undefined;
  const server = createServer({
    ...options.tls,
    ...base,
    ...(hasSni
      ? {
          SNICallback: (name: string, cb: (err: Error | null, ctx?: SecureContext) => void) => sni!(name, cb),
        }
      : {}),
  });
  const handle = attachRotation(server, profile, registry, options);
  sni = handle.sniCallback;
  if (clientAuth) guardClients(server, profile, registry, options);
  if (connectionListener !== undefined) server.on('secureConnection', connectionListener);
  Object.defineProperty(server, 'rotation', { value: { reload: handle.reload, dispose: handle.dispose } });
  return server as CertkitTlsServer;
}

/**
 * Checks each client certificate with certkit before `secureConnection` listeners see the socket:
 * a refused client is destroyed and reported as `tlsClientError` with `ERR_TLS_PEER_REJECTED`
 * (certkit's problems) or `ERR_TLS_NO_PEER_CERTIFICATE`. A missing certificate is never ignorable.
 */
function guardClients(
  server: Server,
  profile: TlsProfile,
  registry: StoreRegistry,
  options: TlsServerOptions,
): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  const ignore = ignoresValidationErrors(profile);
  Object.defineProperty(server, 'emit', {
    configurable: true,
    writable: true,
    value: (event: string | symbol, ...args: unknown[]): boolean => {
      if (event !== 'secureConnection') return emit(event, ...args);
      const socket = args[0] as TLSSocket;
      const refuse = (e: unknown): void => {
        socket.destroy();
        emit('tlsClientError', e instanceof Error ? e : new Error(String(e)), socket);
      };
      let ders: Uint8Array[];
      try {
        ders = peerCertificateChain(socket.getPeerCertificate(true));
      } catch (e) {
        refuse(e);
        return false;
      }
      // The client's bytes wait in the socket (no reader yet) while its chain and revocation are checked.
      verifyPeerCertificates(ders, profile, registry, 'server', undefined, options).then((verdict) => {
        if (socket.destroyed) return;
        if (!verdict.accepted || (ders.length === 0 && ignore)) return refuse(peerRejectedError(verdict));
        if (!verdict.valid) {
          // Let in by ignoreValidationErrors: say so on the socket as Node does for OpenSSL's verdict.
          socket.authorized = false;
          socket.authorizationError = new Error(verdict.problems[0]?.code ?? 'ERR_TLS_PEER_REJECTED');
        }
        emit(event, ...args);
      }, refuse);
      return true;
    },
  });
}
