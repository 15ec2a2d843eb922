import { createCipheriv, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { parseServerFlight } from '../../src/tls/index.js';
import { parseCertificates } from '../../src/x509/index.js';
import { fixtureText } from '../helpers/fixtures.js';

// TLS presentation-language builders (RFC 8446 section 3).
type Bytes = readonly number[] | Uint8Array;
const cat = (...parts: Bytes[]): number[] => parts.flatMap((p) => [...p]);
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const u24 = (n: number): number[] => [n >> 16, (n >> 8) & 0xff, n & 0xff];
const vec = (prefix: 1 | 2 | 3, body: Bytes): number[] =>
  cat(prefix === 1 ? [body.length] : prefix === 2 ? u16(body.length) : u24(body.length), body);
const record = (type: number, body: Bytes): number[] => cat([type, 3, 3], u16(body.length), body);
const hs = (type: number, body: Bytes): number[] => cat([type], u24(body.length), body);
const HRR = Buffer.from('CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C', 'hex');

function serverHello(o: { tls13?: boolean; suite?: number; hrr?: boolean } = {}): number[] {
  const ext = o.tls13 ? cat(u16(43), vec(2, u16(0x0304))) : [];
  return hs(
    2,
    cat(
      u16(0x0303),
      o.hrr ? HRR : new Uint8Array(32).fill(7),
      vec(1, new Uint8Array(32)),
      u16(o.suite ?? 0xc02f),
      [0],
      vec(2, ext),
    ),
  );
}

const CHAIN = parseCertificates(fixtureText('x509', 'chain.pem'));
const DERS = CHAIN.map((c) => c.der);
const NAMES = CHAIN.map((c) => c.issuer);

const certificate12 = (ders: readonly Uint8Array[]): number[] =>
  hs(11, vec(3, cat(...ders.map((d) => vec(3, d)))));
const certificateRequest12 = (names: readonly Bytes[]): number[] =>
  hs(
    13,
    cat(vec(1, [1, 64]), vec(2, cat(u16(0x0403), u16(0x0804))), vec(2, cat(...names.map((n) => vec(2, n))))),
  );
const SERVER_HELLO_DONE = hs(14, []);

function tls12Flight(o: { request?: boolean } = {}): number[] {
  const messages = cat(
    serverHello(),
    certificate12(DERS),
    hs(12, [3, 0, 23, 1, 4]),
    ...(o.request ? [certificateRequest12(NAMES.map((n) => n.der))] : []),
    SERVER_HELLO_DONE,
  );
  return record(22, messages);
}

function expectCode(run: () => unknown, code: string): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(isCertkitError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

describe('parseServerFlight, TLS 1.2 (plaintext)', () => {
  it('reads the chain and the CertificateRequest with its CA names', () => {
    const flight = parseServerFlight(Uint8Array.from(tls12Flight({ request: true })));
    expect(flight).toMatchObject({ version: 'TLSv1.2', cipherSuite: 0xc02f, readable: true, complete: true });
    expect(flight.certificates.map((d) => Buffer.from(d).toString('hex'))).toEqual(
      DERS.map((d) => Buffer.from(d).toString('hex')),
    );
    expect(flight.certificateRequest?.certificateTypes).toEqual([1, 64]);
    expect(flight.certificateRequest?.signatureAlgorithms).toEqual([0x0403, 0x0804]);
    expect(flight.certificateRequest?.authorities.map((n) => n.toString())).toEqual(
      NAMES.map((n) => n.toString()),
    );
  });

  it('without a CertificateRequest there is none', () => {
    expect(parseServerFlight(Uint8Array.from(tls12Flight())).certificateRequest).toBeUndefined();
  });

  it('reassembles messages split over records, one byte per record', () => {
    const [, , , , , ...messages] = tls12Flight({ request: true });
    const split = cat(...messages.map((b) => record(22, [b])));
    const flight = parseServerFlight(Uint8Array.from(split));
    expect(flight.certificateRequest?.authorities).toHaveLength(NAMES.length);
  });

  it('stops at ServerHelloDone and does not read what follows', () => {
    const flight = parseServerFlight(Uint8Array.from(cat(tls12Flight(), [0xff, 0xff, 0xff])));
    expect(flight.complete).toBe(true);
  });

  it('a truncated record, header or flight is ERR_TLS_PROBE_TRUNCATED', () => {
    const full = tls12Flight();
    expectCode(
      () => parseServerFlight(Uint8Array.from(full.slice(0, full.length - 1))),
      'ERR_TLS_PROBE_TRUNCATED',
    );
    expectCode(() => parseServerFlight(Uint8Array.from(full.slice(0, 3))), 'ERR_TLS_PROBE_TRUNCATED');
    expectCode(() => parseServerFlight(new Uint8Array(0)), 'ERR_TLS_PROBE_TRUNCATED');
    const noDone = record(22, cat(serverHello(), certificate12(DERS)));
    expectCode(() => parseServerFlight(Uint8Array.from(noDone)), 'ERR_TLS_PROBE_TRUNCATED');
  });

  it('a 200 KiB message cut into 1-octet records is read (joined per message, not per record)', () => {
    const big = new Uint8Array(200 * 1024).fill(0x30);
    const messages = cat(serverHello(), certificate12([big]), SERVER_HELLO_DONE);
    const bytes = new Uint8Array(messages.length * 6);
    for (const [i, b] of messages.entries()) bytes.set([22, 3, 3, 0, 1, b], i * 6);
    const flight = parseServerFlight(bytes);
    expect(flight.complete).toBe(true);
    expect(flight.certificates[0]).toHaveLength(big.length);
  });

  it('oversize lengths are ERR_TLS_PROBE_TOO_LARGE before anything is read', () => {
    expectCode(() => parseServerFlight(Uint8Array.from([22, 3, 3, 0xff, 0xff])), 'ERR_TLS_PROBE_TOO_LARGE');
    // A plaintext record over 2^14 octets (RFC 8446 section 5.1).
    expectCode(
      () => parseServerFlight(Uint8Array.from(record(22, new Uint8Array(2 ** 14 + 1)))),
      'ERR_TLS_PROBE_TOO_LARGE',
    );
    // A handshake message claiming 16 MiB.
    expectCode(
      () => parseServerFlight(Uint8Array.from(record(22, [2, 0xff, 0xff, 0xff]))),
      'ERR_TLS_PROBE_TOO_LARGE',
    );
  });

  it('wrong types and orders are ERR_TLS_PROBE_MALFORMED, each for its reason', () => {
    const notAName = certificateRequest12([[0x30, 0x03, 0x02, 0x01, 0x00]]);
    const bad: [number[], RegExp][] = [
      [record(99, [0]), /content type 99/],
      [record(22, SERVER_HELLO_DONE), /not ServerHello/],
      [
        record(22, cat(serverHello(), certificateRequest12([]), certificate12(DERS), SERVER_HELLO_DONE)),
        /type 11 is unexpected/,
      ],
      [record(22, cat(serverHello(), certificate12(DERS), certificate12(DERS))), /type 11 is unexpected/],
      [record(22, cat(serverHello(), hs(14, [0]))), /ServerHelloDone is not empty/],
      [record(23, [1, 2, 3]), /content type 23 is unexpected/],
      [record(22, cat(serverHello(), certificate12(DERS), notAName, SERVER_HELLO_DONE)), /not a DER Name/],
      [
        record(22, cat(serverHello(), hs(11, vec(3, vec(3, []))), SERVER_HELLO_DONE)),
        /cert_data is 0 octets/,
      ],
      [record(22, cat(serverHello(), hs(11, cat(u24(100), [0])), SERVER_HELLO_DONE)), /needs 100 octets/],
      [record(22, hs(2, cat(u16(0x0302), new Uint8Array(32), [0], u16(0x2f), [0]))), /version 0x302/],
      [record(22, []), /empty handshake record/],
      [record(21, [2]), /alert of 1 octets/],
    ];
    for (const [bytes, reason] of bad) {
      expectCode(() => parseServerFlight(Uint8Array.from(bytes)), 'ERR_TLS_PROBE_MALFORMED');
      expect(() => parseServerFlight(Uint8Array.from(bytes))).toThrow(reason);
    }
  });

  it('an alert before the certificate is ERR_TLS_PROBE_HANDSHAKE_FAILED with the alert', () => {
    let caught: unknown;
    try {
      parseServerFlight(Uint8Array.from(record(21, [2, 40])));
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({
      code: 'ERR_TLS_PROBE_HANDSHAKE_FAILED',
      details: { alert: { level: 2, description: 40 } },
    });
  });

  it('an alert after the certificate ends the flight with what was read', () => {
    const bytes = cat(record(22, cat(serverHello(), certificate12(DERS))), record(21, [2, 40]));
    const flight = parseServerFlight(Uint8Array.from(bytes));
    expect(flight).toMatchObject({ complete: false, alert: { level: 2, description: 40 } });
    expect(flight.certificates).toHaveLength(DERS.length);
  });
});

// TLS 1.3: the test encrypts its own flight with the RFC 8446 section 7.3 key schedule.
function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`);
  const info = Buffer.from([...u16(length), full.length, ...full, 0]);
  return createHmac('sha256', secret)
    .update(info)
    .update(Buffer.from([1]))
    .digest()
    .subarray(0, length);
}

function encrypted(secret: Buffer, innerRecords: readonly number[][]): number[] {
  const key = expandLabel(secret, 'key', 16);
  const iv = expandLabel(secret, 'iv', 12);
  return cat(
    ...innerRecords.map((inner, seq) => {
      const nonce = Buffer.from(iv);
      nonce[11] = nonce[11]! ^ seq;
      const header = Buffer.from([23, 3, 3, ...u16(inner.length + 16)]);
      const cipher = createCipheriv('aes-128-gcm', key, nonce).setAAD(header);
      const body = Buffer.concat([cipher.update(Buffer.from(inner)), cipher.final(), cipher.getAuthTag()]);
      return cat(header, body);
    }),
  );
}

describe('parseServerFlight, TLS 1.3 (encrypted)', () => {
  const secret = Buffer.alloc(32, 0x42);
  const certificate13 = hs(11, cat(vec(1, []), vec(3, cat(...DERS.map((d) => cat(vec(3, d), vec(2, [])))))));
  const request13 = (names: readonly Bytes[]) =>
    hs(
      13,
      cat(
        vec(1, []),
        vec(
          2,
          cat(
            u16(13),
            vec(2, vec(2, u16(0x0804))),
            u16(47),
            vec(2, vec(2, cat(...names.map((n) => vec(2, n))))),
          ),
        ),
      ),
    );
  const plain = cat(record(22, serverHello({ tls13: true, suite: 0x1301 })), record(20, [1]));
  // Inner plaintext: content, content type, zero padding (RFC 8446 section 5.2).
  const inner = cat(hs(8, vec(2, [])), request13(NAMES.map((n) => n.der)), certificate13, [22], [0, 0, 0]);
  const tail = cat(hs(15, cat(u16(0x0804), vec(2, [1]))), hs(20, new Uint8Array(32)), [22]);

  it('reads CertificateRequest and Certificate with the handshake secret', () => {
    const bytes = Uint8Array.from(cat(plain, encrypted(secret, [inner, tail])));
    const flight = parseServerFlight(bytes, { serverHandshakeSecret: secret });
    expect(flight).toMatchObject({ version: 'TLSv1.3', cipherSuite: 0x1301, readable: true, complete: true });
    expect(flight.certificates).toHaveLength(DERS.length);
    expect(flight.certificateRequest?.signatureAlgorithms).toEqual([0x0804]);
    expect(flight.certificateRequest?.authorities.map((n) => n.toString())).toEqual(
      NAMES.map((n) => n.toString()),
    );
  });

  it('without the secret says the encrypted part was not read', () => {
    const flight = parseServerFlight(Uint8Array.from(cat(plain, encrypted(secret, [inner, tail]))));
    expect(flight).toMatchObject({ readable: false, certificates: [] });
    expect(flight.certificateRequest).toBeUndefined();
  });

  it('a wrong secret or a flipped bit is ERR_TLS_PROBE_MALFORMED (does not authenticate)', () => {
    const bytes = cat(plain, encrypted(secret, [inner, tail]));
    expectCode(
      () => parseServerFlight(Uint8Array.from(bytes), { serverHandshakeSecret: Buffer.alloc(32, 1) }),
      'ERR_TLS_PROBE_MALFORMED',
    );
    const flipped = Uint8Array.from(bytes);
    flipped[plain.length + 10]! ^= 1;
    expectCode(
      () => parseServerFlight(flipped, { serverHandshakeSecret: secret }),
      'ERR_TLS_PROBE_MALFORMED',
    );
  });

  it('a plaintext handshake record after ServerHello is ERR_TLS_PROBE_MALFORMED', () => {
    const bytes = cat(plain, record(22, hs(8, vec(2, []))));
    expectCode(
      () => parseServerFlight(Uint8Array.from(bytes), { serverHandshakeSecret: secret }),
      'ERR_TLS_PROBE_MALFORMED',
    );
  });

  it('a HelloRetryRequest is followed by the real ServerHello; a second one is refused', () => {
    const hrr = record(22, serverHello({ tls13: true, suite: 0x1301, hrr: true }));
    const flight = parseServerFlight(Uint8Array.from(cat(hrr, plain, encrypted(secret, [inner, tail]))), {
      serverHandshakeSecret: secret,
    });
    expect(flight.complete).toBe(true);
    expectCode(() => parseServerFlight(Uint8Array.from(cat(hrr, hrr))), 'ERR_TLS_PROBE_MALFORMED');
  });
});

describe('parseServerFlight on hostile bytes', () => {
  function outcome(bytes: Uint8Array, secret?: Uint8Array): void {
    try {
      parseServerFlight(bytes, secret === undefined ? {} : { serverHandshakeSecret: secret });
    } catch (e) {
      if (!isCertkitError(e)) throw e;
    }
  }
  const seeds = [tls12Flight({ request: true })];

  it('any bytes give a value or a CertkitError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 })),
        (b, s) => outcome(b, s ?? undefined),
      ),
      { numRuns: 500 },
    );
  });

  it('mutated real flights give a value or a CertkitError', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
      )
      .map(([seed, edits, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [at, v] of edits) b[at % b.length] = v;
        return b.subarray(0, b.length - (cut % 64));
      });
    fc.assert(
      fc.property(mutated, (b) => outcome(b)),
      { numRuns: 800 },
    );
  });
});
