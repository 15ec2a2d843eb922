import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derNull, derOctetString, derOid, derSequence } from '../../../src/internal/der/index.js';
import { readJks } from '../../../src/stores/index.js';
import { chainCerts, codeOf, rsaKey, rsaLeaf } from './fixtures.js';

// Hand-built JKS stores, for what keytool 17 no longer writes: version 1 (no certificate type strings)
// and aliases outside ASCII (modified UTF-8). The protection follows OpenJDK's KeyProtector.

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const utf = (s: string) => {
  const b = Buffer.from(s, 'utf8'); // equals modified UTF-8 for these strings (no NUL, no astral chars)
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};
const pw16 = (s: string) => Buffer.from(s, 'utf16le').swap16();

function protect(pkcs8: Uint8Array, password: string): Uint8Array {
  const pw = pw16(password);
  const salt = randomBytes(20);
  const out = Buffer.alloc(pkcs8.length);
  let d: Buffer = salt;
  for (let at = 0; at < pkcs8.length; at += 20) {
    d = createHash('sha1').update(pw).update(d).digest();
    for (let i = 0; i < 20 && at + i < pkcs8.length; i++) out[at + i] = pkcs8[at + i]! ^ d[i]!;
  }
  const check = createHash('sha1').update(pw).update(pkcs8).digest();
  const alg = derSequence(derOid('1.3.6.1.4.1.42.2.17.1.1'), derNull());
  return derSequence(alg, derOctetString(Buffer.concat([salt, out, check])));
}

function jks(version: 1 | 2, storePassword: string, entries: Buffer[]): Buffer {
  const body = Buffer.concat([u32(0xfeedfeed), u32(version), u32(entries.length), ...entries]);
  const digest = createHash('sha1')
    .update(pw16(storePassword))
    .update('Mighty Aphrodite', 'utf8')
    .update(body)
    .digest();
  return Buffer.concat([body, digest]);
}

const cert = (version: 1 | 2, der: Uint8Array) =>
  Buffer.concat([version === 2 ? utf('X.509') : Buffer.alloc(0), u32(der.length), der]);
const time = Buffer.alloc(8);

describe('readJks: hand-built stores', () => {
  for (const version of [1, 2] as const) {
    it(`version ${version}: a key entry with a chain and a trusted entry, non-ASCII aliases`, () => {
      const key = rsaKey();
      const pkcs8 = new Uint8Array(key.toKeyObject().export({ type: 'pkcs8', format: 'der' }));
      const chain = [rsaLeaf(), ...chainCerts()];
      const keyEntry = Buffer.concat([
        u32(1),
        utf('schlüssel'),
        time,
        u32(protect(pkcs8, 'kpw').length),
        protect(pkcs8, 'kpw'),
        u32(chain.length),
        ...chain.map((c) => cert(version, c.der)),
      ]);
      const trustedEntry = Buffer.concat([u32(2), utf('wurzel-ç'), time, cert(version, chain[2]!.der)]);
      const store = jks(version, 'spw', [keyEntry, trustedEntry]);
      const { keys, trusted } = readJks(store, { storePassword: 'spw', keyPassword: 'kpw' });
      expect(keys.map((k) => k.alias)).toEqual(['schlüssel']);
      expect(keys[0]!.privateKey.publicKey.equals(key.publicKey)).toBe(true);
      expect(keys[0]!.chain.map((c) => c.sha256Fingerprint)).toEqual(chain.map((c) => c.sha256Fingerprint));
      expect(trusted.map((t) => t.alias)).toEqual(['wurzel-ç']);
      expect(codeOf(() => readJks(store, { storePassword: 'spw', keyPassword: 'nope' }))).toBe(
        'ERR_JKS_BAD_KEY_PASSWORD',
      );
    });
  }

  it('unknown versions, entry tags and certificate types are coded errors', () => {
    const der = rsaLeaf().der;
    expect(codeOf(() => readJks(jks(3 as 2, 'p', []), { storePassword: 'p' }))).toBe('ERR_JKS_UNSUPPORTED');
    const badTag = Buffer.concat([u32(7), utf('x'), time]);
    expect(codeOf(() => readJks(jks(2, 'p', [badTag]), { storePassword: 'p' }))).toBe('ERR_JKS_MALFORMED');
    const x400 = Buffer.concat([u32(2), utf('x'), time, utf('X.400'), u32(der.length), der]);
    expect(codeOf(() => readJks(jks(2, 'p', [x400]), { storePassword: 'p' }))).toBe('ERR_JKS_UNSUPPORTED');
    const hugeCount = Buffer.concat([u32(0xfeedfeed), u32(2), u32(0xffffffff), Buffer.alloc(20)]);
    expect(codeOf(() => readJks(hugeCount, { storePassword: 'p' }))).toBe('ERR_JKS_MALFORMED');
  });
});
