import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import {
  Certificate,
  CertificateRequest,
  CertificateRevocationList,
  DistinguishedName,
  parseCertificates,
  parseCrl,
  parseCsr,
} from '../../src/x509/index.js';
import { CERT_GETTERS, CRL_GETTERS, CSR_GETTERS } from '../fuzz/lib/targets.js';
import { readFixture } from './helpers/fixtures.js';

/** Calls `f`; anything thrown must be a certkit error. Returns whether it succeeded. */
function tolerated(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return false;
  }
}

function touchName(dn: {
  toString(): string;
  toOpenSslString(): string;
  canonical: string;
  get(n: string): string[];
}) {
  dn.toString();
  dn.toOpenSslString();
  void dn.canonical;
  dn.get('CN');
}

function exerciseCertificate(bytes: Uint8Array): void {
  let cert: Certificate;
  if (!tolerated(() => (cert = Certificate.fromDer(bytes)))) return;
  for (const g of CERT_GETTERS) tolerated(() => cert[g]);
  tolerated(() => touchName(cert.subject));
  tolerated(() => touchName(cert.issuer));
  tolerated(() => {
    for (const n of cert.subjectAltNames) if (n.type === 'directory') touchName(n.value);
  });
  tolerated(() => cert.publicKey.bits);
  tolerated(() => cert.publicKey.rsa);
  tolerated(() => cert.isSelfSigned());
  tolerated(() => cert.status({ at: new Date(0) }));
  tolerated(() => cert.verifySignature(cert.publicKey));
  tolerated(() => JSON.stringify(cert));
  tolerated(() => inspect(cert));
}

function exerciseCsr(bytes: Uint8Array): void {
  let csr: CertificateRequest;
  if (!tolerated(() => (csr = CertificateRequest.fromDer(bytes)))) return;
  for (const g of CSR_GETTERS) {
    tolerated(() => csr[g]);
  }
  tolerated(() => touchName(csr.subject));
  tolerated(() => csr.verifySignature());
  tolerated(() => JSON.stringify(csr));
  tolerated(() => inspect(csr));
}

function exerciseCrl(bytes: Uint8Array): void {
  let crl: CertificateRevocationList;
  if (!tolerated(() => (crl = CertificateRevocationList.fromDer(bytes)))) return;
  for (const g of CRL_GETTERS) {
    tolerated(() => crl[g]);
  }
  tolerated(() => touchName(crl.issuer));
  tolerated(() => crl.findRevoked('01'));
  tolerated(() => crl.isStale(new Date(0)));
  tolerated(() => crl.verifySignature(INTERMEDIATE_KEY));
  tolerated(() => JSON.stringify(crl));
  tolerated(() => inspect(crl));
}

const SEEDS = {
  certificates: [
    'leaf-full.der',
    'v1.pem',
    'rsa-signed-pss.pem',
    'intermediate-ca.pem',
    'names.pem',
    'ed448.pem',
  ].map((f) =>
    f.endsWith('.der') ? new Uint8Array(readFixture(f)) : parseCertificates(readFixture(f))[0]!.der,
  ),
  csr: [parseCsr(readFixture('request.csr')).der],
  crl: [parseCrl(readFixture('intermediate.crl')).der],
};

/** A real DER object with a few bytes overwritten, inserted or removed. */
function mutated(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(
        fc.record({
          kind: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([seed, edits]) => {
      let b = Array.from(seed);
      for (const e of edits) {
        const at = e.at % Math.max(b.length, 1);
        if (e.kind === 'set') b[at] = e.byte;
        else if (e.kind === 'insert') b.splice(at, 0, e.byte);
        else if (e.kind === 'delete') b.splice(at, 1);
        else b = b.slice(0, at);
      }
      return Uint8Array.from(b);
    });
}

const NUM_RUNS = 400;
const INTERMEDIATE_KEY = parseCertificates(readFixture('intermediate-ca.pem'))[0]!.publicKey;

describe('parsers never throw anything but certkit errors', () => {
  it('Certificate.fromDer and every getter, on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => exerciseCertificate(b)),
      { numRuns: NUM_RUNS },
    );
  });

  it('Certificate.fromDer and every getter, on mutated real certificates', () => {
    fc.assert(
      fc.property(mutated(SEEDS.certificates), (b) => exerciseCertificate(b)),
      { numRuns: NUM_RUNS * 3 },
    );
  });

  it('parseCsr / CertificateRequest, on random and mutated bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => exerciseCsr(b)),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(mutated(SEEDS.csr), (b) => exerciseCsr(b)),
      { numRuns: NUM_RUNS * 2 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (b) => {
        tolerated(() => parseCsr(b));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('parseCrl / CertificateRevocationList, on random and mutated bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => exerciseCrl(b)),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(mutated(SEEDS.crl), (b) => exerciseCrl(b)),
      { numRuns: NUM_RUNS * 2 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (b) => {
        tolerated(() => parseCrl(b));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('parseCertificates on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        tolerated(() => parseCertificates(`-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`));
        tolerated(() => parseCertificates(s));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('DistinguishedName.fromDer on random bytes, and a UniversalString that is not Unicode (kept as bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        tolerated(() => touchName(DistinguishedName.fromDer(b)));
      }),
      { numRuns: NUM_RUNS },
    );
    // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UniversalString 0xFFFFFFFF } } }
    const bad = Uint8Array.of(
      0x30,
      0x0f,
      0x31,
      0x0d,
      0x30,
      0x0b,
      0x06,
      0x03,
      0x55,
      0x04,
      0x03,
      0x1c,
      0x04,
      0xff,
      0xff,
      0xff,
      0xff,
    );
    // Not Unicode: kept as the exact bytes (RFC 4514 hex form), never decoded lossily.
    const dn = DistinguishedName.fromDer(bad);
    expect(dn.rdns[0]![0]).toMatchObject({ value: '#1c04ffffffff', problem: 'encoding' });
    expect(dn.toString()).toBe('CN=#1c04ffffffff');
  });

  it('mutations are not all rejected: some still parse and decode fields', () => {
    let parsed = 0;
    fc.assert(
      fc.property(mutated(SEEDS.certificates), (b) => {
        if (tolerated(() => Certificate.fromDer(b).subject.toString())) parsed++;
      }),
      { numRuns: 200 },
    );
    expect(parsed).toBeGreaterThan(0);
  });
});
