import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OPCODE,
  RR_CLASS,
  RR_TYPE,
  rcodeName,
  tsigErrorName,
} from '../../../../src/acme/challenges/dns/dns-constants.js';
import { encodeMessage, txtRdata } from '../../../../src/acme/challenges/dns/dns-encode.js';
import { decodeMessage } from '../../../../src/acme/challenges/dns/dns-message.js';
import {
  encodeName,
  isSubdomain,
  namesEqual,
  readName,
} from '../../../../src/acme/challenges/dns/dns-name.js';
import { isCertkitError } from '../../../../src/errors/index.js';
import { thrownError } from '../../../helpers/coded-error.js';

/** A hand-made response with compression: question example.test SOA, answer SOA, TXT under it. */
function compressedResponse(): Uint8Array {
  const bytes = [
    0x12,
    0x34,
    0x84,
    0x00,
    0,
    1,
    0,
    2,
    0,
    0,
    0,
    0,
    // question at 12: example.test SOA IN
    7,
    ...Buffer.from('example'),
    4,
    ...Buffer.from('test'),
    0,
    0,
    6,
    0,
    1,
    // answer 1: name = pointer to 12, SOA IN ttl 60
    0xc0,
    12,
    0,
    6,
    0,
    1,
    0,
    0,
    0,
    60,
  ];
  const soa = [
    3,
    ...Buffer.from('ns1'),
    0xc0,
    12,
    0xc0,
    12,
    0,
    0,
    0,
    1,
    0,
    0,
    0x0e,
    0x10,
    0,
    0,
    2,
    0x58,
    0,
    1,
    0x51,
    0x80,
    0,
    0,
    0,
    60,
  ];
  bytes.push(0, soa.length, ...soa);
  // answer 2: _acme-challenge.<ptr 12> TXT IN ttl 60 with two strings
  const txt = [3, ...Buffer.from('abc'), 2, ...Buffer.from('de')];
  bytes.push(
    15,
    ...Buffer.from('_acme-challenge'),
    0xc0,
    12,
    0,
    16,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    txt.length,
    ...txt,
  );
  return Uint8Array.from(bytes);
}

describe('DNS names', () => {
  it('encodes labels with their lengths and a trailing root, with or without the final dot', () => {
    expect([...encodeName('a.bc')]).toEqual([1, 0x61, 2, 0x62, 0x63, 0]);
    expect([...encodeName('a.bc.')]).toEqual([1, 0x61, 2, 0x62, 0x63, 0]);
    expect([...encodeName('')]).toEqual([0]);
  });

  it('rejects empty labels, labels over 63 octets, names over 255 octets and non-ASCII with TypeError', () => {
    expect(() => encodeName('a..b')).toThrow(TypeError);
    expect(() => encodeName(`${'a'.repeat(64)}.test`)).toThrow(TypeError);
    expect(() => encodeName(Array(64).fill('abc').join('.'))).toThrow(TypeError);
    expect(() => encodeName('bücher.example')).toThrow(TypeError);
  });

  it('compares names case-insensitively and knows subdomains', () => {
    expect(namesEqual('Example.TEST.', 'example.test')).toBe(true);
    expect(isSubdomain('_acme-challenge.example.test', 'EXAMPLE.test')).toBe(true);
    expect(isSubdomain('example.test', 'example.test')).toBe(true);
    expect(isSubdomain('badexample.test', 'example.test')).toBe(false);
  });

  it('escapes dots, backslashes and unprintable octets inside labels', () => {
    const wire = Uint8Array.of(3, 0x61, 0x2e, 0x01, 1, 0x5c, 0);
    expect(readName(wire, 0)).toEqual({ name: 'a\\.\\001.\\\\', next: 7 });
  });

  it('rejects a compression pointer that points at itself or forwards', () => {
    expect(thrownError(() => readName(Uint8Array.of(0xc0, 0), 0)).details.reason).toBe('malformed');
    const forward = Uint8Array.of(0, 0, 0xc0, 4, 1, 0x61, 0);
    expect(thrownError(() => readName(forward, 2)).code).toBe('ERR_ACME_DNS_BAD_RESPONSE');
  });
});

