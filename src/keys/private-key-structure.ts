import { createECDH, createPrivateKey, createPublicKey } from 'node:crypto';
import {
  children,
  derBitString,
  derOctetString,
  derOid,
  derSequence,
  readOid,
  readRoot,
  readSmallInteger,
  type Tlv,
  tlvBytes,
  UniversalTag,
  valueBytes,
} from '../internal/der/index.js';
import { CurveByOid, KeyAlgorithmOid } from '../internal/oids.js';
import { keyMalformed, unsupportedAlgorithm } from './key-errors.js';
import { type KeyAlgorithm, type PublicKey, parseSubjectPublicKeyInfo } from './public-key.js';
import { checkRsaPssKeyParameters } from './rsa-pss-parameters.js';

/** The unencrypted private key structures certkit reads. */
export type PrivateKeyFormat = 'pkcs1' | 'sec1' | 'pkcs8';

/** Algorithms a {@link PrivateKey} can have. */
export type PrivateKeyAlgorithm = Extract<KeyAlgorithm, 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448'>;

/** What the structure of an unencrypted private key says, read without OpenSSL. */
export interface PrivateKeyStructure {
  readonly format: PrivateKeyFormat;
  readonly algorithm: PrivateKeyAlgorithm;
  readonly curveOid: string | undefined;
  /** The public key: read from the structure (RSA n/e, EC/Ed public key field) or derived. */
  readonly publicKey: PublicKey;
  /**
   * The DER to give OpenSSL when it differs from the input: a PKCS#8 v1 re-encoding of a v2 key
   * (OpenSSL 3.0 refuses the v2 `[1] publicKey` field).
   */
  readonly keyObjectDer?: Uint8Array;
}

/** The curves a private key may use. */
const SUPPORTED_CURVES = new Set(['1.2.840.10045.3.1.7', '1.3.132.0.34', '1.3.132.0.35']);

const RSA_ALG_ID = derSequence(derOid(KeyAlgorithmOid.rsaEncryption), Uint8Array.of(0x05, 0x00));
const EC_ALG_IDS = new Map<string, Uint8Array>();
function ecAlgId(curveOid: string): Uint8Array {
  let id = EC_ALG_IDS.get(curveOid);
  if (id === undefined) {
    id = derSequence(derOid(KeyAlgorithmOid.ecPublicKey), derOid(curveOid));
    EC_ALG_IDS.set(curveOid, id);
  }
  return id;
}

const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [KeyAlgorithmOid.dsa]: 'DSA',
  [KeyAlgorithmOid.x25519]: 'X25519',
  [KeyAlgorithmOid.x448]: 'X448',
  '1.2.840.10046.2.1': 'DH (X9.42)',
  '1.2.840.113549.1.3.1': 'DH (PKCS#3)',
  '1.2.156.10197.1.301': 'SM2',
  '1.2.643.7.1.1.1.1': 'GOST R 34.10-2012 (256)',
  '1.2.643.7.1.1.1.2': 'GOST R 34.10-2012 (512)',
};

function is(tlv: Tlv | undefined, tag: number): tlv is Tlv {
  return tlv !== undefined && tlv.cls === 0 && tlv.tag === tag;
}

/**
 * Reads RSAPrivateKey (PKCS#1): checks it has its nine INTEGERs and takes the modulus and exponent
 * for the public key. `algId` is the AlgorithmIdentifier DER to put in the public key's SPKI.
 * @see RFC 8017 appendix A.1.2
 */
function readRsa(
  der: Uint8Array,
  root: Tlv,
  algId: Uint8Array,
  format: PrivateKeyFormat,
  algorithm: 'rsa' | 'rsa-pss',
): PrivateKeyStructure {
  if (!root.constructed || !is(root, UniversalTag.sequence))
    throw keyMalformed('RSAPrivateKey is not a SEQUENCE');
  const f = children(der, root);
  if (f.length < 9) throw keyMalformed(`RSAPrivateKey has ${f.length} fields, expected 9`);
  for (let i = 0; i < 9; i++) {
    if (!is(f[i], UniversalTag.integer) || f[i]!.end === f[i]!.valueStart) {
      throw keyMalformed(`RSAPrivateKey field ${i + 1} is not an INTEGER`);
    }
  }
  const version = readSmallInteger(der, f[0]!);
  if (version !== 0 && version !== 1) throw keyMalformed(`RSAPrivateKey version ${version} is unknown`);
  const n = f[1]!;
  const e = f[2]!;
  if ((der[n.valueStart]! & 0x80) !== 0 || (der[e.valueStart]! & 0x80) !== 0) {
    throw keyMalformed('RSA modulus or exponent is negative');
  }
  const spki = derSequence(algId, derBitString(derSequence(tlvBytes(der, n), tlvBytes(der, e))));
  const publicKey = parseSubjectPublicKeyInfo(spki);
  if ((publicKey.bits ?? 0) < 2) throw keyMalformed('RSA modulus is zero');
  return { format, algorithm, curveOid: undefined, publicKey };
}

