import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import { parseCertificate } from '../../src/x509/index.js';
import { mint, simpleChain } from '../helpers/make-certs.js';
import { privateKeyOf } from './store-fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'stores');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const FAST = 1000; // PBKDF2 iterations for test files (the default is 600,000)

let two: Keystore;

beforeAll(async () => {
  const a = await simpleChain('a.example.com');
  const b = await mint({ subject: 'CN=b.example.com', issuer: a.inter, san: [{ dns: 'b.example.com' }] });
  const trust = { trust: [a.root.cert] };
  two = Keystore.empty()
    .withEntry(
      'a',
      { privateKey: await privateKeyOf(a.leaf), chain: [a.leaf.cert, a.inter.cert, a.root.cert] },
      trust,
    )
    .withEntry('b', { privateKey: await privateKeyOf(b), chain: [b.cert, a.inter.cert, a.root.cert] }, trust);
});

describe('PKCS#12', () => {
  it('Keystore.toPkcs12 → Keystore.fromPkcs12 round-trips with equal fingerprints (modern and legacy)', () => {
    for (const profile of ['modern', 'legacy'] as const) {
      const p12 = two.toPkcs12({ password: 'pässwörd', profile, iterations: FAST });
      const back = Keystore.fromPkcs12(p12, { password: 'pässwörd' });
      expect([...back.aliases].sort()).toEqual(['a', 'b']);
      expect(back.equals(two)).toBe(true);
      expect(two.diff(back).equal).toBe(true);
      expect(back.entry('a').chain.map((c) => c.sha256Fingerprint)).toEqual(
        two.entry('a').chain.map((c) => c.sha256Fingerprint),
      );
    }
  });

  it('a wrong password is the reader’s ERR_PKCS12_BAD_PASSWORD, and the password is not in the error', () => {
    const p12 = two.toPkcs12({ password: 'right-one', iterations: FAST });
    let e: unknown;
    try {
      Keystore.fromPkcs12(p12, { password: 'wrong-one' });
    } catch (err) {
      e = err;
    }
    expect(isCertkitError(e) && e.code).toBe('ERR_PKCS12_BAD_PASSWORD');
    expect(JSON.stringify(e)).not.toContain('wrong-one');
    expect(JSON.stringify(e)).not.toContain('right-one');
  });

  it('reads what openssl wrote, and the upload checks pass on it with its root as trust', () => {
    const rootCert = parseCertificate(text('root.pem'));
    for (const file of ['openssl-modern-rsa.p12', 'openssl-legacy-ec.p12']) {
      const ks = Keystore.fromPkcs12(fixture(file), { password: 'changeit', checks: { trust: [rootCert] } });
      expect(ks.size).toBe(1);
      expect(ks.check({ trust: [rootCert] }).filter((f) => f.severity === 'blocking')).toEqual([]);
    }
  });

  it('Truststore.toPkcs12 → fromPkcs12, and the certificates of an openssl -nokeys file', () => {
    const ts = Truststore.fromPemBundle(text('ca-bundle.pem'));
    const back = Truststore.fromPkcs12(ts.toPkcs12({ password: 'pw', iterations: FAST }), { password: 'pw' });
    expect(back.certificates.map((c) => c.sha256Fingerprint).sort()).toEqual(
      ts.certificates.map((c) => c.sha256Fingerprint).sort(),
    );
    const fromOpenssl = Truststore.fromPkcs12(fixture('openssl-certs-only.p12'), { password: 'changeit' });
    expect(fromOpenssl.size).toBe(ts.size);
    for (const c of ts.certificates) expect(fromOpenssl.contains(c)).toBe(true);
  });
});

describe('JKS', () => {
  it('Keystore.fromJks and Truststore.fromJks split key and trusted entries', () => {
    const bytes = fixture('keytool.jks');
    const keyPassword = (a: string) => (a === 'ec-key' ? 'storepass' : 'keypass');
    const ks = Keystore.fromJks(bytes, { storePassword: 'storepass', keyPassword });
    expect([...ks.aliases].sort()).toEqual(['ec-key', 'rsa-key', 'server']);
    const ts = Truststore.fromJks(bytes, { storePassword: 'storepass', keyPassword });
    expect(ts.aliases).toEqual(['trusted-root']);
    expect(ts.certificate('trusted-root').sha256Fingerprint).toBe(
      parseCertificate(text('root.pem')).sha256Fingerprint,
    );
  });
});

describe('PEM bundles', () => {
  it('Keystore.fromPemBundle → toPemBundle → fromPemBundle, plain and encrypted', () => {
    const ks = Keystore.fromPemBundle(text('rsa-bundle.pem'), { alias: 'rsa' });
    expect(ks.aliases).toEqual(['rsa']);
    const plain = ks.toPemBundle('rsa');
    expect(Keystore.fromPemBundle(plain, { alias: 'rsa' }).equals(ks)).toBe(true);
    const encrypted = ks.toPemBundle('rsa', { password: 'pem-pw', iterations: FAST });
    expect(encrypted).toContain('ENCRYPTED PRIVATE KEY');
    expect(Keystore.fromPemBundle(encrypted, { alias: 'rsa', password: 'pem-pw' }).equals(ks)).toBe(true);
    expect(() => ks.toPemBundle('nope')).toThrow(
      expect.objectContaining({ code: 'ERR_STORE_ALIAS_NOT_FOUND' }),
    );
  });

  it('Truststore.fromPemBundle → toPem → fromPemBundle is equal', () => {
    const ts = Truststore.fromPemBundle(text('ca-bundle.pem'));
    expect(ts.size).toBeGreaterThan(1);
    expect(Truststore.fromPemBundle(ts.toPem()).certificates.map((c) => c.sha256Fingerprint)).toEqual(
      ts.certificates.map((c) => c.sha256Fingerprint),
    );
  });
});

describe('a store read from a file in the registry', () => {
  it('re-points from an openssl-made store to the same entry re-serialised by certkit', () => {
    const fromOpenssl = Keystore.fromPkcs12(fixture('openssl-modern-rsa.p12'), { password: 'changeit' });
    const rewritten = Keystore.fromPkcs12(fromOpenssl.toPkcs12({ password: 'x', iterations: FAST }), {
      password: 'x',
    });
    const registry = new StoreRegistry();
    registry.putKeystore('v1', fromOpenssl);
    registry.putKeystore('v2', rewritten);
    registry.putTruststore('roots', Truststore.fromPemBundle(text('root.pem')));
    registry.defineReference('ref://tls', 'v1', { trustStore: 'roots' });
    const r = registry.repoint('ref://tls', 'v2');
    expect(r.report.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    expect(registry.resolveKeystore('ref://tls').equals(fromOpenssl)).toBe(true);
  });
});