describe('decodeMessage', () => {
  it('follows compression pointers in owner names and inside SOA RDATA, and splits TXT strings', () => {
    const m = decodeMessage(compressedResponse());
    expect(m.header).toMatchObject({ id: 0x1234, qr: true, aa: true, tc: false, opcode: 0, rcode: 0 });
    expect(m.questions).toEqual([{ name: 'example.test', type: RR_TYPE.SOA, class: RR_CLASS.IN }]);
    expect(m.answers[0]?.data).toEqual({
      kind: 'SOA',
      mname: 'ns1.example.test',
      rname: 'example.test',
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum: 60,
    });
    expect(m.answers[1]?.name).toBe('_acme-challenge.example.test');
    expect(m.answers[1]?.data).toEqual({ kind: 'TXT', strings: ['abc', 'de'] });
  });

  it('reports the offset where a truncated message ends', () => {
    const full = compressedResponse();
    const e = thrownError(() => decodeMessage(full.subarray(0, full.length - 3)));
    expect(e.code).toBe('ERR_ACME_DNS_BAD_RESPONSE');
    expect(e.details.reason).toBe('malformed');
    expect(typeof e.details.offset).toBe('number');
  });

  it('rejects trailing octets after the last record', () => {
    const full = compressedResponse();
    const longer = new Uint8Array(full.length + 1);
    longer.set(full);
    expect(thrownError(() => decodeMessage(longer)).details.reason).toBe('malformed');
  });

  it('round-trips what encodeMessage writes, TXT values over 255 octets split into strings', () => {
    const long = 'x'.repeat(300);
    const bytes = encodeMessage({
      id: 7,
      opcode: OPCODE.UPDATE,
      questions: [{ name: 'example.test', type: RR_TYPE.SOA, class: RR_CLASS.IN }],
      authorities: [
        {
          name: '_acme-challenge.example.test',
          type: RR_TYPE.TXT,
          class: RR_CLASS.IN,
          ttl: 60,
          rdata: txtRdata(long),
        },
        {
          name: '_acme-challenge.example.test',
          type: RR_TYPE.TXT,
          class: RR_CLASS.NONE,
          ttl: 0,
          rdata: txtRdata('v'),
        },
      ],
    });
    const m = decodeMessage(bytes);
    expect(m.header).toMatchObject({ id: 7, qr: false, opcode: OPCODE.UPDATE });
    expect(m.authorities.map((r) => [r.class, r.ttl, r.data])).toEqual([
      [RR_CLASS.IN, 60, { kind: 'TXT', strings: ['x'.repeat(255), 'x'.repeat(45)] }],
      [RR_CLASS.NONE, 0, { kind: 'TXT', strings: ['v'] }],
    ]);
  });

  it('names RCODEs and TSIG errors', () => {
    expect([rcodeName(5), rcodeName(9), rcodeName(10), rcodeName(15)]).toEqual([
      'REFUSED',
      'NOTAUTH',
      'NOTZONE',
      'RCODE15',
    ]);
    expect([tsigErrorName(16), tsigErrorName(17), tsigErrorName(18), tsigErrorName(0)]).toEqual([
      'BADSIG',
      'BADKEY',
      'BADTIME',
      'NOERROR',
    ]);
  });
});

function valueOrCertkitError(bytes: Uint8Array): void {
  try {
    decodeMessage(bytes);
  } catch (e) {
    if (!isCertkitError(e, 'ERR_ACME_DNS_BAD_RESPONSE')) throw e;
  }
}

describe('decodeMessage properties', () => {
  it('any byte string gives a message or ERR_ACME_DNS_BAD_RESPONSE, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => valueOrCertkitError(bytes)),
      { numRuns: 5_000 },
    );
  });

  it('any header followed by random bytes (counts that promise records) gives a message or a coded error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
        fc.uint8Array({ maxLength: 300 }),
        (counts, rest) => {
          const header = [0, 1, 0x80, 0, ...counts.flatMap((c) => [0, c])];
          valueOrCertkitError(Uint8Array.from([...header, ...rest]));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('a valid message with any bytes changed gives a message or a coded error', () => {
    const base = compressedResponse();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat({ max: base.length }),
        (edits, cut) => {
          const bytes = base.slice(0, Math.max(cut, 12));
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          valueOrCertkitError(bytes);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('encode then decode gives back the TXT records', () => {
    const label = fc.stringMatching(/^[a-z0-9_-]{1,20}$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.array(fc.string({ unit: fc.constantFrom(...'abcXYZ019-_'.split('')), maxLength: 600 }), {
          maxLength: 3,
        }),
        fc.integer({ min: 0, max: 0xffff }),
        (labels, values, id) => {
          const name = labels.join('.');
          const bytes = encodeMessage({
            id,
            opcode: OPCODE.QUERY,
            answers: values.map((v) => ({
              name,
              type: RR_TYPE.TXT,
              class: RR_CLASS.IN,
              ttl: 60,
              rdata: txtRdata(v),
            })),
          });
          const m = decodeMessage(bytes);
          expect(m.header.id).toBe(id);
          expect(m.answers.map((r) => (r.data?.kind === 'TXT' ? r.data.strings.join('') : null))).toEqual(
            values,
          );
          expect(m.answers.every((r) => r.name === name)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
