import { TlsError } from '../../errors/index.js';

/** The error for bytes from the server that break the TLS encoding rules. */
export function probeMalformed(reason: string, cause?: unknown): TlsError {
  return new TlsError('ERR_TLS_PROBE_MALFORMED', `The server's handshake is not well formed: ${reason}.`, {
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A strict cursor over TLS presentation-language bytes (RFC 8446 section 3): fixed-size integers and
 * length-prefixed vectors, every read checked against the end, every failure `ERR_TLS_PROBE_MALFORMED`.
 */
export class ByteReader {
  readonly #bytes: Uint8Array;
  #offset: number;
  readonly #end: number;
  readonly #what: string;

  constructor(bytes: Uint8Array, what: string, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#offset = start;
    this.#end = end;
    this.#what = what;
  }

  /** Octets left. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  #need(n: number, field: string): void {
    if (n > this.remaining)
      throw probeMalformed(`${this.#what}: ${field} needs ${n} octets, ${this.remaining} left`);
  }

  /** An unsigned big-endian integer of 1 to 3 octets. */
  uint(octets: 1 | 2 | 3, field: string): number {
    this.#need(octets, field);
    let v = 0;
    for (let i = 0; i < octets; i++) v = v * 256 + this.#bytes[this.#offset + i]!;
    this.#offset += octets;
    return v;
  }

  /** `n` octets (a view, not a copy). */
  bytes(n: number, field: string): Uint8Array {
    this.#need(n, field);
    const out = this.#bytes.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return out;
  }

  /**
   * A vector `<min..max>` with a length prefix of `prefix` octets: a reader over its body.
   * @see RFC 8446 section 3.4
   */
  vector(prefix: 1 | 2 | 3, field: string, min = 0, max = 2 ** (8 * prefix) - 1): ByteReader {
    const length = this.uint(prefix, `${field} length`);
    if (length < min || length > max)
      throw probeMalformed(`${this.#what}: ${field} is ${length} octets, outside ${min}..${max}`);
    this.#need(length, field);
    const inner = new ByteReader(this.#bytes, `${this.#what} ${field}`, this.#offset, this.#offset + length);
    this.#offset += length;
    return inner;
  }

  /** Refuses octets left over after the last field. */
  end(): void {
    if (this.remaining !== 0) throw probeMalformed(`${this.#what} has ${this.remaining} trailing octets`);
  }
}
