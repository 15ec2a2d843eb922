import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AcmeError } from '../../../errors/area-errors.js';
import type { Storage } from '../../../storage/storage.js';
import { createHttp01Handler } from './http-01-handler.js';

/** Options of `startHttp01Responder`. */
export interface Http01ResponderOptions {
  /** Where `StorageHttp01Solver` writes the answers (shared between replicas). */
  readonly storage: Storage;
  /** The TCP port to listen on (80 for a CA; `0` lets the system pick one, see the returned `port`). */
  readonly port: number;
  /**
   * The address to listen on. Default: `::` with dual stack (IPv6 and IPv4, as a CA may check over
   * either) where the machine has IPv6, else `0.0.0.0`.
   */
  readonly host?: string;
  /** The storage folder of the answers; the same as the solver's. Default `acme/http-01`. */
  readonly prefix?: string;
}

/** A running stand-alone HTTP-01 responder. */
export interface Http01Responder {
  /** The port it listens on. */
  readonly port: number;
  /** Where it listens, as `host:port` (`[::]:80` and `0.0.0.0:80` for the dual-stack default). */
  readonly addresses: readonly string[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts a stand-alone HTTP server that answers only HTTP-01 challenges from shared storage (see
 * `createHttp01Handler`); every other path gets 404. Run one on every replica behind the name:
 * whichever replica placed the order, all of them answer.
 *
 * @throws AcmeError `ERR_ACME_SOLVER_FAILED` when it cannot listen (`details.errno`: `EADDRINUSE`,
 *   `EACCES` for port 80 without privileges, …).
 * @throws TypeError when `storage`, `port`, `host` or `prefix` is not valid.
 * @example
 * ```ts
 * import { startHttp01Responder } from 'certkit/acme';
 * import { FileStorage } from 'certkit/storage';
 * const responder = await startHttp01Responder({ storage: new FileStorage({ dir: '/var/lib/certkit' }), port: 80 });
 * // ... later
 * await responder.close();
 * ```
 * @see RFC 8555 section 8.3
 */
export async function startHttp01Responder(options: Http01ResponderOptions): Promise<Http01Responder> {
  const { port } = options ?? {};
  const explicitHost = options?.host;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError('port must be an integer from 0 to 65535');
  }
  if (explicitHost !== undefined && (typeof explicitHost !== 'string' || explicitHost.length === 0)) {
    throw new TypeError('host must be a non-empty string');
  }
  const handler = createHttp01Handler({
    storage: options.storage,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 15_000 }, (req, res) => {
    void handler(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': '10' });
      res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  let host = explicitHost ?? '::';
  try {
    await listen(server, port, host);
  } catch (error) {
    // no IPv6 on this machine: the default falls back to IPv4 only
    const errno = (error as { details?: { errno?: unknown } }).details?.errno;
    if (explicitHost !== undefined || (errno !== 'EAFNOSUPPORT' && errno !== 'EADDRNOTAVAIL')) throw error;
    host = '0.0.0.0';
    await listen(server, port, host);
  }
  const bound = (server.address() as AddressInfo).port;
  // Node binds `::` without IPV6_V6ONLY: the one socket takes IPv4 connections too
  const addresses =
    host === '::'
      ? [`[::]:${bound}`, `0.0.0.0:${bound}`]
      : [`${host.includes(':') ? `[${host}]` : host}:${bound}`];
  let closing: Promise<void> | undefined;
  return {
    port: bound,
    addresses,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException): void => {
      reject(
        new AcmeError('ERR_ACME_SOLVER_FAILED', `The HTTP-01 responder cannot listen on ${host}:${port}.`, {
          cause,
          details: { solver: 'http-01-responder', host, port, errno: cause.code ?? null },
        }),
      );
    };
    server.once('error', onError);
    server.listen({ port, host, ipv6Only: false }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
