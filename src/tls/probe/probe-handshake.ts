import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { TlsError } from '../../errors/index.js';

/** One client handshake of the probe: where, which SNI, which client identity (PEM), how long. */
export interface HandshakeAttempt {
  readonly host: string;
  readonly port: number;
  /** The SNI to send; undefined sends none (an IP address). */
  readonly servername: string | undefined;
  /** A client certificate chain and key in PEM; undefined presents none. */
  readonly identity?: { readonly key: string; readonly cert: string };
  /** Bound on the whole attempt, ms. */
  readonly timeoutMs: number;
  /**
   * TLS 1.3 only: how long after the handshake completes to wait for the server's verdict on the client
   * certificate (a NewSessionTicket means accepted, an alert or a close refused), ms.
   */
  readonly settleMs: number;
  /** Whether the TLS 1.3 verdict is worth waiting for (the server asked for a certificate). */
  readonly awaitVerdict: (bytes: Uint8Array, secret: Uint8Array | undefined) => boolean;
}

/** What one handshake showed. */
export interface HandshakeOutcome {
  /** Every byte the server sent (capped at {@link MAX_CAPTURE}). */
  readonly bytes: Uint8Array;
  /** TLS 1.3 server_handshake_traffic_secret, from Node's `'keylog'`. */
  readonly serverHandshakeSecret?: Uint8Array;
  /** Node completed the handshake. */
  readonly completed: boolean;
  /**
   * The server went on with the connection: the handshake completed and (TLS 1.3, when awaited) a
   * session ticket came, or nothing came within `settleMs`. False when it ended the connection.
   */
  readonly accepted: boolean;
  /** How the attempt ended, in words (`alert certificate_required`, `session ticket received`, …). */
  readonly ending: string;
  /** Node's error, when the handshake failed or the server refused after it. */
  readonly error?: Error;
}

/** The capture stops growing here; the server's first flight is far smaller. */
export const MAX_CAPTURE = 1024 * 1024;

/** A Duplex over a TCP socket that records what the server sends, for Node's TLS to run on. */
function tappedStream(raw: Socket, chunks: Buffer[]): Duplex {
  let size = 0;
  const tap = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end();
      callback();
    },
    destroy(error, callback) {
      raw.destroy();
      callback(error);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    if (size < MAX_CAPTURE) chunks.push(chunk.subarray(0, MAX_CAPTURE - size));
    size += chunk.length;
    tap.push(chunk);
  });
  raw.on('end', () => tap.push(null));
  raw.on('error', (e) => tap.destroy(e));
  return tap;
}

function unreachable(attempt: HandshakeAttempt, cause: Error): TlsError {
  return new TlsError(
    'ERR_TLS_PROBE_UNREACHABLE',
    `Cannot connect to ${attempt.host}:${attempt.port}: ${cause.message}.`,
    { cause, details: { host: attempt.host, port: attempt.port } },
  );
}

function timedOut(attempt: HandshakeAttempt): TlsError {
  return new TlsError(
    'ERR_TLS_PROBE_TIMEOUT',
    `${attempt.host}:${attempt.port} did not complete the handshake within ${attempt.timeoutMs} ms.`,
    { details: { host: attempt.host, port: attempt.port, timeoutMs: attempt.timeoutMs } },
  );
}

/** Opens the TCP connection; a refusal or a name that does not resolve is `ERR_TLS_PROBE_UNREACHABLE`. */
function openTcp(attempt: HandshakeAttempt, signal: { timer?: NodeJS.Timeout }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const raw = netConnect({ host: attempt.host, port: attempt.port });
    signal.timer = setTimeout(() => {
      raw.destroy();
      reject(timedOut(attempt));
    }, attempt.timeoutMs);
    raw.once('error', (e) => {
      clearTimeout(signal.timer);
      reject(unreachable(attempt, e));
    });
    raw.once('connect', () => {
      raw.removeAllListeners('error');
      resolve(raw);
    });
  });
}

/**
 * Runs one real client handshake with Node's TLS (TLS 1.2 and 1.3 offered, the server's certificate
 * not judged here) over a socket that records the server's bytes and the TLS 1.3 handshake secret, so
 * that the flight can be read afterwards, encrypted part included.
 *
 * @throws TlsError `ERR_TLS_PROBE_UNREACHABLE`, `ERR_TLS_PROBE_TIMEOUT`.
 */
export async function runHandshake(attempt: HandshakeAttempt): Promise<HandshakeOutcome> {
  const signal: { timer?: NodeJS.Timeout } = {};
  const raw = await openTcp(attempt, signal);
  const chunks: Buffer[] = [];
  let secret: Uint8Array | undefined;
  const socket: TLSSocket = tlsConnect({
    socket: tappedStream(raw, chunks),
    ...(attempt.servername === undefined ? {} : { servername: attempt.servername }),
    ...(attempt.identity ?? {}),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
  socket.on('keylog', (line: Buffer) => {
    const [label, , hex] = line.toString('latin1').trim().split(' ');
    if (label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET' && hex !== undefined) secret = Buffer.from(hex, 'hex');
  });
  try {
    const result = await new Promise<Omit<HandshakeOutcome, 'bytes' | 'serverHandshakeSecret'>>(
      (resolve, reject) => {
        let completed = false;
        let settle: NodeJS.Timeout | undefined;
        const done = (accepted: boolean, ending: string, error?: Error): void => {
          clearTimeout(settle);
          resolve({ completed, accepted, ending, ...(error === undefined ? {} : { error }) });
        };
        clearTimeout(signal.timer);
        signal.timer = setTimeout(() => reject(timedOut(attempt)), attempt.timeoutMs);
        socket.on('error', (e: Error & { code?: string }) => done(false, e.code ?? e.message, e));
        socket.on('close', () => done(false, 'the server closed the connection'));
        socket.on('session', () => {
          if (completed) done(true, 'the server sent a session ticket');
        });
        socket.on('secureConnect', () => {
          completed = true;
          const bytes = Buffer.concat(chunks);
          if (socket.getProtocol() !== 'TLSv1.3') return done(true, 'the handshake completed');
          if (!attempt.awaitVerdict(bytes, secret)) return done(true, 'the handshake completed');
          settle = setTimeout(
            () => done(true, `no refusal within ${attempt.settleMs} ms`),
            Math.min(attempt.settleMs, attempt.timeoutMs),
          );
        });
        socket.resume();
      },
    );
    return {
      bytes: Buffer.concat(chunks),
      ...(secret === undefined ? {} : { serverHandshakeSecret: secret }),
      ...result,
    };
  } finally {
    clearTimeout(signal.timer);
    socket.destroy();
    raw.destroy();
  }
}
