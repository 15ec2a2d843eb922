import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { exportPrivateKey, type PrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import {
  bytes,
  KEY_TYPES,
  LEGACY_FIXTURES,
  PASSWORD,
  PKCS8_SCHEMES,
  text,
  UTF8_PASSWORD,
} from './fixtures.js';

/**
 * Secret forms of a key: the PKCS#8 DER as base64, hex and PEM body lines, and its private part
 * (the bytes after the algorithm identifier), so that a leak of any encoding is caught.
 */
function secretForms(key: PrivateKey): string[] {
  const der = Buffer.from(key.toKeyObject().export({ type: 'pkcs8', format: 'der' }));
  const pem = key.toKeyObject().export({ type: 'pkcs8', format: 'pem' }) as string;
  const body = pem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
  const tail = der.subarray(der.length - 24);
  let d = '';
  try {
    const jwk = key.toKeyObject().export({ format: 'jwk' });
    d = typeof jwk.d === 'string' ? jwk.d : '';
  } catch {
    // Node has no JWK form for RSA-PSS keys; the DER forms above cover them.
  }
  return [
    der.toString('base64').slice(40, 80),
    der.toString('hex').slice(80, 160),
    tail.toString('hex'),
    tail.toString('base64'),
    ...body.slice(1, 3),
    d.slice(0, 24),
    Buffer.from(d, 'base64url').toString('hex').slice(0, 32),
  ].filter((s) => s.length >= 16);
}

function outputs(key: PrivateKey): string[] {
  return [
    JSON.stringify(key),
    JSON.stringify({ nested: { key } }),
    inspect(key),
    inspect(key, { depth: 10, showHidden: true }),
    inspect({ key }, { depth: 10 }),
    String(key),
    `${key}`,
    Object.keys(key).join(','),
    JSON.stringify(Object.entries(key)),
  ];
}

function expectNoSecret(haystacks: string[], secrets: string[]): void {
  for (const h of haystacks) {
    for (const s of secrets)
      expect(h.includes(s), `leaked ${s.slice(0, 8)}… in ${h.slice(0, 60)}`).toBe(false);
  }
}

describe('a PrivateKey never shows its key material', () => {
  for (const t of KEY_TYPES) {
    it(`${t.type}: JSON.stringify, util.inspect and String() show facts only`, () => {
      const key = parsePrivateKey(text(`${t.type}-a.pbes2-aes256.pem`), { password: PASSWORD });
      expectNoSecret(outputs(key), [...secretForms(key), PASSWORD]);
      expect(JSON.parse(JSON.stringify(key))).toEqual({
        algorithm: t.algorithm,
        bits: t.bits,
        ...(t.curve === undefined ? {} : { curve: t.curve }),
        format: 'pkcs8',
        wasEncrypted: true,
        encryption: 'pbes2-pbkdf2-aes-256-cbc',
        publicKeySha256: key.publicKey.sha256Fingerprint,
      });
      expect(inspect(key)).toContain(key.publicKey.sha256Fingerprint);
      expect(inspect(key)).toContain(t.algorithm);
    });
  }

  it('the secret-form helper does find the key in a real leak (so the checks above can fail)', () => {
    const key = parsePrivateKey(text('rsa-a.pkcs8.pem'));
    const leak = text('rsa-a.pkcs8.pem');
    expect(secretForms(key).some((s) => leak.includes(s))).toBe(true);
    const hexLeak = bytes('rsa-a.pkcs8.der').toString('hex');
    expect(secretForms(key).some((s) => hexLeak.includes(s))).toBe(true);
  });
});

describe('errors about a key never carry its bytes or the password', () => {
  const cases: {
    name: string;
    input: () => string | Uint8Array;
    password?: string | Uint8Array;
    secretFile: string;
  }[] = [];
  for (const t of KEY_TYPES) {
    for (const s of PKCS8_SCHEMES) {
      const file = `${t.type}-a.${s.suffix}`;
      cases.push({
        name: `${file} wrong password`,
        input: () => bytes(file),
        password: `${PASSWORD}-wrong`,
        secretFile: file,
      });
      cases.push({ name: `${file} no password`, input: () => bytes(file), secretFile: file });
    }
    cases.push({
      name: `${t.type} utf8 password, wrong`,
      input: () => text(`${t.type}-a.pbes2-aes256-utf8.pem`),
      password: `${UTF8_PASSWORD}!`,
      secretFile: `${t.type}-a.pbes2-aes256-utf8.pem`,
    });
  }
  for (const l of LEGACY_FIXTURES) {
    cases.push({
      name: `${l.file} wrong password`,
      input: () => text(l.file),
      password: 'secret-wrong-pw',
      secretFile: l.file,
    });
  }
  const corrupt = (file: string): string => {
    const lines = text(file).split('\n');
    lines[1] = `AAAA${lines[1]!.slice(4)}`; // the DER header: SEQUENCE, version, algorithm
    return lines.join('\n');
  };
  for (const f of ['rsa-a.pkcs1.pem', 'rsa-a.pkcs8.pem', 'ec-p256-a.sec1.pem', 'ed25519-a.pkcs8.pem']) {
    cases.push({ name: `${f} corrupted`, input: () => corrupt(f), secretFile: f });
    cases.push({
      name: `${f} truncated DER`,
      input: () => bytes(f.replace('.pem', '.der')).subarray(0, 40),
      secretFile: f,
    });
  }
  cases.push({
    name: 'PEM with a bad base64 line',
    input: () => text('rsa-a.pkcs8.pem').replace(/\n([A-Za-z0-9+/]{10})/, '\n$1*'),
    secretFile: 'rsa-a.pkcs8.pem',
  });

  for (const c of cases) {
    it(c.name, () => {
      let error: unknown;
      try {
        parsePrivateKey(c.input(), c.password === undefined ? {} : { password: c.password });
      } catch (e) {
        error = e;
      }
      expect(isCertkitError(error)).toBe(true);
      const e = error as Error & { toJSON(): unknown };
      const secretText = text(
        c.secretFile.replace('.der', '.pem').replace(/\.[a-z0-9-]+\.pem$/, '.pkcs8.pem'),
      );
      const plain = parsePrivateKey(secretText);
      const secrets = [
        ...secretForms(plain),
        ...(typeof c.password === 'string' ? [c.password] : []),
        PASSWORD,
      ];
      const body = text(c.secretFile.endsWith('.der') ? c.secretFile.replace('.der', '.pem') : c.secretFile)
        .split('\n')
        .filter((l) => l.length >= 40 && !l.includes(':') && !l.startsWith('-----'));
      expectNoSecret(
        [
          e.message,
          String(e),
          e.stack ?? '',
          JSON.stringify(e),
          inspect(e, { depth: 10 }),
          JSON.stringify(e.toJSON()),
        ],
        [...secrets, ...body.slice(0, 3)],
      );
    });
  }

  it('a mismatch error carries fingerprints only', async () => {
    const { assertKeyMatchesCertificate } = await import('../../src/keys/index.js');
    const { parseCertificate } = await import('../../src/x509/index.js');
    const key = parsePrivateKey(text('rsa-a.pkcs8.pem'));
    let error: unknown;
    try {
      assertKeyMatchesCertificate(key, parseCertificate(text('rsa-b.cert.pem')));
    } catch (e) {
      error = e;
    }
    expect(isCertkitError(error, 'ERR_KEY_MISMATCH')).toBe(true);
    expectNoSecret([String(error), JSON.stringify(error), inspect(error, { depth: 10 })], secretForms(key));
  });

  it('an exported encrypted key does not contain the password', () => {
    const key = parsePrivateKey(text('ec-p256-a.pkcs8.pem'));
    const out = exportPrivateKey(key, {
      format: 'pkcs8-der',
      password: 'export-password-123',
      iterations: 1000,
    });
    expect(Buffer.from(out).includes(Buffer.from('export-password-123'))).toBe(false);
    expectNoSecret([Buffer.from(out).toString('hex'), Buffer.from(out).toString('base64')], secretForms(key));
  });
});
