import { isCertkitError } from '../errors/is-certkit-error.js';
import {
  children,
  derBitString,
  derSequence,
  readRoot,
  type Tlv,
  UniversalTag,
} from '../internal/der/index.js';
import { type BinaryInput, decodeInput, type PemBlock } from '../pem/index.js';
import { keyMalformed, unexpectedObject } from './key-errors.js';
import { type PublicKey, parseSubjectPublicKeyInfo } from './public-key.js';

/** Options for {@link parsePublicKey}. */
export interface ParsePublicKeyOptions {
  /** Largest input accepted, in bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
}

const RSA_ALG_ID = Uint8Array.of(
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
);

/**
 * Reads a public key: SubjectPublicKeyInfo (`PUBLIC KEY`, as `openssl pkey -pubout` writes) or PKCS#1
 * `RSA PUBLIC KEY`, in PEM or DER. In a PEM text with several blocks the first public key block is used.
 *
 * @throws KeyError `ERR_KEY_MALFORMED`, `ERR_KEY_UNSUPPORTED_ALGORITHM` (EC with explicit parameters).
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNEXPECTED_OBJECT`.
 * @throws PemError PEM framing errors.
 * @example
 * ```ts
 * import { parsePublicKey } from 'certkit/keys';
 * const pub = parsePublicKey(execSync('openssl pkey -in key.pem -pubout', { encoding: 'utf8' }));
 * console.log(pub.algorithm, pub.sha256Fingerprint);
 * ```
 * @see RFC 5280 section 4.1.2.7, RFC 8017 appendix A.1.1
 */
export function parsePublicKey(input: BinaryInput, options: ParsePublicKeyOptions = {}): PublicKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parsePublicKey expects PEM text (a string) or bytes (a Uint8Array or Buffer)');
  }
  const decoded = decodeInput(input, {
    checkContent: false,
    ...(options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes }),
  });
  if (decoded.kind === 'der') return guard(() => fromDer(new Uint8Array(decoded.bytes)));
  const block: PemBlock | undefined = decoded.blocks.find(
    (b) => b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY',
  );
  if (block === undefined) {
    const labels = [...new Set(decoded.blocks.map((b) => b.label))];
    throw unexpectedObject('a public key', labels.map((l) => `a ${l} block`).join(', '), { labels });
  }
  const bytes = new Uint8Array(block.bytes);
  return guard(() =>
    block.label === 'PUBLIC KEY' ? parseSubjectPublicKeyInfo(bytes) : fromRsaPublicKey(bytes),
  );
}

function fromDer(der: Uint8Array): PublicKey {
  const root = readRoot(der);
  const [a, b] = children(der, root);
  const isU = (t: Tlv | undefined, tag: number): boolean => t !== undefined && t.cls === 0 && t.tag === tag;
  if (isU(a, UniversalTag.integer) && isU(b, UniversalTag.integer)) return fromRsaPublicKey(der);
  return parseSubjectPublicKeyInfo(der);
}

/** RSAPublicKey (PKCS#1) as a SubjectPublicKeyInfo with rsaEncryption. */
function fromRsaPublicKey(der: Uint8Array): PublicKey {
  const root = readRoot(der);
  const f = children(der, root);
  if (
    root.tag !== UniversalTag.sequence ||
    f.length !== 2 ||
    f.some((t) => t.cls !== 0 || t.tag !== UniversalTag.integer || t.end === t.valueStart)
  ) {
    throw keyMalformed('RSAPublicKey needs exactly a modulus and an exponent');
  }
  return parseSubjectPublicKeyInfo(derSequence(RSA_ALG_ID, derBitString(der)));
}

function guard(read: () => PublicKey): PublicKey {
  try {
    return read();
  } catch (e) {
    if (isCertkitError(e) && (e.code === 'ERR_DER_MALFORMED' || e.code === 'ERR_DER_TRAILING_DATA')) {
      throw keyMalformed(String(e.details.reason ?? 'not DER'), e);
    }
    throw e;
  }
}
