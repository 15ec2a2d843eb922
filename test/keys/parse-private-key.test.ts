import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { children, derInteger, derSequence, encodeTlv, readRoot } from '../../src/internal/der/index.js';
import { PrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { thrownCode } from '../helpers/coded-error.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';
import {
  bytes,
  EXTRA_SCHEMES,
  KEY_TYPES,
  LEGACY_FIXTURES,
  PASSWORD,
  PKCS8_SCHEMES,
  path,
  plainFixtures,
  text,
  UTF8_PASSWORD,
} from './fixtures.js';

const colonSha256 = (data: Uint8Array): string =>
  createHash('sha256')
    .update(data)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');

function opensslPubDer(file: string, passin?: string): Buffer {
  const args = ['pkey', '-in', path(file), '-pubout', '-outform', 'DER'];
  if (file.endsWith('.der')) args.push('-inform', 'DER');
  if (passin !== undefined) args.push('-passin', `pass:${passin}`);
  return runBinary('openssl', args);
}

function runBinary(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout;
}

const withOpenssl = hasPeerTool('openssl', 'openssl');

describe('parsePrivateKey: unencrypted keys of every type and format', () => {
  for (const f of plainFixtures()) {
    const t = KEY_TYPES.find((k) => k.type === f.type)!;
    it(`${f.file}: ${t.algorithm} ${t.curve ?? t.bits} as ${f.format}`, () => {
      const key = parsePrivateKey(bytes(f.file));
      expect(key).toBeInstanceOf(PrivateKey);
      expect(key.algorithm).toBe(t.algorithm);
      expect(key.bits).toBe(t.bits);
      expect(key.curve).toBe(t.curve);
      expect(key.format).toBe(f.format);
      expect(key.wasEncrypted).toBe(false);
      expect(key.encryption).toBeUndefined();
      expect(Object.isFrozen(key)).toBe(true);
    });
  }

  it('reads PEM given as a string and as bytes alike', () => {
    const a = parsePrivateKey(text('rsa-a.pkcs1.pem'));
    const b = parsePrivateKey(bytes('rsa-a.pkcs1.pem'));
    expect(a.publicKey.sha256Fingerprint).toBe(b.publicKey.sha256Fingerprint);
  });

  it('skips an EC PARAMETERS block before the key (openssl ecparam -genkey)', () => {
    expect(text('ec-p256-ecparam.pem')).toMatch(/BEGIN EC PARAMETERS/);
    const key = parsePrivateKey(text('ec-p256-ecparam.pem'));
    expect(key.curve).toBe('P-256');
  });

  it('finds the key in a PEM bundle that starts with a certificate', () => {
    const key = parsePrivateKey(text('ec-p384-a.cert.pem') + text('ec-p384-a.sec1.pem'));
    expect(key.curve).toBe('P-384');
  });

  it('derives the EC public point when the key does not carry it (sec1 -no_public)', () => {
    const withPoint = parsePrivateKey(text('ec-p256-a.sec1.pem'));
    for (const f of ['ec-p256-a.sec1-no-public.pem', 'ec-p256-a.pkcs8-no-public.pem']) {
      expect(parsePrivateKey(text(f)).publicKey.sha256Fingerprint).toBe(
        withPoint.publicKey.sha256Fingerprint,
      );
    }
  });

  it('keeps a compressed public point as openssl writes it, and it still equals the uncompressed key', () => {
    const compressed = parsePrivateKey(text('ec-p256-a.sec1-compressed.pem'));
    const plain = parsePrivateKey(text('ec-p256-a.sec1.pem'));
    expect(compressed.publicKey.keyBytes.length).toBe(33);
    expect(compressed.publicKey.sha256Fingerprint).not.toBe(plain.publicKey.sha256Fingerprint);
    expect(compressed.publicKey.equals(plain.publicKey)).toBe(true);
  });

  it('toKeyObject gives a Node KeyObject equal to what createPrivateKey reads', () => {
    for (const f of plainFixtures()) {
      const key = parsePrivateKey(bytes(f.file));
      const ko = key.toKeyObject();
      expect(ko.type).toBe('private');
      expect(key.toKeyObject()).toBe(ko); // created once
      const node = createPrivateKey(
        f.file.endsWith('.der')
          ? { key: bytes(f.file), format: 'der', type: f.format === 'pkcs8' ? 'pkcs8' : f.format }
          : text(f.file),
      );
      expect(ko.equals(node)).toBe(true);
    }
  });
});

describe.skipIf(!withOpenssl)('parsePrivateKey agrees with openssl', () => {
  for (const f of plainFixtures().concat([
    { file: 'ec-p256-a.sec1-compressed.pem', type: 'ec-p256', format: 'sec1' },
    { file: 'ec-p384-a.sec1-compressed.pem', type: 'ec-p384', format: 'sec1' },
    { file: 'ec-p256-ecparam.pem', type: 'ec-p256', format: 'sec1' },
  ])) {
    it(`${f.file}: bits, curve and public key fingerprint`, () => {
      const key = parsePrivateKey(bytes(f.file));
      const textOut = run('openssl', [
        'pkey',
        '-in',
        path(f.file),
        ...(f.file.endsWith('.der') ? ['-inform', 'DER'] : []),
        '-noout',
        '-text',
      ]);
      const bits = /Private-Key: \((\d+) bit/.exec(textOut)?.[1];
      if (key.algorithm === 'ed25519' || key.algorithm === 'ed448') {
        expect(textOut).toContain(`${key.algorithm.toUpperCase()} Private-Key:`);
      } else {
        expect(key.bits).toBe(Number(bits));
      }
      if (key.algorithm === 'ec') expect(textOut).toContain(`NIST CURVE: ${key.curve}`);
      expect(key.publicKey.sha256Fingerprint).toBe(colonSha256(opensslPubDer(f.file)));
      expect(Buffer.compare(key.publicKey.spki, opensslPubDer(f.file))).toBe(0);
    });
  }
});

describe('parsePrivateKey: encrypted PKCS#8', () => {
  for (const t of KEY_TYPES) {
    const plain = parsePrivateKey(bytes(`${t.type}-a.pkcs8.pem`));
    for (const s of PKCS8_SCHEMES) {
      const file = `${t.type}-a.${s.suffix}`;
      it(`${file}: ${s.scheme}`, () => {
        const key = parsePrivateKey(bytes(file), { password: PASSWORD });
        expect(key.wasEncrypted).toBe(true);
        expect(key.encryption).toBe(s.scheme);
        expect(key.encryptionInfo?.kdf).toBe(s.kdf);
        expect(key.encryptionInfo?.hash).toBe(s.hash);
        expect(key.format).toBe('pkcs8');
        expect(key.algorithm).toBe(t.algorithm);
        expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
        expect(key.toKeyObject().equals(plain.toKeyObject())).toBe(true);
      });
      it(`${file}: a wrong password is ERR_KEY_BAD_PASSWORD`, () => {
        expect(thrownCode(() => parsePrivateKey(bytes(file), { password: `${PASSWORD}x` }))).toBe(
          'ERR_KEY_BAD_PASSWORD',
        );
      });
      it(`${file}: no password is ERR_KEY_ENCRYPTED`, () => {
        expect(thrownCode(() => parsePrivateKey(bytes(file)))).toBe('ERR_KEY_ENCRYPTED');
      });
    }
    it(`${t.type}: a UTF-8 password (PBES2)`, () => {
      const key = parsePrivateKey(text(`${t.type}-a.pbes2-aes256-utf8.pem`), { password: UTF8_PASSWORD });
      expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
      const asBytes = parsePrivateKey(text(`${t.type}-a.pbes2-aes256-utf8.pem`), {
        password: new TextEncoder().encode(UTF8_PASSWORD),
      });
      expect(asBytes.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
      // The same characters in another encoding (Latin-1 bytes) are a wrong password.
      expect(
        thrownCode(() =>
          parsePrivateKey(text(`${t.type}-a.pbes2-aes256-utf8.pem`), {
            password: Buffer.from(UTF8_PASSWORD, 'latin1'),
          }),
        ),
      ).toBe('ERR_KEY_BAD_PASSWORD');
    });
  }

  for (const base of ['rsa', 'ec-p256']) {
    const plain = parsePrivateKey(bytes(`${base}-a.pkcs8.pem`));
    for (const s of EXTRA_SCHEMES) {
      const file = `${base}-a.${s.suffix}`;
      it(`${file}: ${s.scheme}`, () => {
        const key = parsePrivateKey(bytes(file), { password: PASSWORD });
        expect(key.encryption).toBe(s.scheme);
        expect(key.encryptionInfo?.hash).toBe(s.hash);
        expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
        expect(thrownCode(() => parsePrivateKey(bytes(file), { password: 'wrong' }))).toBe(
          'ERR_KEY_BAD_PASSWORD',
        );
      });
    }
    it(`${base}: a UTF-8 password (PKCS#12 PBE, BMPString with a character outside the BMP)`, () => {
      const key = parsePrivateKey(text(`${base}-a.pbe-sha1-3des-utf8.pem`), { password: UTF8_PASSWORD });
      expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
    });
    it(`${base}-a.pbe-sha1-rc2-40.pem: PKCS#12 PBE with RC2-40 (certkit's own RC2, RFC 2268)`, () => {
      const key = parsePrivateKey(text(`${base}-a.pbe-sha1-rc2-40.pem`), { password: PASSWORD });
      expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
      expect(key.encryption).toBe('pkcs12-pbe-sha1-rc2-40-cbc');
      expect(thrownCode(() => parsePrivateKey(text(`${base}-a.pbe-sha1-rc2-40.pem`)))).toBe(
        'ERR_KEY_ENCRYPTED',
      );
    });
    for (const f of [`${base}-a.pbes2-camellia256.pem`]) {
      it(`${f}: ERR_KEY_UNSUPPORTED_ENCRYPTION, with or without a password`, () => {
        expect(thrownCode(() => parsePrivateKey(text(f), { password: PASSWORD }))).toBe(
          'ERR_KEY_UNSUPPORTED_ENCRYPTION',
        );
        expect(thrownCode(() => parsePrivateKey(text(f)))).toBe('ERR_KEY_UNSUPPORTED_ENCRYPTION');
      });
    }
  }

  it('reports iterations and scrypt parameters', () => {
    const pbkdf2 = parsePrivateKey(text('rsa-a.pbes2-aes256.pem'), { password: PASSWORD });
    expect(pbkdf2.encryptionInfo).toMatchObject({ kdf: 'pbkdf2', iterations: 2048, cipher: 'aes-256-cbc' });
    const scrypt = parsePrivateKey(text('rsa-a.scrypt.pem'), { password: PASSWORD });
    expect(scrypt.encryptionInfo?.scrypt).toEqual({ cost: 16384, blockSize: 8, parallelization: 1 });
  });
});

describe('parsePrivateKey: legacy OpenSSL encrypted PEM', () => {
  for (const l of LEGACY_FIXTURES) {
    const plainFile = l.format === 'pkcs1' ? 'rsa-a.pkcs1.pem' : l.file.replace(/legacy-.*$/, 'sec1.pem');
    it(`${l.file}: ${l.scheme}`, () => {
      expect(text(l.file)).toMatch(/Proc-Type: 4,ENCRYPTED/);
      const key = parsePrivateKey(text(l.file), { password: PASSWORD });
      expect(key.encryption).toBe(l.scheme);
      expect(key.encryptionInfo).toMatchObject({ kdf: 'evp-bytes-to-key', hash: 'md5', iterations: 1 });
      expect(key.format).toBe(l.format);
      expect(key.publicKey.sha256Fingerprint).toBe(
        parsePrivateKey(text(plainFile)).publicKey.sha256Fingerprint,
      );
      expect(key.toKeyObject().equals(parsePrivateKey(text(plainFile)).toKeyObject())).toBe(true);
    });
    it(`${l.file}: wrong password and no password`, () => {
      expect(thrownCode(() => parsePrivateKey(text(l.file), { password: 'not-it' }))).toBe(
        'ERR_KEY_BAD_PASSWORD',
      );
      expect(thrownCode(() => parsePrivateKey(text(l.file)))).toBe('ERR_KEY_ENCRYPTED');
    });
  }
  it('a UTF-8 password', () => {
    const key = parsePrivateKey(text('rsa-a.legacy-aes256-utf8.pem'), { password: UTF8_PASSWORD });
    expect(key.publicKey.equals(parsePrivateKey(text('rsa-a.pkcs1.pem')).publicKey)).toBe(true);
  });
  it('an unknown DEK-Info cipher is ERR_KEY_UNSUPPORTED_ENCRYPTION', () => {
    const pem = text('rsa-a.legacy-aes128.pem').replace('AES-128-CBC', 'CAMELLIA-128-CBC');
    expect(thrownCode(() => parsePrivateKey(pem, { password: PASSWORD }))).toBe(
      'ERR_KEY_UNSUPPORTED_ENCRYPTION',
    );
  });
  it('a missing or broken DEK-Info is ERR_KEY_MALFORMED', () => {
    const noDek = text('rsa-a.legacy-aes128.pem').replace(/DEK-Info: .*\n/, '');
    expect(thrownCode(() => parsePrivateKey(noDek, { password: PASSWORD }))).toBe('ERR_KEY_MALFORMED');
    const shortIv = text('rsa-a.legacy-aes128.pem').replace(/(DEK-Info: AES-128-CBC,)[0-9A-F]{4}/, '$1');
    expect(thrownCode(() => parsePrivateKey(shortIv, { password: PASSWORD }))).toBe('ERR_KEY_MALFORMED');
  });
});

describe('parsePrivateKey: broken and foreign inputs', () => {
  it('the ERR_KEY_ENCRYPTED message says how to give a password', () => {
    try {
      parsePrivateKey(text('rsa-a.pbes2-aes256.pem'));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/`password` option/);
      expect((e as Error).message).toMatch(/--password/);
      expect((e as Error).message).toMatch(/openssl pkey -in KEY -out plain\.pem/);
    }
  });

  it('truncated DER at every length is ERR_DER_TRUNCATED (never another error)', () => {
    for (const f of ['rsa-a.pkcs1.der', 'rsa-a.pkcs8.der', 'ec-p256-a.sec1.der', 'ed25519-a.pkcs8.der']) {
      const der = bytes(f);
      for (let n = 1; n < der.length; n += f.startsWith('rsa') ? 7 : 1) {
        expect(thrownCode(() => parsePrivateKey(der.subarray(0, n)))).toBe('ERR_DER_TRUNCATED');
      }
    }
  });

  it('truncated encrypted DER is ERR_DER_TRUNCATED', () => {
    const der = bytes('rsa-a.pbes2-aes256.der');
    expect(thrownCode(() => parsePrivateKey(der.subarray(0, der.length - 5), { password: PASSWORD }))).toBe(
      'ERR_DER_TRUNCATED',
    );
  });

  it('encrypted data cut to a non-block length is ERR_KEY_MALFORMED', () => {
    // Rebuild the EncryptedPrivateKeyInfo with 3 bytes removed from the ciphertext.
    const key = parsePrivateKey(bytes('ec-p256-a.pkcs8.der'));
    expect(key.algorithm).toBe('ec');
    const der = bytes('ec-p256-a.pbes2-aes256.der');
    const shorter = Buffer.from(der.subarray(0, der.length - 3));
    // Fix up the two lengths (outer SEQUENCE and the OCTET STRING): both short or long forms as openssl wrote.
    const fixed = fixLengths(shorter, 3);
    expect(thrownCode(() => parsePrivateKey(fixed, { password: PASSWORD }))).toBe('ERR_KEY_MALFORMED');
  });

  it('a corrupted PEM body is a coded error', () => {
    const pem = text('rsa-a.pkcs1.pem');
    const lines = pem.split('\n');
    lines[5] = lines[5]!.replace(/[A-Za-z]/, '*');
    expect(thrownCode(() => parsePrivateKey(lines.join('\n')))).toBe('ERR_PEM_BAD_BASE64');
    // Valid base64 but the wrong bytes: the DER no longer parses.
    const swapped = pem.split('\n');
    swapped[1] = `AAAA${swapped[1]!.slice(4)}`;
    expect(thrownCode(() => parsePrivateKey(swapped.join('\n')))).toBe('ERR_KEY_MALFORMED');
    // A PEM cut short.
    expect(thrownCode(() => parsePrivateKey(pem.slice(0, pem.length / 2)))).toBe('ERR_PEM_TRUNCATED');
  });

  it('a label that does not match the content is ERR_KEY_MALFORMED', () => {
    const pkcs1AsPkcs8 = text('rsa-a.pkcs1.pem').replace(/RSA PRIVATE KEY/g, 'PRIVATE KEY');
    expect(thrownCode(() => parsePrivateKey(pkcs1AsPkcs8))).toBe('ERR_KEY_MALFORMED');
    const sec1AsPkcs1 = text('ec-p256-a.sec1.pem').replace(/EC PRIVATE KEY/g, 'RSA PRIVATE KEY');
    expect(thrownCode(() => parsePrivateKey(sec1AsPkcs1))).toBe('ERR_KEY_MALFORMED');
  });

  it('a certificate or public key instead of a private key is ERR_INPUT_UNEXPECTED_OBJECT', () => {
    expect(thrownCode(() => parsePrivateKey(text('rsa-a.cert.pem')))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
    expect(thrownCode(() => parsePrivateKey(text('rsa-a.spki.pem')))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
    expect(thrownCode(() => parsePrivateKey(bytes('rsa-a.spki.der')))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
    const certDer = Buffer.from(text('rsa-a.cert.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(thrownCode(() => parsePrivateKey(certDer))).toBe('ERR_INPUT_UNEXPECTED_OBJECT');
  });

  it('unsupported algorithms are ERR_KEY_UNSUPPORTED_ALGORITHM', () => {
    for (const f of ['dsa.pkcs8.pem', 'secp256k1.pkcs8.pem', 'x25519.pkcs8.pem']) {
      expect(thrownCode(() => parsePrivateKey(text(f)))).toBe('ERR_KEY_UNSUPPORTED_ALGORITHM');
    }
  });

  it('empty and oversized inputs', () => {
    expect(thrownCode(() => parsePrivateKey(''))).toBe('ERR_INPUT_EMPTY');
    expect(thrownCode(() => parsePrivateKey(new Uint8Array(0)))).toBe('ERR_INPUT_EMPTY');
    expect(thrownCode(() => parsePrivateKey(text('rsa-a.pkcs8.pem'), { maxInputBytes: 100 }))).toBe(
      'ERR_INPUT_TOO_LARGE',
    );
  });

  it('wrong argument types are TypeErrors', () => {
    expect(() => parsePrivateKey(42 as unknown as string)).toThrow(TypeError);
    expect(() => parsePrivateKey(text('rsa-a.pkcs8.pem'), { password: 42 as unknown as string })).toThrow(
      TypeError,
    );
  });

  it('an unencrypted key ignores a password', () => {
    expect(parsePrivateKey(text('rsa-a.pkcs8.pem'), { password: 'unused' }).wasEncrypted).toBe(false);
  });

  it('an empty password is a password, not a missing one', () => {
    expect(thrownCode(() => parsePrivateKey(text('rsa-a.pbes2-aes256.pem'), { password: '' }))).toBe(
      'ERR_KEY_BAD_PASSWORD',
    );
  });
});

/** Shortens the outer SEQUENCE and the trailing OCTET STRING lengths of a DER blob by `by` bytes. */
function fixLengths(der: Buffer, by: number): Buffer {
  const out = Buffer.from(der);
  const adjust = (at: number): number => {
    const first = out[at + 1]!;
    if (first < 0x80) {
      out[at + 1] = first - by;
      return at + 2;
    }
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + out[at + 2 + i]!;
    len -= by;
    for (let i = n - 1; i >= 0; i--) {
      out[at + 2 + i] = len & 0xff;
      len >>= 8;
    }
    return at + 2 + n;
  };
  const inner = adjust(0);
  // Skip the AlgorithmIdentifier SEQUENCE to the OCTET STRING.
  const algLenByte = out[inner + 1]!;
  let algEnd: number;
  if (algLenByte < 0x80) algEnd = inner + 2 + algLenByte;
  else {
    const n = algLenByte & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + out[inner + 2 + i]!;
    algEnd = inner + 2 + n + len;
  }
  adjust(algEnd);
  return out;
}

describe('parsePrivateKey: PKCS#8 v2 (OneAsymmetricKey) with the public key', () => {
  /** Rebuilds an Ed PKCS#8 v1 key as v2 with `[1] publicKey` appended (openssl 3.0 writes only v1). */
  function asV2(v1: Buffer, raw: Uint8Array): Uint8Array {
    const [, alg, priv] = children(v1, readRoot(v1));
    return derSequence(
      derInteger(1),
      v1.subarray(alg!.start, alg!.end),
      v1.subarray(priv!.start, priv!.end),
      encodeTlv(0x81, Uint8Array.of(0), raw),
    );
  }

  for (const t of ['ed25519', 'ed448'] as const) {
    it(`${t}: the public key is taken from the [1] field, and openssl agrees`, () => {
      const v1 = bytes(`${t}-a.pkcs8.der`);
      const plain = parsePrivateKey(v1);
      const v2 = asV2(v1, plain.publicKey.keyBytes);
      const key = parsePrivateKey(v2);
      expect(key.publicKey.sha256Fingerprint).toBe(plain.publicKey.sha256Fingerprint);
      expect(key.toKeyObject().equals(plain.toKeyObject())).toBe(true);
      if (withOpenssl) {
        // openssl 3.0 refuses v2 keys; where it reads them, it must agree.
        const r = spawnSync('openssl', ['pkey', '-inform', 'DER', '-pubout', '-outform', 'DER'], {
          input: v2,
        });
        if (r.status === 0) expect(Buffer.compare(r.stdout, key.publicKey.spki)).toBe(0);
      }
      const short = asV2(v1, plain.publicKey.keyBytes.subarray(1));
      expect(thrownCode(() => parsePrivateKey(short))).toBe('ERR_KEY_MALFORMED');
    });
  }
});
