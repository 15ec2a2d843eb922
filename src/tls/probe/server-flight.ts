import { TlsError } from '../../errors/index.js';
import { probeMalformed } from './byte-reader.js';
import {
  type CertificateRequestInfo,
  HandshakeType,
  parseCertificateMessage,
  parseCertificateRequest,
  parseServerHello,
} from './handshake-messages.js';
import { Tls13HandshakeDecrypter } from './tls13-handshake-keys.js';

/** A TLS alert (RFC 8446 section 6): `level` 1 warning / 2 fatal, `description` 40 handshake_failure, … */
export interface TlsAlert {
  readonly level: number;
  readonly description: number;
}

/** What the server sent in its first flight, read from the bytes it sent. */
export interface ServerFlight {
  readonly version: 'TLSv1.2' | 'TLSv1.3';
  /** The cipher suite the ServerHello chose. */
  readonly cipherSuite: number;
  /**
   * Whether the messages after ServerHello were read: always in TLS 1.2 (plaintext); in TLS 1.3 only
   * with the server handshake traffic secret. When false, `certificates` and `certificateRequest` are unknown.
   */
  readonly readable: boolean;
  /** The flight ended as it should (ServerHelloDone in TLS 1.2, Finished in TLS 1.3). */
  readonly complete: boolean;
  /** The certificates of the server's Certificate message, DER, in the order sent. */
  readonly certificates: readonly Uint8Array[];
  /** The CertificateRequest, when the server sent one. */
  readonly certificateRequest?: CertificateRequestInfo;
  /** The alert that ended the flight early, if any. */
  readonly alert?: TlsAlert;
}

/** Options of {@link parseServerFlight}. */
export interface ParseServerFlightOptions {
  /** TLS 1.3's server_handshake_traffic_secret (from Node's `'keylog'`), to read the encrypted messages. */
  readonly serverHandshakeSecret?: Uint8Array;
}

/** Largest TLSCiphertext fragment (RFC 5246 section 6.2.3: 2^14 + 2048; TLS 1.3's bound is smaller). */
export const MAX_RECORD_FRAGMENT = 2 ** 14 + 2048;
/** Largest plaintext fragment (RFC 8446 section 5.1, RFC 5246 section 6.2.1). */
const MAX_PLAINTEXT_FRAGMENT = 2 ** 14;
/** Bound on one handshake message and on the whole flight's handshake bytes. */
export const MAX_FLIGHT_BYTES = 256 * 1024;

const ContentType = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

/** Message order (RFC 5246 section 7.3, RFC 8446 section 2): each must rank above the one before. */
const TLS12_RANK: ReadonlyMap<number, number> = new Map([
  [HandshakeType.certificate, 1],
  [HandshakeType.certificateStatus, 2],
  [HandshakeType.serverKeyExchange, 3],
  [HandshakeType.certificateRequest, 4],
  [HandshakeType.serverHelloDone, 5],
]);
const TLS13_RANK: ReadonlyMap<number, number> = new Map([
  [HandshakeType.encryptedExtensions, 1],
  [HandshakeType.certificateRequest, 2],
  [HandshakeType.certificate, 3],
  [HandshakeType.certificateVerify, 4],
  [HandshakeType.finished, 5],
]);

function tooLarge(what: string, size: number, limit: number): TlsError {
  return new TlsError(
    'ERR_TLS_PROBE_TOO_LARGE',
    `The server's ${what} is ${size} octets; certkit reads at most ${limit}.`,
    { details: { what, size, limit } },
  );
}

function truncated(where: string): TlsError {
  return new TlsError('ERR_TLS_PROBE_TRUNCATED', `The server's handshake flight ends ${where}.`, {
    details: { where },
  });
}

/** The state of one parse: handshake bytes waiting to form messages, and what was learnt. */
class FlightState {
  version: number | undefined;
  cipherSuite = 0;
  helloRetries = 0;
  rank = 0;
  total = 0;
  certificates: Uint8Array[] = [];
  certificateRequest: CertificateRequestInfo | undefined;
  complete = false;

  get tls13(): boolean {
    return this.version === 0x0304;
  }

  /** Handshake bytes not yet forming a whole message, kept as received (joined only when one is whole). */
  #chunks: Uint8Array[] = [];
  #pendingLength = 0;
  /** Octets needed before the next message can be handled: its header, then header and body. */
  #needed = 4;

