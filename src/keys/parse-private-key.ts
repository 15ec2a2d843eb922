import { isCertkitError } from '../errors/is-certkit-error.js';
import { children, readRoot, type Tlv, UniversalTag, valueBytes } from '../internal/der/index.js';
import { type BinaryInput, decodeInput, type PemBlock } from '../pem/index.js';
import {
  type KeyDecryptor,
  readKeyEncryption,
  readLegacyPemEncryption,
} from './encrypted-private-key-info.js';
import { KdfBudget } from './kdf-budget.js';
import { badPassword, keyEncrypted, keyMalformed, unexpectedObject } from './key-errors.js';
import { PrivateKey } from './private-key.js';
import { type PrivateKeyFormat, readPrivateKeyStructure } from './private-key-structure.js';

/** Options for {@link parsePrivateKey}. */
export interface ParsePrivateKeyOptions {
  /**
   * The password of an encrypted key. A string is used as its UTF-8 bytes (as `openssl -passin`
   * does in a UTF-8 locale); bytes are used as given. Ignored when the key is not encrypted.
   * An empty string is a password (the empty one); leave it undefined when there is none.
   */
  readonly password?: string | Uint8Array;
  /** Largest input accepted, in bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
  /**
   * The most key-derivation work this call may do, in work units (one unit is about one
   * PBKDF2-HMAC-SHA-256 iteration, ~0.2 µs; PBKDF2 with SHA-512 counts 2 per iteration, scrypt 3 per
   * N·r·p). Default 6,000,000 (`DEFAULT_MAX_KDF_WORK`, about 1.3 s of CPU): a key encrypted with up to
   * 6,000,000 PBKDF2-HMAC-SHA-256 iterations opens, a costlier one is `ERR_KEY_KDF_LIMIT` before any
   * work is done.
   */
  readonly maxKdfWork?: number;
}

/** PEM labels of private keys, and the structure each one holds. */
const KEY_LABELS: Readonly<Record<string, PrivateKeyFormat | 'encrypted-pkcs8'>> = {
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8',
};

/**
 * Reads a private key from PEM or DER: PKCS#1 (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`), PKCS#8
 * (`PRIVATE KEY`), encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`: PBES2 with PBKDF2 or scrypt and AES-CBC
 * or 3DES, PBES1, PKCS#12 PBE with 3DES), legacy OpenSSL encrypted PEM (`Proc-Type: 4,ENCRYPTED`,
 * `DEK-Info` DES-EDE3-CBC, DES-CBC or AES-128/192/256-CBC), and the DER form of each. RSA, RSA-PSS,
 * EC P-256/P-384/P-521, Ed25519 and Ed448.
 *
 * The key structure is read without OpenSSL (fast); the Node `KeyObject` is created only when
 * {@link PrivateKey.toKeyObject} is called. In a PEM text with several blocks (a certificate and its
 * key, or `EC PARAMETERS` before the key), the first private key block is used.
 *
 * @param input PEM text, or bytes holding PEM text or DER.
 * @throws KeyError `ERR_KEY_ENCRYPTED` (encrypted and no password), `ERR_KEY_BAD_PASSWORD`,
 *   `ERR_KEY_UNSUPPORTED_ALGORITHM`, `ERR_KEY_UNSUPPORTED_ENCRYPTION`, `ERR_KEY_MALFORMED`
 *   (truncated or corrupted key data), `ERR_KEY_KDF_LIMIT` (key derivation costlier than `maxKdfWork`).
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNEXPECTED_OBJECT` (no private key in the input).
 * @throws PemError PEM framing errors (`ERR_PEM_TRUNCATED`, `ERR_PEM_BAD_BASE64`, …).
 * @throws TypeError when `input` is not a string or bytes, `password` is not a string or bytes, or
 *   `maxKdfWork` is not a non-negative integer.
 * @example
 * ```ts
 * import { parsePrivateKey } from 'certkit/keys';
 * import { readFileSync } from 'node:fs';
 * const key = parsePrivateKey(readFileSync('server.key'), { password: process.env.KEY_PASSWORD });
 * console.log(`${key}`); // PrivateKey(EC P-256, pkcs8, encrypted pbes2-pbkdf2-aes-256-cbc)
 * ```
 * @see RFC 5958, RFC 8018, RFC 7914, RFC 7292 appendix C, RFC 8017 appendix A.1.2, RFC 5915, RFC 8410
 */
export function parsePrivateKey(input: BinaryInput, options: ParsePrivateKeyOptions = {}): PrivateKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parsePrivateKey expects PEM text (a string) or bytes (a Uint8Array or Buffer)');
  }
  const password = passwordBytes(options.password);
  const budget = new KdfBudget(options.maxKdfWork);
  const decoded = decodeInput(input, {
    checkContent: false,
    ...(options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes }),
  });
  if (decoded.kind === 'pem') return fromPemBlocks(decoded.blocks, { password, budget });
  return fromDer(decoded.bytes, { password, budget });
}

/** The password and the key-derivation budget of one call. */
interface Secret {
  readonly password: Uint8Array | undefined;
  readonly budget: KdfBudget;
}

function passwordBytes(password: string | Uint8Array | undefined): Uint8Array | undefined {
  if (password === undefined) return undefined;
  if (typeof password === 'string') return Buffer.from(password, 'utf8');
  if (password instanceof Uint8Array) return password;
  throw new TypeError('password must be a string or a Uint8Array');
}

