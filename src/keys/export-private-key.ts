import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { derInteger, derNull, derOctetString, derOid, derSequence } from '../internal/der/index.js';
import { KeyEncryptionOid } from '../internal/oids.js';
import { encodePem } from '../pem/index.js';
import { unsupportedAlgorithm } from './key-errors.js';
import { PrivateKey } from './private-key.js';

/** Options for {@link exportPrivateKey}. */
export interface ExportPrivateKeyOptions {
  /** `pkcs8-pem` (text, `PRIVATE KEY` or `ENCRYPTED PRIVATE KEY`) or `pkcs8-der` (bytes). */
  readonly format: 'pkcs8-pem' | 'pkcs8-der';
  /**
   * Encrypt with this password (PBES2: PBKDF2-HMAC-SHA256 and AES-CBC). A string is used as UTF-8.
   * Without it the key is written unencrypted.
   */
  readonly password?: string | Uint8Array;
  /** The cipher when `password` is given. Default `aes-256-cbc`. */
  readonly cipher?: 'aes-256-cbc' | 'aes-128-cbc';
  /** PBKDF2 iterations when `password` is given. Default 600000 (OWASP 2023 for PBKDF2-HMAC-SHA256). */
  readonly iterations?: number;
}

/** The default PBKDF2 iteration count of {@link exportPrivateKey}. */
export const DEFAULT_EXPORT_ITERATIONS = 600_000;

const HMAC_WITH_SHA256 = '1.2.840.113549.2.9';

/**
 * Writes a private key as PKCS#8, plain or encrypted (PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC
 * or AES-128-CBC, a random 16-byte salt and IV), in PEM or DER. OpenSSL reads the result with
 * `openssl pkey -in KEY -passin pass:…`.
 *
 * @returns PEM text for `pkcs8-pem`, DER bytes for `pkcs8-der`.
 * @throws KeyError `ERR_KEY_MALFORMED` when Node's OpenSSL cannot load the key,
 *   `ERR_KEY_UNSUPPORTED_ALGORITHM` when it cannot write it.
 * @throws TypeError for a key that is not a {@link PrivateKey}, an unknown format or cipher, or an
 *   iteration count that is not a positive integer.
 * @example
 * ```ts
 * import { exportPrivateKey, parsePrivateKey } from 'certkit/keys';
 * const key = parsePrivateKey(legacyPem, { password: 'old' });
 * const pem = exportPrivateKey(key, { format: 'pkcs8-pem', password: 'new' });
 * ```
 * @see RFC 5958 section 3, RFC 8018 sections 6.2 and A.2, RFC 3565 (AES-CBC OIDs)
 */
export function exportPrivateKey(
  key: PrivateKey,
  options: ExportPrivateKeyOptions & { format: 'pkcs8-pem' },
): string;
export function exportPrivateKey(
  key: PrivateKey,
  options: ExportPrivateKeyOptions & { format: 'pkcs8-der' },
): Uint8Array;
export function exportPrivateKey(key: PrivateKey, options: ExportPrivateKeyOptions): string | Uint8Array;
export function exportPrivateKey(key: PrivateKey, options: ExportPrivateKeyOptions): string | Uint8Array {
  if (!(key instanceof PrivateKey)) throw new TypeError('exportPrivateKey expects a PrivateKey');
  const { format } = options;
  if (format !== 'pkcs8-pem' && format !== 'pkcs8-der') {
    throw new TypeError("format must be 'pkcs8-pem' or 'pkcs8-der'");
  }
  const plain = pkcs8Der(key);
  let der: Uint8Array = plain;
  let label = 'PRIVATE KEY';
  if (options.password !== undefined) {
    der = encryptPkcs8(plain, options);
    plain.fill(0);
    label = 'ENCRYPTED PRIVATE KEY';
  }
  return format === 'pkcs8-der' ? der : encodePem(label, der);
}

/**
 * The key as plain PKCS#8 DER, written by Node's OpenSSL.
 * @throws KeyError `ERR_KEY_MALFORMED` when OpenSSL will not load it, `ERR_KEY_UNSUPPORTED_ALGORITHM` when
 *   it loads but will not write it (never OpenSSL's own Error).
 */
export function pkcs8Der(key: PrivateKey): Uint8Array {
  const keyObject = key.toKeyObject();
  try {
    return new Uint8Array(keyObject.export({ type: 'pkcs8', format: 'der' }));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw unsupportedAlgorithm(
      `${key.algorithm} (Node's OpenSSL cannot write this key: ${reason})`,
      {
        algorithm: key.algorithm,
      },
      cause,
    );
  }
}

function encryptPkcs8(plain: Uint8Array, options: ExportPrivateKeyOptions): Uint8Array {
  const cipher = options.cipher ?? 'aes-256-cbc';
  if (cipher !== 'aes-256-cbc' && cipher !== 'aes-128-cbc') {
    throw new TypeError("cipher must be 'aes-256-cbc' or 'aes-128-cbc'");
  }
  const iterations = options.iterations ?? DEFAULT_EXPORT_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new TypeError('iterations must be a positive integer');
  }
  const password = options.password;
  const pass =
    typeof password === 'string'
      ? Buffer.from(password, 'utf8')
      : password instanceof Uint8Array
        ? password
        : undefined;
  if (pass === undefined) throw new TypeError('password must be a string or a Uint8Array');
  const { algorithm, encrypted } = encryptPbes2(plain, pass, iterations, cipher);
  return derSequence(algorithm, derOctetString(encrypted));
}

/**
 * PBES2 encryption (PBKDF2-HMAC-SHA256, AES-CBC, random 16-byte salt and IV): the AlgorithmIdentifier
 * DER and the ciphertext. Used for PKCS#8 here and for PKCS#12 bags by the stores formats.
 * @see RFC 8018 sections 6.2 and A.4
 */
export function encryptPbes2(
  plain: Uint8Array,
  password: Uint8Array,
  iterations: number,
  cipher: 'aes-256-cbc' | 'aes-128-cbc' = 'aes-256-cbc',
): { algorithm: Uint8Array; encrypted: Buffer } {
  const keyLength = cipher === 'aes-256-cbc' ? 32 : 16;
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(password, salt, iterations, keyLength, 'sha256');
  const c = createCipheriv(cipher, key, iv);
  const encrypted = Buffer.concat([c.update(plain), c.final()]);
  key.fill(0);
  const algorithm = derSequence(
    derOid(KeyEncryptionOid.pbes2),
    derSequence(
      derSequence(
        derOid(KeyEncryptionOid.pbkdf2),
        derSequence(
          derOctetString(salt),
          derInteger(iterations),
          derSequence(derOid(HMAC_WITH_SHA256), derNull()),
        ),
      ),
      derSequence(
        derOid(cipher === 'aes-256-cbc' ? KeyEncryptionOid.aes256Cbc : KeyEncryptionOid.aes128Cbc),
        derOctetString(iv),
      ),
    ),
  );
  return { algorithm, encrypted };
}