/**
 * Reads ECPrivateKey (SEC1): the curve (from `[0]` or the PKCS#8 algorithm) and the public point
 * (from `[1]`, or derived from the private scalar when absent).
 * @see RFC 5915 section 3
 */
function readEc(
  der: Uint8Array,
  root: Tlv,
  outerCurveOid: string | undefined,
  format: PrivateKeyFormat,
): PrivateKeyStructure {
  if (!root.constructed || !is(root, UniversalTag.sequence))
    throw keyMalformed('ECPrivateKey is not a SEQUENCE');
  const f = children(der, root);
  if (!is(f[0], UniversalTag.integer) || readSmallInteger(der, f[0]) !== 1) {
    throw keyMalformed('ECPrivateKey must start with version 1');
  }
  if (!is(f[1], UniversalTag.octetString)) throw keyMalformed('ECPrivateKey has no private key OCTET STRING');
  const scalar = valueBytes(der, f[1]);
  let curveOid = outerCurveOid;
  let point: Uint8Array | undefined;
  for (const t of f.slice(2)) {
    if (t.cls === 2 && t.tag === 0 && t.constructed) {
      const inner = children(der, t)[0];
      if (!is(inner, UniversalTag.oid)) {
        throw unsupportedAlgorithm('EC with explicit curve parameters', { algorithm: 'ec' });
      }
      const oid = readOid(der, inner);
      if (curveOid !== undefined && curveOid !== oid) {
        throw keyMalformed('the curve in ECPrivateKey differs from the curve of the PKCS#8 algorithm');
      }
      curveOid = oid;
    } else if (t.cls === 2 && t.tag === 1 && t.constructed) {
      const inner = children(der, t)[0];
      if (
        !is(inner, UniversalTag.bitString) ||
        inner.end - inner.valueStart < 2 ||
        der[inner.valueStart] !== 0
      ) {
        throw keyMalformed('the ECPrivateKey public key is not a BIT STRING');
      }
      point = der.subarray(inner.valueStart + 1, inner.end);
    } else {
      throw keyMalformed('ECPrivateKey has an unexpected field');
    }
  }
  if (curveOid === undefined) throw keyMalformed('the EC key names no curve');
  const curve = CurveByOid[curveOid];
  if (!SUPPORTED_CURVES.has(curveOid) || curve === undefined) {
    throw unsupportedAlgorithm(`EC curve ${curve?.name ?? curveOid}`, { algorithm: 'ec', curveOid });
  }
  const size = Math.ceil(curve.bits / 8);
  if (scalar.length === 0 || scalar.length > size) {
    throw keyMalformed(
      `the ${curve.name} private scalar has ${scalar.length} bytes, expected at most ${size}`,
    );
  }
  if (point === undefined) {
    point = derivePoint(curve.nodeName, scalar, size);
  } else {
    const kind = point[0];
    const ok =
      (kind === 0x04 && point.length === 1 + 2 * size) ||
      ((kind === 0x02 || kind === 0x03) && point.length === 1 + size);
    if (!ok) throw keyMalformed(`the ${curve.name} public point has a wrong length or form`);
  }
  const publicKey = parseSubjectPublicKeyInfo(derSequence(ecAlgId(curveOid), derBitString(point)));
  return { format, algorithm: 'ec', curveOid, publicKey };
}

function derivePoint(nodeCurve: string, scalar: Uint8Array, size: number): Uint8Array {
  const padded = Buffer.alloc(size);
  padded.set(scalar, size - scalar.length);
  try {
    const ecdh = createECDH(nodeCurve);
    ecdh.setPrivateKey(padded);
    return ecdh.getPublicKey();
  } catch (cause) {
    throw keyMalformed('the EC private scalar is not valid for its curve', cause);
  } finally {
    padded.fill(0);
  }
}

