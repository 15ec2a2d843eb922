import { createSocket } from 'node:dgram';
import { isIP, Socket } from 'node:net';
import { AcmeError } from '../../../errors/area-errors.js';
import { dnsBadResponse } from './dns-errors.js';
import { type DnsMessage, decodeMessage } from './dns-message.js';

/** Where and how patiently to send one DNS request. */
export interface DnsExchangeOptions {
  /** IPv4 or IPv6 literal. */
  readonly server: string;
  readonly port: number;
  /** Milliseconds to wait for an answer per attempt (UDP) or for the whole TCP exchange. */
  readonly timeoutMs: number;
  /** UDP sends in all (the first plus retries); at least 1. */
  readonly attempts: number;
  /** Names the step in errors, e.g. `update` or `find-zone`. */
  readonly operation: string;
}

/** The decoded answer with its raw bytes (TSIG verification needs them) and the transport that carried it. */
export interface DnsExchangeResult {
  readonly bytes: Uint8Array;
  readonly message: DnsMessage;
  readonly transport: 'udp' | 'tcp';
}

function timeoutError(o: DnsExchangeOptions, transport: 'udp' | 'tcp', attempts: number): AcmeError {
  return new AcmeError(
    'ERR_ACME_TIMEOUT',
    `DNS server ${o.server} port ${o.port} did not answer the ${o.operation} over ${transport} within ${o.timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    {
      details: {
        server: o.server,
        port: o.port,
        timeout: o.timeoutMs,
        attempts,
        transport,
        operation: o.operation,
      },
    },
  );
}

function networkError(o: DnsExchangeOptions, transport: 'udp' | 'tcp', e: unknown): AcmeError {
  const errno = (e as { code?: unknown }).code;
  return dnsBadResponse(
    'network',
    `DNS ${o.operation} to ${o.server} port ${o.port} over ${transport} failed${typeof errno === 'string' ? `: ${errno}` : ''}`,
    { server: o.server, port: o.port, transport, operation: o.operation, errno },
    e,
  );
}

function checkAnswer(request: Uint8Array, bytes: Uint8Array, o: DnsExchangeOptions): DnsMessage {
  let message: DnsMessage;
  try {
    message = decodeMessage(bytes);
  } catch (e) {
    if (e instanceof AcmeError) {
      throw new AcmeError('ERR_ACME_DNS_BAD_RESPONSE', `${e.message} (from ${o.server} port ${o.port})`, {
        details: { ...e.details, server: o.server, port: o.port, operation: o.operation },
      });
    }
    throw e;
  }
  const id = (request[0]! << 8) | request[1]!;
  const opcode = (request[2]! >> 3) & 0xf;
  const h = message.header;
  if (h.id !== id || !h.qr || h.opcode !== opcode) {
    throw dnsBadResponse(
      'mismatch',
      `DNS server ${o.server} port ${o.port} answered the ${o.operation} with a message that is not its response`,
      { server: o.server, port: o.port, operation: o.operation, id: h.id, qr: h.qr, opcode: h.opcode },
    );
  }
  return message;
}

function exchangeUdp(request: Uint8Array, o: DnsExchangeOptions): Promise<DnsExchangeResult> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(o.server) === 6 ? 'udp6' : 'udp4');
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (err: unknown, result?: DnsExchangeResult): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      socket.close();
      if (result) resolve(result);
      else reject(err);
    };
    const send = (): void => {
      sent++;
      socket.send(request, o.port, o.server, (e) => {
        if (e) finish(networkError(o, 'udp', e));
      });
      timer = setTimeout(
        () => (sent < o.attempts ? send() : finish(timeoutError(o, 'udp', sent))),
        o.timeoutMs,
      );
    };
    socket.on('error', (e) => finish(networkError(o, 'udp', e)));
    socket.on('message', (msg, rinfo) => {
      // Datagrams from elsewhere, or not carrying our ID, are someone else's (or spoofed): ignore them.
      if (
        (isIP(o.server) === 4 && rinfo.address !== o.server) ||
        rinfo.port !== o.port ||
        msg.length < 2 ||
        msg[0] !== request[0] ||
        msg[1] !== request[1]
      )
        return;
      try {
        const bytes = new Uint8Array(msg);
        finish(undefined, { bytes, message: checkAnswer(request, bytes, o), transport: 'udp' });
      } catch (e) {
        finish(e);
      }
    });
    send();
  });
}

function exchangeTcp(request: Uint8Array, o: DnsExchangeOptions): Promise<DnsExchangeResult> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (err: unknown, result?: DnsExchangeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (result) resolve(result);
      else reject(err);
    };
    const timer = setTimeout(() => finish(timeoutError(o, 'tcp', 1)), o.timeoutMs);
    socket.on('error', (e) => finish(networkError(o, 'tcp', e)));
    socket.on('close', () =>
      finish(networkError(o, 'tcp', Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }))),
    );
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const len = received.readUInt16BE(0);
      if (received.length < 2 + len) return;
      try {
        const bytes = new Uint8Array(received.subarray(2, 2 + len));
        finish(undefined, { bytes, message: checkAnswer(request, bytes, o), transport: 'tcp' });
      } catch (e) {
        finish(e);
      }
    });
    socket.connect(o.port, o.server, () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(request.length);
      socket.write(Buffer.concat([prefix, request]));
    });
  });
}

/**
 * Sends one DNS request and returns the matching answer: over UDP, resent after each `timeoutMs`
 * without answer up to `attempts` sends, and again over TCP when the UDP answer is truncated (TC) or
 * the request does not fit a 512-octet datagram.
 *
 * @throws ERR_ACME_TIMEOUT when no answer came in time; ERR_ACME_DNS_BAD_RESPONSE for a malformed
 *   or mismatched answer or a socket failure.
 * @see RFC 1035 section 4.2, RFC 7766 section 5
 */
export async function exchange(request: Uint8Array, o: DnsExchangeOptions): Promise<DnsExchangeResult> {
  if (request.length > 512) return exchangeTcp(request, o);
  const udp = await exchangeUdp(request, o);
  if (!udp.message.header.tc) return udp;
  return exchangeTcp(request, o);
}
