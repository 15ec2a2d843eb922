import { RR_TYPE } from './dns-constants.js';
import { malformed } from './dns-errors.js';
import { readName } from './dns-name.js';

/** The fixed 12-octet header of a DNS message (RFC 1035 section 4.1.1). */
export interface DnsHeader {
  readonly id: number;
  /** True in responses. */
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  /** Truncated: the answer did not fit in the UDP datagram; ask again over TCP. */
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly rcode: number;
}

/** One question (in an UPDATE: the zone section). */
export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/** The TSIG pseudo-record's RDATA (RFC 8945 section 4.2). */
export interface TsigRdata {
  readonly kind: 'TSIG';
  readonly algorithm: string;
  /** Seconds since the epoch (48 bits). */
  readonly timeSigned: number;
  readonly fudge: number;
  readonly mac: Uint8Array;
  readonly originalId: number;
  readonly error: number;
  readonly otherData: Uint8Array;
}

/** RDATA of the record types certkit interprets; others keep only their raw bytes. */
export type DnsRdata =
  | { readonly kind: 'TXT'; readonly strings: readonly string[] }
  | {
      readonly kind: 'SOA';
      readonly mname: string;
      readonly rname: string;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    }
  | { readonly kind: 'NS' | 'CNAME'; readonly target: string }
  | { readonly kind: 'A' | 'AAAA'; readonly address: string }
  | TsigRdata;

/** One resource record as decoded. */
export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  /** The raw RDATA bytes (names inside may be compressed pointers into the message). */
  readonly rdata: Uint8Array;
  /** The interpreted RDATA for A, AAAA, NS, CNAME, SOA, TXT and TSIG; undefined for other types. */
  readonly data: DnsRdata | undefined;
  /** Offset of the record's first byte in the message (TSIG verification needs it). */
  readonly offset: number;
}

/** A decoded DNS message. */
export interface DnsMessage {
  readonly header: DnsHeader;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
}

function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
}

function need(bytes: Uint8Array, offset: number, n: number, what: string, end = bytes.length): void {
  if (offset + n > end) throw malformed(`${what} runs past the end`, offset);
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

function ipv6(bytes: Uint8Array, start: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16(bytes, start + i * 2).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** A name inside RDATA: may be compressed, but must end inside the RDATA. */
function rdataName(bytes: Uint8Array, offset: number, end: number): { name: string; next: number } {
  const r = readName(bytes, offset);
  if (r.next > end) throw malformed('name runs past the end of its RDATA', offset);
  return r;
}

function decodeRdata(bytes: Uint8Array, type: number, start: number, end: number): DnsRdata | undefined {
  switch (type) {
    case RR_TYPE.A:
      if (end - start !== 4) throw malformed('A RDATA is not 4 octets', start);
      return { kind: 'A', address: Array.from(bytes.subarray(start, end)).join('.') };
    case RR_TYPE.AAAA:
      if (end - start !== 16) throw malformed('AAAA RDATA is not 16 octets', start);
      return { kind: 'AAAA', address: ipv6(bytes, start) };
    case RR_TYPE.NS:
    case RR_TYPE.CNAME: {
      const r = rdataName(bytes, start, end);
      if (r.next !== end) throw malformed('trailing octets after the target name', r.next);
      return { kind: type === RR_TYPE.NS ? 'NS' : 'CNAME', target: r.name };
    }
    case RR_TYPE.TXT: {
      const strings: string[] = [];
      let pos = start;
      while (pos < end) {
        const len = bytes[pos]!;
        need(bytes, pos + 1, len, 'TXT character-string', end);
        strings.push(text(bytes, pos + 1, pos + 1 + len));
        pos += 1 + len;
      }
      return { kind: 'TXT', strings };
    }
    case RR_TYPE.SOA: {
      const m = rdataName(bytes, start, end);
      const r = rdataName(bytes, m.next, end);
      if (end - r.next !== 20) throw malformed('SOA RDATA does not end with five 32-bit numbers', r.next);
      const o = r.next;
      return {
        kind: 'SOA',
        mname: m.name,
        rname: r.name,
        serial: u32(bytes, o),
        refresh: u32(bytes, o + 4),
        retry: u32(bytes, o + 8),
        expire: u32(bytes, o + 12),
        minimum: u32(bytes, o + 16),
      };
    }
    case RR_TYPE.TSIG: {
      const alg = rdataName(bytes, start, end);
      let pos = alg.next;
      need(bytes, pos, 10, 'TSIG fields', end);
      const timeSigned = u16(bytes, pos) * 2 ** 32 + u32(bytes, pos + 2);
      const fudge = u16(bytes, pos + 6);
      const macSize = u16(bytes, pos + 8);
      pos += 10;
      need(bytes, pos, macSize + 6, 'TSIG MAC', end);
      const mac = bytes.slice(pos, pos + macSize);
      pos += macSize;
      const originalId = u16(bytes, pos);
      const error = u16(bytes, pos + 2);
      const otherLen = u16(bytes, pos + 4);
      pos += 6;
      if (pos + otherLen !== end) throw malformed('TSIG other data does not fill its RDATA', pos);
      return {
        kind: 'TSIG',
        algorithm: alg.name,
        timeSigned,
        fudge,
        mac,
        originalId,
        error,
        otherData: bytes.slice(pos, end),
      };
    }
    default:
      return undefined;
  }
}

function readRecords(bytes: Uint8Array, pos: number, count: number, out: DnsRecord[]): number {
  for (let i = 0; i < count; i++) {
    const offset = pos;
    const n = readName(bytes, pos);
    pos = n.next;
    need(bytes, pos, 10, 'record header');
    const type = u16(bytes, pos);
    const klass = u16(bytes, pos + 2);
    const ttl = u32(bytes, pos + 4);
    const rdlength = u16(bytes, pos + 8);
    pos += 10;
    need(bytes, pos, rdlength, 'RDATA');
    const data = decodeRdata(bytes, type, pos, pos + rdlength);
    out.push({
      name: n.name,
      type,
      class: klass,
      ttl,
      rdata: bytes.slice(pos, pos + rdlength),
      data,
      offset,
    });
    pos += rdlength;
  }
  return pos;
}

/**
 * Decodes a whole DNS message (RFC 1035 section 4.1), following compression pointers and checking
 * every length against the bytes present. Trailing bytes after the last record are an error.
 *
 * @throws ERR_ACME_DNS_BAD_RESPONSE (`details.reason: 'malformed'`, `details.offset`) for any byte
 *   string that is not a well-formed message; never another exception.
 * @see RFC 1035 section 4.1
 */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  need(bytes, 0, 12, 'header');
  const flags = u16(bytes, 2);
  const header: DnsHeader = {
    id: u16(bytes, 0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
  };
  const qd = u16(bytes, 4);
  const an = u16(bytes, 6);
  const ns = u16(bytes, 8);
  const ar = u16(bytes, 10);
  let pos = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    const n = readName(bytes, pos);
    pos = n.next;
    need(bytes, pos, 4, 'question');
    questions.push({ name: n.name, type: u16(bytes, pos), class: u16(bytes, pos + 2) });
    pos += 4;
  }
  const answers: DnsRecord[] = [];
  const authorities: DnsRecord[] = [];
  const additionals: DnsRecord[] = [];
  pos = readRecords(bytes, pos, an, answers);
  pos = readRecords(bytes, pos, ns, authorities);
  pos = readRecords(bytes, pos, ar, additionals);
  if (pos !== bytes.length) throw malformed('trailing octets after the last record', pos);
  return { header, questions, answers, authorities, additionals };
}
