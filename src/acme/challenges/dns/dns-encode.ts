import { encodeName } from './dns-name.js';

/** A record to put in a message being built; names are written uncompressed. */
export interface DnsRecordInit {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: Uint8Array;
}

/** What `encodeMessage` needs; counts come from the arrays. */
export interface DnsMessageInit {
  readonly id: number;
  readonly opcode: number;
  readonly rd?: boolean;
  readonly questions?: readonly { readonly name: string; readonly type: number; readonly class: number }[];
  readonly answers?: readonly DnsRecordInit[];
  readonly authorities?: readonly DnsRecordInit[];
  readonly additionals?: readonly DnsRecordInit[];
}

/** Appends bytes and big-endian integers. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
  u8(n: number): this {
    return this.bytes(Uint8Array.of(n & 0xff));
  }
  u16(n: number): this {
    return this.bytes(Uint8Array.of((n >> 8) & 0xff, n & 0xff));
  }
  u32(n: number): this {
    return this.bytes(Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
  }
  /** A 48-bit unsigned integer (TSIG time). */
  u48(n: number): this {
    return this.u16(Math.floor(n / 2 ** 32)).u32(n % 2 ** 32);
  }
  finish(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts, this.size));
  }
}

function writeRecord(w: ByteWriter, r: DnsRecordInit): void {
  if (r.rdata.length > 0xffff) throw new TypeError('RDATA longer than 65535 octets');
  w.bytes(encodeName(r.name)).u16(r.type).u16(r.class).u32(r.ttl).u16(r.rdata.length).bytes(r.rdata);
}

/**
 * Encodes a DNS message without name compression (RFC 1035 section 4.1).
 *
 * @throws TypeError for an invalid name or oversized RDATA.
 * @see RFC 1035 section 4.1
 */
export function encodeMessage(m: DnsMessageInit): Uint8Array {
  const q = m.questions ?? [];
  const an = m.answers ?? [];
  const ns = m.authorities ?? [];
  const ar = m.additionals ?? [];
  const flags = ((m.opcode & 0xf) << 11) | (m.rd ? 0x0100 : 0);
  const w = new ByteWriter().u16(m.id).u16(flags).u16(q.length).u16(an.length).u16(ns.length).u16(ar.length);
  for (const question of q) w.bytes(encodeName(question.name)).u16(question.type).u16(question.class);
  for (const r of an) writeRecord(w, r);
  for (const r of ns) writeRecord(w, r);
  for (const r of ar) writeRecord(w, r);
  return w.finish();
}

/**
 * TXT RDATA holding `value`, split into character-strings of at most 255 octets (RFC 1035 section 3.3.14).
 * The value is written as UTF-8 (DNS-01 values are base64url, so ASCII).
 */
export function txtRdata(value: string): Uint8Array {
  const bytes = Buffer.from(value, 'utf8');
  const w = new ByteWriter();
  if (bytes.length === 0) return w.u8(0).finish();
  for (let i = 0; i < bytes.length; i += 255) {
    const chunk = bytes.subarray(i, Math.min(i + 255, bytes.length));
    w.u8(chunk.length).bytes(chunk);
  }
  return w.finish();
}
