/**
 * Reading a PKCS#12 file with a key and a 3-certificate chain (leaf, intermediate, root), in every
 * cipher profile users meet (scripts/fixtures/make-stores.sh): `openssl pkcs12 -export` (modern, RSA and
 * EC), its `-legacy` form (3DES key, RC2-40 certificates), 3DES throughout (OpenSSL 1.x with
 * `-certpbe PBE-SHA1-3DES`, Windows exports), and Java 17 keytool's default. certkit `readPkcs12` side by
 * side with node-forge, pkijs (parse, decrypt, MAC check) and Node's native
 * `tls.createSecureContext({ pfx })`, the floor for the cost (OpenSSL in C). Each contender checks the
 * MAC and decrypts the key and the certificates. Peers that cannot read a file are left out of its table
 * and named (native reads RC2-40 only with `NODE_OPTIONS=--openssl-legacy-provider`).
 *
 * Then the PKCS#12 KDF alone (RFC 7292 appendix B.2, the cost that dominates the legacy and keytool
 * profiles): certkit's `pkcs12Kdf` against the same algorithm with one Node hash per iteration.
 */
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { passwordToBmp, pkcs12Kdf } from '../src/keys/key-derivation.js';
import { readPkcs12 } from '../src/stores/index.js';
import { type Contender, compare, printComparison } from './harness.js';

const dir = fileURLToPath(new URL('../test/fixtures/stores/', import.meta.url));
const PASSWORD = 'changeit';

const FILES = [
  ['openssl-modern-rsa.p12', 'modern RSA (PBES2 AES-256-CBC, PBKDF2 2048, HMAC-SHA256 MAC)'],
  ['openssl-modern-ec.p12', 'modern EC P-256 (PBES2 AES-256-CBC, PBKDF2 2048, HMAC-SHA256 MAC)'],
  ['openssl-legacy-rsa.p12', 'legacy RSA (3DES key, RC2-40 certificates, SHA-1 MAC, 2048 iterations)'],
  ['openssl-3des-rsa.p12', '3DES RSA (3DES key and certificates, SHA-1 MAC, 2048 iterations)'],
  [
    'keytool-rsa.p12',
    'keytool RSA (Java 17 default: PBES2 AES-256-CBC, PBKDF2 10000, HMAC-SHA256 MAC with the PKCS#12 KDF, 10000 iterations)',
  ],
] as const;

type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
pkijs.setEngine(
  'node',
  new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as EngineCrypto }),
);

function withForge(pfx: Buffer): number {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, PASSWORD);
  const keys =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const certs = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  // node-forge decrypts an EC key bag but returns `key: null` (it parses RSA keys only).
  if (keys[0]?.key == null) throw new Error('node-forge returned no key (it reads RSA private keys only)');
  if (certs.length !== 3) throw new Error('node-forge did not return 3 certificates');
  return keys.length + certs.length;
}

async function withPkijs(pfx: Buffer): Promise<number> {
  const password = new TextEncoder().encode(PASSWORD).buffer as ArrayBuffer;
  const p12 = pkijs.PFX.fromBER(
    pfx.buffer.slice(pfx.byteOffset, pfx.byteOffset + pfx.byteLength) as ArrayBuffer,
  );
  await p12.parseInternalValues({ password, checkIntegrity: true });
  const safe = p12.parsedValue?.authenticatedSafe;
  if (safe === undefined) throw new Error('pkijs: no authenticated safe');
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
  let keys = 0;
  let certs = 0;
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password });
        keys++;
      } else if (bag.bagValue instanceof pkijs.CertBag) {
        certs++;
      }
    }
  }
  if (keys !== 1 || certs !== 3) throw new Error(`pkijs returned ${keys} keys and ${certs} certificates`);
  return keys + certs;
}

function withCertkit(pfx: Buffer): number {
  const { keys } = readPkcs12(pfx, { password: PASSWORD });
  if (keys[0]?.chain.length !== 3) throw new Error('certkit did not return the key and 3 certificates');
  return keys.length;
}

/**
 * RFC 7292 appendix B.2 with one Node hash object per iteration: what the KDF costs without certkit's
 * unrolled loop (the form node-forge and most JavaScript readers use).
 */
function pkcs12KdfPlain(
  hash: string,
  pw: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  n: number,
): Buffer {
  const v = 64;
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let k = 0; k < out.length; k++) out[k] = src[k % src.length]!;
    return out;
  };
  const i = Buffer.concat([fill(salt), fill(pw)]);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < n) {
    let a = createHash(hash).update(Buffer.alloc(v, id)).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    out.push(a);
    produced += a.length;
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + a[k % a.length]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

const KDF_CASES = [
  ['sha1', 2048, 1, 24, 'SHA-1, 2048 iterations, 24-byte 3DES key (two blocks)'],
  ['sha256', 10000, 3, 32, 'SHA-256, 10000 iterations, 32-byte MAC key (keytool)'],
] as const;

async function runKdf(): Promise<void> {
  const bmp = passwordToBmp(Buffer.from(PASSWORD, 'utf8'));
  const salt = Buffer.from('0102030405060708', 'hex');
  for (const [hash, iterations, id, length, title] of KDF_CASES) {
    const want = pkcs12KdfPlain(hash, bmp, salt, iterations, id, length);
    if (!pkcs12Kdf(hash, bmp, salt, iterations, id, length).equals(want)) throw new Error('KDF mismatch');
    const results = await compare([
      { name: 'certkit pkcs12Kdf', fn: () => pkcs12Kdf(hash, bmp, salt, iterations, id, length) },
      {
        name: 'createHash per iteration',
        fn: () => pkcs12KdfPlain(hash, bmp, salt, iterations, id, length),
      },
    ]);
    printComparison(`PKCS#12 KDF alone (RFC 7292 B.2): ${title}`, results);
  }
}

/** Runs the benchmark and prints one table per file, then the KDF alone. */
export async function run(): Promise<void> {
  for (const [file, title] of FILES) {
    const pfx = readFileSync(dir + file);
    const candidates: Contender[] = [
      { name: 'certkit readPkcs12', fn: () => withCertkit(pfx) },
      {
        name: 'certkit readPkcs12 + key.toKeyObject()',
        fn: () => readPkcs12(pfx, { password: PASSWORD }).keys[0]!.privateKey.toKeyObject(),
      },
      { name: 'node-forge pkcs12FromAsn1', fn: () => withForge(pfx) },
      { name: 'pkijs PFX (parse, MAC, decrypt)', fn: () => withPkijs(pfx) },
      {
        name: 'native tls.createSecureContext({ pfx })',
        fn: () => tls.createSecureContext({ pfx, passphrase: PASSWORD }),
      },
    ];
    const usable: Contender[] = [];
    const skipped: string[] = [];
    for (const c of candidates) {
      try {
        await c.fn();
        usable.push(c);
      } catch (e) {
        skipped.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const results = await compare(usable);
    printComparison(`Reading a PKCS#12 (key + 3-certificate chain): ${title}`, results);
    for (const s of skipped) console.log(`\nskipped (cannot read this file): ${s}`);
  }
  await runKdf();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