  /** Whether part of a message is waiting for more bytes. */
  get hasPending(): boolean {
    return this.#pendingLength > 0;
  }

  /**
   * Appends handshake bytes and handles every whole message among them. Bytes are joined only when
   * a header or a whole message is there (at most twice per message), so a flight cut into tiny
   * records costs time linear in its size.
   */
  feed(bytes: Uint8Array): void {
    this.total += bytes.length;
    if (this.total > MAX_FLIGHT_BYTES) throw tooLarge('handshake flight', this.total, MAX_FLIGHT_BYTES);
    this.#chunks.push(bytes);
    this.#pendingLength += bytes.length;
    if (this.#pendingLength < this.#needed) return;
    const joined = Buffer.concat(this.#chunks);
    let at = 0;
    this.#needed = 4;
    while (!this.complete && joined.length - at >= 4) {
      const length = (joined[at + 1]! << 16) | (joined[at + 2]! << 8) | joined[at + 3]!;
      if (length > MAX_FLIGHT_BYTES) throw tooLarge('handshake message', length, MAX_FLIGHT_BYTES);
      if (joined.length - at - 4 < length) {
        this.#needed = 4 + length;
        break;
      }
      this.message(joined[at]!, joined.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    const rest = joined.subarray(at);
    this.#chunks = rest.length === 0 ? [] : [rest];
    this.#pendingLength = rest.length;
  }

  message(type: number, body: Uint8Array): void {
    if (this.version === undefined || (type === HandshakeType.serverHello && this.rank === 0)) {
      if (type !== HandshakeType.serverHello)
        throw probeMalformed(`the first handshake message is type ${type}, not ServerHello`);
      const hello = parseServerHello(body);
      if (hello.version !== 0x0303 && hello.version !== 0x0304)
        throw probeMalformed(`the server chose protocol version 0x${hello.version.toString(16)}`);
      if (hello.helloRetry && (hello.version !== 0x0304 || ++this.helloRetries > 1))
        throw probeMalformed('unexpected HelloRetryRequest');
      this.version = hello.version;
      this.cipherSuite = hello.cipherSuite;
      this.rank = hello.helloRetry ? 0 : 0.5; // after a HelloRetryRequest another ServerHello comes
      return;
    }
    const rank = (this.tls13 ? TLS13_RANK : TLS12_RANK).get(type);
    if (rank === undefined || rank <= this.rank)
      throw probeMalformed(`handshake message type ${type} is unexpected here`);
    this.rank = rank;
    if (type === HandshakeType.certificate) this.certificates = parseCertificateMessage(body, this.tls13);
    else if (type === HandshakeType.certificateRequest)
      this.certificateRequest = parseCertificateRequest(body, this.tls13);
    else if (type === HandshakeType.serverHelloDone && body.length !== 0)
      throw probeMalformed('ServerHelloDone is not empty');
    if (type === HandshakeType.serverHelloDone || type === HandshakeType.finished) this.complete = true;
  }
}

/**
 * Reads the server's first flight from the bytes it sent on a connection (TLS records, RFC 5246
 * section 6.2 / RFC 8446 section 5): ServerHello, then its Certificate and CertificateRequest, plaintext
 * in TLS 1.2 and decrypted with `serverHandshakeSecret` in TLS 1.3. Stops at ServerHelloDone or the
 * server's Finished, or at an alert; what follows (tickets, application data) is not read. The bytes are
 * hostile input: every length is checked and bounded (records 2^14 + 2048 octets, the flight 256 KiB).
 *
 * @throws TlsError `ERR_TLS_PROBE_MALFORMED`, `ERR_TLS_PROBE_TOO_LARGE`, `ERR_TLS_PROBE_TRUNCATED`;
 *   `ERR_TLS_PROBE_HANDSHAKE_FAILED` when an alert arrives before the server's certificates.
 * @example
 * ```ts
 * import { parseServerFlight } from 'certkit/tls';
 * const flight = parseServerFlight(bytesFromServer, { serverHandshakeSecret });
 * console.log(flight.version, flight.certificateRequest?.authorities.map((n) => n.toString()));
 * ```
 * @see RFC 5246 sections 6.2 and 7.4, RFC 8446 sections 4 and 5
 */
export function parseServerFlight(bytes: Uint8Array, options: ParseServerFlightOptions = {}): ServerFlight {
  const state = new FlightState();
  let decrypter: Tls13HandshakeDecrypter | undefined;
  let alert: TlsAlert | undefined;
  let readable = true;
  let at = 0;
  while (!state.complete && alert === undefined && readable) {
    if (at === bytes.length)
      throw truncated(state.version === undefined ? 'before ServerHello' : 'mid-flight');
    if (bytes.length - at < 5) throw truncated('inside a record header');
    const type = bytes[at]!;
    if (type < ContentType.changeCipherSpec || type > ContentType.applicationData)
      throw probeMalformed(`a record of content type ${type} (not TLS)`);
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (length > MAX_RECORD_FRAGMENT) throw tooLarge('record', length, MAX_RECORD_FRAGMENT);
    if (bytes.length - at - 5 < length) throw truncated('inside a record');
    const header = bytes.subarray(at, at + 5);
    const fragment = bytes.subarray(at + 5, at + 5 + length);
    at += 5 + length;
    const encrypted = state.tls13 && state.rank > 0;
    if (type === ContentType.applicationData && encrypted) {
      const secret = options.serverHandshakeSecret;
      if (secret === undefined) {
        readable = false;
        break;
      }
      if (state.hasPending) throw probeMalformed('a handshake message spans the key change');
      decrypter ??= new Tls13HandshakeDecrypter(state.cipherSuite, secret);
      const inner = decrypter.decrypt(header, fragment);
      if (inner.type === ContentType.handshake) state.feed(inner.content);
      else if (inner.type === ContentType.alert) alert = readAlert(inner.content);
      else throw probeMalformed(`an encrypted record of content type ${inner.type} in the handshake`);
      continue;
    }
    if (length > MAX_PLAINTEXT_FRAGMENT) throw tooLarge('plaintext record', length, MAX_PLAINTEXT_FRAGMENT);
    if (type === ContentType.handshake && !encrypted) {
      if (length === 0) throw probeMalformed('an empty handshake record');
      state.feed(fragment);
    } else if (type === ContentType.alert) alert = readAlert(fragment);
    else if (type === ContentType.changeCipherSpec && state.tls13 && length === 1 && fragment[0] === 1) {
      // RFC 8446 appendix D.4: the middlebox-compatibility change_cipher_spec, ignored.
    } else throw probeMalformed(`a record of content type ${type} is unexpected here`);
  }
  return finish(state, readable, alert);
}

/** Names of the alerts a server sends when it refuses a handshake (RFC 8446 section 6). */
const ALERT_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'close_notify'],
  [10, 'unexpected_message'],
  [20, 'bad_record_mac'],
  [22, 'record_overflow'],
  [40, 'handshake_failure'],
  [42, 'bad_certificate'],
  [47, 'illegal_parameter'],
  [48, 'unknown_ca'],
  [50, 'decode_error'],
  [51, 'decrypt_error'],
  [70, 'protocol_version'],
  [71, 'insufficient_security'],
  [80, 'internal_error'],
  [86, 'inappropriate_fallback'],
  [109, 'missing_extension'],
  [110, 'unsupported_extension'],
  [112, 'unrecognized_name'],
  [116, 'certificate_required'],
  [120, 'no_application_protocol'],
]);

/** `40 (handshake_failure)`. */
export function alertText(alert: TlsAlert): string {
  const name = ALERT_NAMES.get(alert.description);
  return name === undefined ? String(alert.description) : `${alert.description} (${name})`;
}

function readAlert(fragment: Uint8Array): TlsAlert {
  if (fragment.length !== 2) throw probeMalformed(`an alert of ${fragment.length} octets`);
  return { level: fragment[0]!, description: fragment[1]! };
}

function finish(state: FlightState, readable: boolean, alert: TlsAlert | undefined): ServerFlight {
  if (state.version === undefined || (alert !== undefined && state.certificates.length === 0)) {
    throw new TlsError(
      'ERR_TLS_PROBE_HANDSHAKE_FAILED',
      alert === undefined
        ? 'The server sent no ServerHello.'
        : `The server ended the handshake with alert ${alertText(alert)} before sending its certificate.`,
      { details: alert === undefined ? {} : { alert } },
    );
  }
  return {
    version: state.tls13 ? 'TLSv1.3' : 'TLSv1.2',
    cipherSuite: state.cipherSuite,
    readable,
    complete: state.complete,
    certificates: state.certificates,
    ...(state.certificateRequest === undefined ? {} : { certificateRequest: state.certificateRequest }),
    ...(alert === undefined ? {} : { alert }),
  };
}
