import { describe, expect, it } from 'vitest';
import { readPemBundle, writePemBundle } from '../../../src/stores/index.js';
import { hasPeerTool, run } from '../../helpers/peer-tools.js';
import { codeOf, rsaKey, rsaLeaf, text } from './fixtures.js';

describe('readPemBundle', () => {
  it('key + chain: one key entry, leaf first, issuers in order; alias from the leaf CN', () => {
    const { keys, trusted } = readPemBundle(text('rsa-bundle.pem'));
    expect(trusted).toEqual([]);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.alias).toBe('rsa.example.test');
    expect(keys[0]!.privateKey.publicKey.equals(rsaKey().publicKey)).toBe(true);
    expect(keys[0]!.chain.map((c) => c.subject.commonName)).toEqual([
      'rsa.example.test',
      'certkit Test Intermediate',
      'certkit Test Root',
    ]);
  });

  it('orders a shuffled bundle (root, key, intermediate, leaf) and takes an alias option', () => {
    const shuffled = text('root.pem') + text('rsa.key.pem') + text('inter.pem') + text('rsa.pem');
    const { keys } = readPemBundle(shuffled, { alias: 'web' });
    expect(keys[0]!.alias).toBe('web');
    expect(keys[0]!.chain.map((c) => c.subject.commonName)).toEqual([
      'rsa.example.test',
      'certkit Test Intermediate',
      'certkit Test Root',
    ]);
  });

  it('a CA bundle is a truststore: every certificate trusted, aliases from the CN, unique', () => {
    const dup = text('ca-bundle.pem') + text('root.pem');
    const { keys, trusted } = readPemBundle(dup);
    expect(keys).toEqual([]);
    expect(trusted.map((t) => t.alias)).toEqual([
      'certkit Test Root',
      'certkit Other Root',
      'certkit Test Intermediate',
      'certkit Test Root-2',
    ]);
  });

  it('several keys, nothing useful, and an encrypted key without its password are coded errors', () => {
    expect(codeOf(() => readPemBundle(text('rsa.key.pem') + text('ec.key.pem') + text('rsa.pem')))).toBe(
      'ERR_PEM_BUNDLE_SEVERAL_KEYS',
    );
    const csrLike = '-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n';
    expect(codeOf(() => readPemBundle(csrLike))).toBe('ERR_PEM_BUNDLE_EMPTY');
    const encrypted = writePemBundle(readPemBundle(text('rsa-bundle.pem')).keys[0]!, {
      password: 'pw',
      iterations: 1000,
    });
    expect(codeOf(() => readPemBundle(encrypted))).toBe('ERR_KEY_ENCRYPTED');
    expect(readPemBundle(encrypted, { password: 'pw' }).keys[0]!.chain).toHaveLength(3);
  });
});

describe('writePemBundle', () => {
  it('key then chain; read back equals what went in', () => {
    const entry = readPemBundle(text('rsa-bundle.pem')).keys[0]!;
    const pem = writePemBundle(entry);
    expect(pem.indexOf('PRIVATE KEY')).toBeLessThan(pem.indexOf('CERTIFICATE'));
    const back = readPemBundle(pem).keys[0]!;
    expect(back.privateKey.publicKey.equals(entry.privateKey.publicKey)).toBe(true);
    expect(back.chain.map((c) => c.sha256Fingerprint)).toEqual(entry.chain.map((c) => c.sha256Fingerprint));
  });

  it.skipIf(!hasPeerTool('openssl', 'openssl'))('openssl reads the key and the leaf', () => {
    const pem = writePemBundle(readPemBundle(text('rsa-bundle.pem')).keys[0]!, {
      password: 'pw',
      iterations: 2048,
    });
    const pub = run('openssl', ['pkey', '-passin', 'pass:pw', '-pubout'], pem);
    const leafPub = run('openssl', ['x509', '-noout', '-pubkey'], pem);
    expect(pub).toBe(leafPub);
    expect(run('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], pem)).toContain(
      rsaLeaf().sha256Fingerprint,
    );
  });
});
