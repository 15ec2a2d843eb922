import { constants, type KeyObject, sign, webcrypto } from 'node:crypto';
import { IssueError } from '../errors/area-errors.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { PeculiarX509 } from './load-peculiar.js';

/** The WebCrypto types as `@peculiar/x509` declares them (the project has no DOM lib). */
type PeculiarCrypto = Parameters<PeculiarX509['cryptoProvider']['set']>[0];
type PeculiarCryptoKey = PeculiarCrypto extends { subtle: { sign(a: never, k: infer K, d: never): unknown } }
  ? K
  : never;

/** The WebCrypto-style algorithm certkit signs with, as `@peculiar/x509` maps it to an AlgorithmIdentifier. */
export type SigningAlgorithm =
  | { readonly name: 'ECDSA'; readonly namedCurve: string; readonly hash: HashName }
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: HashName }
  | { readonly name: 'RSA-PSS'; readonly hash: HashName; readonly saltLength: number }
  | { readonly name: 'Ed25519' }
  | { readonly name: 'EdDSA'; readonly namedCurve: 'Ed448' };

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** @internal What the generators need to sign with a certkit key. */
export interface SigningKey {
  /** The crypto provider to pass to every `@peculiar/x509` generator call. */
  readonly crypto: PeculiarCrypto;
  /** Stand-ins for CryptoKeys: the private one signs through Node's `crypto.sign`. */
  readonly keys: { readonly privateKey: PeculiarCryptoKey; readonly publicKey: PeculiarCryptoKey };
  readonly algorithm: SigningAlgorithm;
  /** The key's SubjectPublicKeyInfo, DER, exactly as the key carries it. */
  readonly spki: Uint8Array;
}

const PRIVATE = new WeakMap<object, { keyObject: KeyObject; algorithm: SigningAlgorithm }>();
const PUBLIC = new WeakMap<object, Uint8Array>();

const NODE_HASH: Record<HashName, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * The signature algorithm for a key: SHA-256 for RSA, the hash that matches the curve for ECDSA
 * (RFC 5480 section 4; CA/B BR 7.1.3.2), the parameters an RSA-PSS key is restricted to, if any
 * (RFC 4055 section 3.1), and pure EdDSA (RFC 8410 section 3).
 */
export function signingAlgorithmOf(key: PrivateKey): SigningAlgorithm {
  switch (key.algorithm) {
    case 'rsa':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'rsa-pss':
      return pssAlgorithm(key);
    case 'ec': {
      const hash: HashName =
        key.curve === 'P-384' ? 'SHA-384' : key.curve === 'P-521' ? 'SHA-512' : 'SHA-256';
      if (key.curve !== 'P-256' && key.curve !== 'P-384' && key.curve !== 'P-521') throw unsupported(key);
      return { name: 'ECDSA', namedCurve: key.curve, hash };
    }
    case 'ed25519':
      return { name: 'Ed25519' };
    case 'ed448':
      // @peculiar/x509 names Ed448 the way @peculiar/webcrypto does; Node's crypto signs it below.
      return { name: 'EdDSA', namedCurve: 'Ed448' };
    default:
      throw unsupported(key);
  }
}

function pssAlgorithm(key: PrivateKey): SigningAlgorithm {
  const details = key.toKeyObject().asymmetricKeyDetails ?? {};
  const hash = (details.hashAlgorithm ?? 'sha256').toUpperCase().replace('SHA', 'SHA-') as HashName;
  if (
    !(hash in NODE_HASH) ||
    (details.mgf1HashAlgorithm ?? details.hashAlgorithm ?? 'sha256') !== NODE_HASH[hash]
  ) {
    throw unsupported(key, 'RSA-PSS parameters other than SHA-256/384/512 with MGF1 over the same hash');
  }
  const min = details.saltLength ?? 0;
  const saltLength = Math.max(min, Number.parseInt(hash.slice(4), 10) / 8);
  return { name: 'RSA-PSS', hash, saltLength };
}

function unsupported(key: PrivateKey, what?: string): IssueError {
  return new IssueError(
    'ERR_ISSUE_KEY_UNSUPPORTED',
    `A ${key.algorithm}${key.curve === undefined ? '' : ` ${key.curve}`} key cannot sign here${what === undefined ? '' : ` (${what})`}.`,
    { details: { algorithm: key.algorithm, curve: key.curve ?? null } },
  );
}

/**
 * @internal Wraps a certkit key for `@peculiar/x509`. Node's WebCrypto cannot import every key certkit
 * reads (RSA-PSS keys with the id-RSASSA-PSS OID, and Ed448 under the name @peculiar/x509 uses), so the
 * generators get a crypto provider whose `sign` is Node's `crypto.sign` over the key's KeyObject and
 * whose `exportKey('spki')` answers the key's own SubjectPublicKeyInfo; everything else is Node's WebCrypto.
 */
export function signingKeyOf(key: PrivateKey): SigningKey {
  const algorithm = signingAlgorithmOf(key);
  const keyObject = key.toKeyObject();
  const privateKey = { type: 'private', extractable: false, algorithm, usages: ['sign'] };
  const publicKey = { type: 'public', extractable: true, algorithm, usages: ['verify'] };
  PRIVATE.set(privateKey, { keyObject, algorithm });
  PUBLIC.set(publicKey, key.publicKey.spki);
  return {
    crypto: CRYPTO,
    keys: { privateKey, publicKey } as unknown as SigningKey['keys'],
    algorithm,
    spki: key.publicKey.spki,
  };
}

function nodeSign(algorithm: SigningAlgorithm, keyObject: KeyObject, data: Uint8Array): ArrayBuffer {
  let signature: Buffer;
  switch (algorithm.name) {
    case 'ECDSA':
      signature = sign(NODE_HASH[algorithm.hash], data, { key: keyObject, dsaEncoding: 'ieee-p1363' });
      break;
    case 'RSASSA-PKCS1-v1_5':
      signature = sign(NODE_HASH[algorithm.hash], data, keyObject);
      break;
    case 'RSA-PSS':
      signature = sign(NODE_HASH[algorithm.hash], data, {
        key: keyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: algorithm.saltLength,
      });
      break;
    default:
      signature = sign(null, data, keyObject);
  }
  return new Uint8Array(signature).buffer;
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const subtle = webcrypto.subtle;
const CRYPTO = {
  getRandomValues: (array: Uint8Array): Uint8Array => webcrypto.getRandomValues(array),
  randomUUID: () => webcrypto.randomUUID(),
  subtle: new Proxy(subtle, {
    get(target, property) {
      if (property === 'sign') {
        return async (algorithm: unknown, key: object, data: ArrayBuffer | ArrayBufferView) => {
          const own = PRIVATE.get(key);
          if (own === undefined) return subtle.sign(algorithm as never, key as never, data);
          // The key's own algorithm, not the merged one the generator passes: it is what the
          // AlgorithmIdentifier was made from.
          return nodeSign(own.algorithm, own.keyObject, toBytes(data));
        };
      }
      if (property === 'exportKey') {
        return async (format: string, key: object) => {
          const spki = PUBLIC.get(key);
          if (spki !== undefined && format === 'spki') return new Uint8Array(spki).buffer;
          return subtle.exportKey(format as never, key as never);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }),
} as unknown as PeculiarCrypto;
