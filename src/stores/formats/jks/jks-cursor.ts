import { storeError } from '../format-errors.js';

/** `ERR_JKS_MALFORMED` with a reason and the offset where reading stopped. */
export function jksMalformed(reason: string, offset: number): never {
  throw storeError('ERR_JKS_MALFORMED', `Malformed JKS keystore at offset ${offset}: ${reason}.`, {
    reason,
    offset,
  });
}

/**
 * A bounds-checked big-endian reader over the Java `DataOutputStream` encoding keystores use
 * (`writeInt`, `writeLong`, `writeUTF` in modified UTF-8). Every read that would pass `end` is
 * `ERR_JKS_MALFORMED`, so a hostile length cannot make it allocate or loop beyond the input.
 */
export class JksCursor {
  #pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly end: number,
  ) {}

  get position(): number {
    return this.#pos;
  }

  #need(n: number, what: string): number {
    const at = this.#pos;
    if (n < 0 || at + n > this.end) jksMalformed(`${what} runs past the end of the data`, at);
    this.#pos += n;
    return at;
  }

  u16(what: string): number {
    const at = this.#need(2, what);
    return (this.bytes[at]! << 8) | this.bytes[at + 1]!;
  }

  u32(what: string): number {
    const at = this.#need(4, what);
    return (
      this.bytes[at]! * 0x1000000 +
      ((this.bytes[at + 1]! << 16) | (this.bytes[at + 2]! << 8) | this.bytes[at + 3]!)
    );
  }

  /** A Java long holding milliseconds since 1970 (only the low 53 bits are meaningful for dates). */
  u64(what: string): number {
    const hi = this.u32(what);
    const lo = this.u32(what);
    return hi * 0x100000000 + lo;
  }

  take(n: number, what: string): Uint8Array {
    const at = this.#need(n, what);
    return this.bytes.subarray(at, at + n);
  }

  /** `DataInput.readUTF`: a u16 length and modified UTF-8 (CESU-8 surrogates, 0xC0 0x80 for NUL). */
  utf(what: string): string {
    const len = this.u16(what);
    const start = this.#pos;
    const b = this.take(len, what);
    let s = '';
    for (let i = 0; i < b.length; ) {
      const c = b[i]!;
      if (c < 0x80) {
        s += String.fromCharCode(c);
        i += 1;
      } else if ((c & 0xe0) === 0xc0 && i + 1 < b.length && (b[i + 1]! & 0xc0) === 0x80) {
        s += String.fromCharCode(((c & 0x1f) << 6) | (b[i + 1]! & 0x3f));
        i += 2;
      } else if (
        (c & 0xf0) === 0xe0 &&
        i + 2 < b.length &&
        (b[i + 1]! & 0xc0) === 0x80 &&
        (b[i + 2]! & 0xc0) === 0x80
      ) {
        s += String.fromCharCode(((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
        i += 3;
      } else {
        jksMalformed(`${what} is not modified UTF-8`, start + i);
      }
    }
    return s;
  }
}