function fromPemBlocks(blocks: readonly PemBlock[], secret: Secret): PrivateKey {
  const block = blocks.find((b) => KEY_LABELS[b.label] !== undefined);
  if (block === undefined) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    throw unexpectedObject('a private key', labels.map((l) => `a ${l} block`).join(', '), {
      labels,
      line: blocks[0]?.line,
    });
  }
  const kind = KEY_LABELS[block.label]!;
  return guard(block.line, () => {
    if (kind === 'encrypted-pkcs8') return fromEncryptedPkcs8(block.bytes, secret);
    const procType = header(block, 'Proc-Type');
    if (procType !== undefined && /ENCRYPTED/i.test(procType)) {
      const decryptor = readLegacyPemEncryption(header(block, 'DEK-Info'), block.bytes);
      return decryptAndRead(decryptor, secret, kind);
    }
    return fromPlain(block.bytes, kind);
  });
}

function header(block: PemBlock, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(block.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function fromDer(der: Uint8Array, secret: Secret): PrivateKey {
  return guard(undefined, () => {
    const kind = classify(der);
    if (kind === 'encrypted-pkcs8') return fromEncryptedPkcs8(der, secret);
    return fromPlain(der, kind);
  });
}

/** Tells the DER key structures apart by shape; names other objects for a helpful error. */
function classify(der: Uint8Array): PrivateKeyFormat | 'encrypted-pkcs8' {
  const root = readRoot(der);
  if (root.cls !== 0 || root.tag !== UniversalTag.sequence || !root.constructed) {
    throw keyMalformed('the DER is not a SEQUENCE');
  }
  const f = children(der, root);
  const [a, b, c] = f;
  const isU = (t: Tlv | undefined, tag: number): boolean => t !== undefined && t.cls === 0 && t.tag === tag;
  if (f.length === 2 && isU(a, UniversalTag.sequence) && isU(b, UniversalTag.octetString))
    return 'encrypted-pkcs8';
  if (isU(a, UniversalTag.integer)) {
    if (isU(b, UniversalTag.sequence) && isU(c, UniversalTag.octetString)) return 'pkcs8';
    if (isU(b, UniversalTag.octetString)) return 'sec1';
    if (f.length >= 9 && isU(b, UniversalTag.integer)) return 'pkcs1';
    if (f.length === 2 && isU(b, UniversalTag.integer))
      throw unexpectedObject('a private key', 'an RSA public key');
  }
  if (f.length === 2 && isU(a, UniversalTag.sequence) && isU(b, UniversalTag.bitString)) {
    throw unexpectedObject('a private key', 'a public key (SubjectPublicKeyInfo)');
  }
  if (
    f.length === 3 &&
    isU(a, UniversalTag.sequence) &&
    isU(b, UniversalTag.sequence) &&
    isU(c, UniversalTag.bitString)
  ) {
    throw unexpectedObject('a private key', 'a signed object (certificate, CSR or CRL)');
  }
  throw keyMalformed('the DER is not a PKCS#1, SEC1, PKCS#8 or encrypted PKCS#8 private key');
}

function fromPlain(der: Uint8Array, format: PrivateKeyFormat): PrivateKey {
  const copy = new Uint8Array(der);
  const structure = readPrivateKeyStructure(copy, format);
  return new PrivateKey(structure.keyObjectDer ?? copy, structure, undefined);
}

function fromEncryptedPkcs8(der: Uint8Array, secret: Secret): PrivateKey {
  const root = readRoot(der);
  const [algId, data] = children(der, root);
  if (
    root.cls !== 0 ||
    root.tag !== UniversalTag.sequence ||
    algId?.cls !== 0 ||
    algId.tag !== UniversalTag.sequence ||
    data?.cls !== 0 ||
    data.tag !== UniversalTag.octetString
  ) {
    throw keyMalformed('EncryptedPrivateKeyInfo needs an algorithm and an OCTET STRING');
  }
  const decryptor = readKeyEncryption(der, algId, valueBytes(der, data));
  return decryptAndRead(decryptor, secret, 'pkcs8');
}

function decryptAndRead(decryptor: KeyDecryptor, secret: Secret, format: PrivateKeyFormat): PrivateKey {
  const scheme = decryptor.info.scheme;
  if (secret.password === undefined) throw keyEncrypted(scheme);
  const plain = decryptor.decrypt(secret.password, secret.budget);
  if (plain === undefined) throw badPassword(scheme);
  try {
    const copy = new Uint8Array(plain);
    const structure = readPrivateKeyStructure(copy, format);
    return new PrivateKey(structure.keyObjectDer ?? copy, structure, decryptor.info);
  } catch (e) {
    // Right padding by chance (about 1 in 256 wrong passwords) still gives garbage: say so.
    if (isCertkitError(e) && (e.code === 'ERR_KEY_MALFORMED' || e.code.startsWith('ERR_DER_'))) {
      throw badPassword(scheme);
    }
    throw e;
  } finally {
    plain.fill(0);
  }
}

/** Turns DER-layer errors into `ERR_KEY_MALFORMED` (adding the PEM line); other errors pass through. */
function guard(line: number | undefined, read: () => PrivateKey): PrivateKey {
  try {
    return read();
  } catch (e) {
    if (isCertkitError(e)) {
      if (e.code === 'ERR_DER_MALFORMED' || e.code === 'ERR_DER_TRAILING_DATA') {
        const reason = String(
          e.details.reason ?? (e.code === 'ERR_DER_TRAILING_DATA' ? 'extra bytes after the key' : 'not DER'),
        );
        throw keyMalformed(reason, e, line === undefined ? {} : { line });
      }
      throw e;
    }
    throw e;
  }
}