/** Reads the CurvePrivateKey of an Ed25519/Ed448 PKCS#8 key and its public key. @see RFC 8410 section 7 */
function readEdwards(
  der: Uint8Array,
  inner: Uint8Array,
  publicKeyField: Tlv | undefined,
  algorithm: 'ed25519' | 'ed448',
  algId: Uint8Array,
): PrivateKeyStructure {
  const size = algorithm === 'ed25519' ? 32 : 57;
  let seed: Tlv;
  try {
    seed = readRoot(inner);
  } catch (cause) {
    throw keyMalformed(`the ${algorithm} private key is not an OCTET STRING`, cause);
  }
  if (!is(seed, UniversalTag.octetString) || seed.end - seed.valueStart !== size) {
    throw keyMalformed(`the ${algorithm} private key must be a ${size}-byte OCTET STRING`);
  }
  let spki: Uint8Array;
  const v1 = derSequence(Uint8Array.of(0x02, 0x01, 0x00), algId, derOctetString(inner));
  if (publicKeyField !== undefined) {
    const raw = der.subarray(publicKeyField.valueStart + 1, publicKeyField.end);
    if (der[publicKeyField.valueStart] !== 0 || raw.length !== size) {
      throw keyMalformed(`the ${algorithm} public key must be ${size} bytes`);
    }
    spki = derSequence(algId, derBitString(raw));
  } else {
    try {
      const priv = createPrivateKey({ key: Buffer.from(v1), format: 'der', type: 'pkcs8' });
      spki = new Uint8Array(createPublicKey(priv).export({ type: 'spki', format: 'der' }));
    } catch (cause) {
      throw keyMalformed(`Node cannot derive the ${algorithm} public key`, cause);
    }
  }
  return {
    format: 'pkcs8',
    algorithm,
    curveOid: undefined,
    publicKey: parseSubjectPublicKeyInfo(spki),
    ...(publicKeyField === undefined ? {} : { keyObjectDer: v1 }),
  };
}

/**
 * Reads PrivateKeyInfo / OneAsymmetricKey (PKCS#8 v1 and v2).
 * @see RFC 5958 section 2, RFC 5208
 */
function readPkcs8(der: Uint8Array, root: Tlv): PrivateKeyStructure {
  if (!root.constructed || !is(root, UniversalTag.sequence))
    throw keyMalformed('PrivateKeyInfo is not a SEQUENCE');
  const f = children(der, root);
  if (!is(f[0], UniversalTag.integer)) throw keyMalformed('PrivateKeyInfo has no version');
  const version = readSmallInteger(der, f[0]);
  if (version !== 0 && version !== 1) throw keyMalformed(`PrivateKeyInfo version ${version} is unknown`);
  const algTlv = f[1];
  if (!is(algTlv, UniversalTag.sequence)) throw keyMalformed('PrivateKeyInfo has no algorithm');
  if (!is(f[2], UniversalTag.octetString))
    throw keyMalformed('PrivateKeyInfo has no privateKey OCTET STRING');
  let publicKeyField: Tlv | undefined;
  for (const t of f.slice(3)) {
    if (t.cls === 2 && t.tag === 0) continue; // attributes
    if (t.cls === 2 && t.tag === 1 && !t.constructed && version === 1) publicKeyField = t;
    else throw keyMalformed('PrivateKeyInfo has an unexpected field');
  }
  const [oidTlv, params] = children(der, algTlv);
  if (!is(oidTlv, UniversalTag.oid)) throw keyMalformed('the key algorithm is not an OBJECT IDENTIFIER');
  const oid = readOid(der, oidTlv);
  const algId = tlvBytes(der, algTlv);
  const inner = valueBytes(der, f[2]);
  const innerRoot = (): Tlv => readRoot(inner);
  switch (oid) {
    case KeyAlgorithmOid.rsaEncryption:
      return readRsa(inner, innerRoot(), algId, 'pkcs8', 'rsa');
    case KeyAlgorithmOid.rsassaPss: {
      const structure = readRsa(inner, innerRoot(), algId, 'pkcs8', 'rsa-pss');
      checkRsaPssKeyParameters(der, params, structure.publicKey.bits ?? 0);
      return structure;
    }
    case KeyAlgorithmOid.ecPublicKey: {
      if (!is(params, UniversalTag.oid)) {
        throw unsupportedAlgorithm('EC with explicit curve parameters', { algorithm: 'ec' });
      }
      const structure = readEc(inner, innerRoot(), readOid(der, params), 'pkcs8');
      return structure;
    }
    case KeyAlgorithmOid.ed25519:
      return readEdwards(der, inner, publicKeyField, 'ed25519', algId);
    case KeyAlgorithmOid.ed448:
      return readEdwards(der, inner, publicKeyField, 'ed448', algId);
    default:
      throw unsupportedAlgorithm(ALGORITHM_NAMES[oid] ?? oid, { algorithmOid: oid });
  }
}

/**
 * Reads an unencrypted private key structure of the given format from DER that fills `der` exactly.
 * Throws `ERR_KEY_MALFORMED` (or DER errors, which the caller turns into it) and
 * `ERR_KEY_UNSUPPORTED_ALGORITHM`.
 */
export function readPrivateKeyStructure(der: Uint8Array, format: PrivateKeyFormat): PrivateKeyStructure {
  const root = readRoot(der);
  switch (format) {
    case 'pkcs1':
      return readRsa(der, root, RSA_ALG_ID, 'pkcs1', 'rsa');
    case 'sec1':
      return readEc(der, root, undefined, 'sec1');
    case 'pkcs8':
      return readPkcs8(der, root);
  }
}
