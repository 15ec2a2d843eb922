import { pbkdf2Sync, scryptSync } from 'node:crypto';
import {
  children,
  readOid,
  readSmallInteger,
  type Tlv,
  UniversalTag,
  valueBytes,
} from '../internal/der/index.js';
import { HmacPrfByOid, KeyEncryptionOid } from '../internal/oids.js';
import { CBC_CIPHERS, type CbcCipher, cbcDecrypt } from './cbc-cipher.js';
import { iteratedHashWork, type KdfBudget, pbkdf2Work, scryptWork } from './kdf-budget.js';
import { evpBytesToKey, Pkcs12KeyId, passwordToBmp, pbkdf1, pkcs12Kdf } from './key-derivation.js';
import { keyMalformed, unsupportedEncryption } from './key-errors.js';

/** Facts about how a private key was encrypted. None of them are secret. */
export interface KeyEncryptionInfo {
  /**
   * The scheme, e.g. `pbes2-pbkdf2-aes-256-cbc`, `pbes2-scrypt-aes-256-cbc`, `pbes1-md5-des-cbc`,
   * `pkcs12-pbe-sha1-3des-cbc`, `legacy-des-ede3-cbc`, `legacy-aes-256-cbc`.
   */
  readonly scheme: string;
  /** The key derivation function. */
  readonly kdf: 'pbkdf2' | 'scrypt' | 'pbkdf1' | 'pkcs12' | 'evp-bytes-to-key';
  /** The hash behind the KDF: `sha256` for PBKDF2 with hmacWithSHA256, `md5` for legacy PEM, … */
  readonly hash: string;
  /** Iteration count (PBKDF2, PBKDF1, PKCS#12 KDF; 1 for legacy PEM). */
  readonly iterations?: number;
  /** scrypt cost parameters. */
  readonly scrypt?: { readonly cost: number; readonly blockSize: number; readonly parallelization: number };
  /** The cipher, e.g. `aes-256-cbc`. */
  readonly cipher: string;
}

/** A parsed encryption scheme that can decrypt its ciphertext given a password. */
export interface KeyDecryptor {
  readonly info: KeyEncryptionInfo;
  /** The key-derivation work of one decryption, in {@link KdfBudget} units. */
  readonly work: number;
  /**
   * Charges `budget` with {@link work}, then decrypts; `undefined` when the padding is wrong (a wrong
   * password). @throws KeyError `ERR_KEY_KDF_LIMIT` before any work when the budget would be passed.
   */
  decrypt(password: Uint8Array, budget: KdfBudget): Buffer | undefined;
}

/** A decryptor that charges the budget before running `run`. */
function decryptor(
  info: KeyEncryptionInfo,
  work: number,
  run: (password: Uint8Array) => Buffer | undefined,
): KeyDecryptor {
  return {
    info,
    work,
    decrypt(password, budget) {
      budget.charge(work, info.scheme);
      return run(password);
    },
  };
}

/** Iteration counts above this are refused, so a hostile file cannot make a parse run for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** The JavaScript-loop KDFs (PBKDF1, PKCS#12) get a lower limit. */
export const MAX_LEGACY_ITERATIONS = 1_000_000;
/**
 * scrypt limits: memory (128·N·r) up to 64 MiB (OpenSSL's own default limit is 32 MiB) and work
 * (128·N·r·p) up to 256 MiB, 16 times what `openssl pkcs8 -scrypt` writes.
 */
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;
const MAX_SCRYPT_WORK = 256 * 1024 * 1024;

const PBES2_CIPHER_BY_OID: Readonly<Record<string, CbcCipher>> = {
  [KeyEncryptionOid.aes128Cbc]: CBC_CIPHERS['aes-128-cbc']!,
  [KeyEncryptionOid.aes192Cbc]: CBC_CIPHERS['aes-192-cbc']!,
  [KeyEncryptionOid.aes256Cbc]: CBC_CIPHERS['aes-256-cbc']!,
  [KeyEncryptionOid.desEde3Cbc]: CBC_CIPHERS['des-ede3-cbc']!,
  [KeyEncryptionOid.desCbc]: CBC_CIPHERS['des-cbc']!,
};

const PBES1: Readonly<Record<string, { hash: string; scheme: string } | { unsupported: string }>> = {
  [KeyEncryptionOid.pbeWithMD5AndDesCbc]: { hash: 'md5', scheme: 'pbes1-md5-des-cbc' },
  [KeyEncryptionOid.pbeWithSha1AndDesCbc]: { hash: 'sha1', scheme: 'pbes1-sha1-des-cbc' },
  [KeyEncryptionOid.pbeWithMD2AndDesCbc]: { unsupported: 'PBES1 pbeWithMD2AndDES-CBC' },
  [KeyEncryptionOid.pbeWithMD2AndRc2Cbc]: { unsupported: 'PBES1 pbeWithMD2AndRC2-CBC' },
  [KeyEncryptionOid.pbeWithMD5AndRc2Cbc]: { unsupported: 'PBES1 pbeWithMD5AndRC2-CBC' },
  [KeyEncryptionOid.pbeWithSha1AndRc2Cbc]: { unsupported: 'PBES1 pbeWithSHA1AndRC2-CBC' },
};

const PKCS12_PBE: Readonly<Record<string, { cipher: CbcCipher; scheme: string } | { unsupported: string }>> =
  {
    [KeyEncryptionOid.pkcs12PbeSha13DesCbc]: {
      cipher: CBC_CIPHERS['des-ede3-cbc']!,
      scheme: 'pkcs12-pbe-sha1-3des-cbc',
    },
    [KeyEncryptionOid.pkcs12PbeSha12DesCbc]: {
      cipher: CBC_CIPHERS['des-ede-cbc']!,
      scheme: 'pkcs12-pbe-sha1-2des-cbc',
    },
    [KeyEncryptionOid.pkcs12PbeSha1Rc4128]: { unsupported: 'PKCS#12 pbeWithSHAAnd128BitRC4' },
    [KeyEncryptionOid.pkcs12PbeSha1Rc440]: { unsupported: 'PKCS#12 pbeWithSHAAnd40BitRC4' },
    [KeyEncryptionOid.pkcs12PbeSha1Rc2128]: {
      cipher: CBC_CIPHERS['rc2-128-cbc']!,
      scheme: 'pkcs12-pbe-sha1-rc2-128-cbc',
    },
    [KeyEncryptionOid.pkcs12PbeSha1Rc240]: {
      cipher: CBC_CIPHERS['rc2-40-cbc']!,
      scheme: 'pkcs12-pbe-sha1-rc2-40-cbc',
    },
  };

function need(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv === undefined) throw keyMalformed(`${what} is missing`);
  if (tlv.cls !== 0 || tlv.tag !== tag) throw keyMalformed(`${what} has the wrong type`);
  return tlv;
}

function iterationCount(der: Uint8Array, tlv: Tlv | undefined, max: number, scheme: string): number {
  const n = readSmallInteger(der, need(tlv, UniversalTag.integer, 'iterationCount'));
  if (n < 1) throw keyMalformed(`iteration count ${n} is not positive`);
  if (n > max) {
    throw unsupportedEncryption(`${scheme} with ${n} iterations (limit ${max})`, {
      iterations: n,
      limit: max,
    });
  }
  return n;
}

/**
 * Reads the `encryptionAlgorithm` of an EncryptedPrivateKeyInfo and returns a decryptor for its
 * `encryptedData`. Throws `ERR_KEY_UNSUPPORTED_ENCRYPTION` for schemes certkit does not implement
 * and `ERR_KEY_MALFORMED` for broken parameters, before any password is needed.
 *
 * @see RFC 5958 section 3, RFC 8018 sections 6.1 and 6.2, RFC 7914 section 7, RFC 7292 appendix C
 */
export function readKeyEncryption(der: Uint8Array, algId: Tlv, encryptedData: Uint8Array): KeyDecryptor {
  const [oidTlv, params] = children(der, algId);
  const oid = readOid(der, need(oidTlv, UniversalTag.oid, 'encryption algorithm'));
  if (oid === KeyEncryptionOid.pbes2)
    return readPbes2(der, need(params, UniversalTag.sequence, 'PBES2-params'), encryptedData);

  type Entry =
    | { hash: string; scheme: string }
    | { cipher: CbcCipher; scheme: string }
    | { unsupported: string }
    | undefined;
  const entry: Entry = (PBES1[oid] as Entry) ?? (PKCS12_PBE[oid] as Entry);
  if (entry === undefined) throw unsupportedEncryption(`the unknown scheme ${oid}`, { oid });
  if ('unsupported' in entry) throw unsupportedEncryption(entry.unsupported, { oid });
  const p = need(params, UniversalTag.sequence, 'PBE parameters');
  const [saltTlv, iterTlv] = children(der, p);
  const salt = valueBytes(der, need(saltTlv, UniversalTag.octetString, 'salt'));
  if ('hash' in entry) {
    // PBES1: PBKDF1 gives 16 bytes, DES key then IV.
    if (salt.length !== 8) throw keyMalformed(`PBES1 needs an 8-byte salt, found ${salt.length} bytes`);
    const iterations = iterationCount(der, iterTlv, MAX_LEGACY_ITERATIONS, entry.scheme);
    const cipher = CBC_CIPHERS['des-cbc']!;
    const info: KeyEncryptionInfo = {
      scheme: entry.scheme,
      kdf: 'pbkdf1',
      hash: entry.hash,
      iterations,
      cipher: cipher.name,
    };
    return decryptor(info, iteratedHashWork(entry.hash, iterations, 16), (password) => {
      const dk = pbkdf1(entry.hash, password, salt, iterations, 16);
      return cbcDecrypt(cipher, dk.subarray(0, 8), dk.subarray(8, 16), encryptedData);
    });
  }
  const iterations = iterationCount(der, iterTlv, MAX_LEGACY_ITERATIONS, entry.scheme);
  const { cipher } = entry;
  const work =
    iteratedHashWork('sha1', iterations, cipher.keyLength) +
    iteratedHashWork('sha1', iterations, cipher.ivLength);
  const info: KeyEncryptionInfo = {
    scheme: entry.scheme,
    kdf: 'pkcs12',
    hash: 'sha1',
    iterations,
    cipher: cipher.name,
  };
  return decryptor(info, work, (password) => {
    const bmp = passwordToBmp(password);
    const key = pkcs12Kdf('sha1', bmp, salt, iterations, Pkcs12KeyId.key, cipher.keyLength);
    const iv = pkcs12Kdf('sha1', bmp, salt, iterations, Pkcs12KeyId.iv, cipher.ivLength);
    bmp.fill(0);
    return cbcDecrypt(cipher, key, iv, encryptedData);
  });
}

function readPbes2(der: Uint8Array, params: Tlv, encryptedData: Uint8Array): KeyDecryptor {
  const [kdfTlv, encTlv] = children(der, params);
  const kdf = need(kdfTlv, UniversalTag.sequence, 'keyDerivationFunc');
  const enc = need(encTlv, UniversalTag.sequence, 'encryptionScheme');

  const [encOidTlv, ivTlv] = children(der, enc);
  const encOid = readOid(der, need(encOidTlv, UniversalTag.oid, 'encryption scheme'));
  const cipher = PBES2_CIPHER_BY_OID[encOid];
  if (cipher === undefined) {
    throw unsupportedEncryption(`PBES2 with the cipher ${CIPHER_NAMES[encOid] ?? encOid}`, {
      cipherOid: encOid,
    });
  }
  const iv = valueBytes(der, need(ivTlv, UniversalTag.octetString, 'IV'));
  if (iv.length !== cipher.ivLength) {
    throw keyMalformed(`${cipher.name} needs a ${cipher.ivLength}-byte IV, found ${iv.length} bytes`);
  }

  const [kdfOidTlv, kdfParamsTlv] = children(der, kdf);
  const kdfOid = readOid(der, need(kdfOidTlv, UniversalTag.oid, 'key derivation function'));
  const kdfParams = children(der, need(kdfParamsTlv, UniversalTag.sequence, 'KDF parameters'));
  const salt = valueBytes(der, need(kdfParams[0], UniversalTag.octetString, 'salt'));

  if (kdfOid === KeyEncryptionOid.pbkdf2) {
    let rest = kdfParams.slice(2);
    let keyLength = cipher.keyLength;
    if (rest[0]?.cls === 0 && rest[0].tag === UniversalTag.integer) {
      keyLength = readSmallInteger(der, rest[0]);
      rest = rest.slice(1);
    }
    if (keyLength !== cipher.keyLength) {
      throw keyMalformed(`PBKDF2 key length ${keyLength} does not fit ${cipher.name}`);
    }
    let prf = { name: 'hmacWithSHA1', hash: 'sha1' };
    if (rest[0] !== undefined) {
      const prfSeq = need(rest[0], UniversalTag.sequence, 'PBKDF2 prf');
      const prfOid = readOid(der, need(children(der, prfSeq)[0], UniversalTag.oid, 'PBKDF2 prf'));
      const known = HmacPrfByOid[prfOid];
      if (known === undefined) throw unsupportedEncryption(`PBKDF2 with the PRF ${prfOid}`, { prfOid });
      prf = known;
    }
    const scheme = `pbes2-pbkdf2-${cipher.name}`;
    const iterations = iterationCount(der, kdfParams[1], MAX_PBKDF2_ITERATIONS, scheme);
    const info: KeyEncryptionInfo = {
      scheme,
      kdf: 'pbkdf2',
      hash: prf.hash,
      iterations,
      cipher: cipher.name,
    };
    return decryptor(info, pbkdf2Work(prf.hash, iterations, cipher.keyLength), (password) => {
      const key = pbkdf2Sync(password, salt, iterations, cipher.keyLength, prf.hash);
      try {
        return cbcDecrypt(cipher, key, iv, encryptedData);
      } finally {
        key.fill(0);
      }
    });
  }

  if (kdfOid === KeyEncryptionOid.scrypt) {
    const scheme = `pbes2-scrypt-${cipher.name}`;
    const cost = readSmallInteger(der, need(kdfParams[1], UniversalTag.integer, 'scrypt cost'));
    const blockSize = readSmallInteger(der, need(kdfParams[2], UniversalTag.integer, 'scrypt block size'));
    const parallelization = readSmallInteger(
      der,
      need(kdfParams[3], UniversalTag.integer, 'scrypt parallelization'),
    );
    if (kdfParams[4] !== undefined) {
      const keyLength = readSmallInteger(der, need(kdfParams[4], UniversalTag.integer, 'scrypt key length'));
      if (keyLength !== cipher.keyLength)
        throw keyMalformed(`scrypt key length ${keyLength} does not fit ${cipher.name}`);
    }
    if (cost < 2 || (cost & (cost - 1)) !== 0 || blockSize < 1 || parallelization < 1) {
      throw keyMalformed('scrypt parameters are out of range');
    }
    const memory = 128 * cost * blockSize;
    if (memory > MAX_SCRYPT_MEMORY || memory * parallelization > MAX_SCRYPT_WORK) {
      throw unsupportedEncryption(
        `scrypt with N=${cost}, r=${blockSize}, p=${parallelization} (too costly)`,
        {
          cost,
          blockSize,
          parallelization,
        },
      );
    }
    const info: KeyEncryptionInfo = {
      scheme,
      kdf: 'scrypt',
      hash: 'sha256',
      scrypt: { cost, blockSize, parallelization },
      cipher: cipher.name,
    };
    return decryptor(info, scryptWork(cost, blockSize, parallelization), (password) => {
      const key = scryptSync(password, salt, cipher.keyLength, {
        N: cost,
        r: blockSize,
        p: parallelization,
        maxmem: 2 * memory + 16 * 1024 * 1024,
      });
      try {
        return cbcDecrypt(cipher, key, iv, encryptedData);
      } finally {
        key.fill(0);
      }
    });
  }
  throw unsupportedEncryption(`PBES2 with the key derivation function ${kdfOid}`, { kdfOid });
}

const CIPHER_NAMES: Readonly<Record<string, string>> = {
  [KeyEncryptionOid.rc2Cbc]: 'rc2-cbc',
  '1.2.392.200011.61.1.1.1.2': 'camellia-128-cbc',
  '1.2.392.200011.61.1.1.1.3': 'camellia-192-cbc',
  '1.2.392.200011.61.1.1.1.4': 'camellia-256-cbc',
  '2.16.840.1.101.3.4.1.6': 'aes-128-gcm',
  '2.16.840.1.101.3.4.1.46': 'aes-256-gcm',
  '1.2.643.7.1.1.5.1.1': 'kuznyechik',
};

/** Legacy PEM `DEK-Info` ciphers. */
const LEGACY_CIPHERS: Readonly<Record<string, CbcCipher>> = {
  'DES-CBC': CBC_CIPHERS['des-cbc']!,
  'DES-EDE3-CBC': CBC_CIPHERS['des-ede3-cbc']!,
  'AES-128-CBC': CBC_CIPHERS['aes-128-cbc']!,
  'AES-192-CBC': CBC_CIPHERS['aes-192-cbc']!,
  'AES-256-CBC': CBC_CIPHERS['aes-256-cbc']!,
};

/**
 * Reads the `DEK-Info` header of a legacy OpenSSL encrypted PEM (`Proc-Type: 4,ENCRYPTED`): the key is
 * `EVP_BytesToKey(MD5, password, first 8 IV bytes, 1 iteration)`.
 *
 * @see RFC 1421 section 4.6.1.3, OpenSSL `PEM_do_header`
 */
export function readLegacyPemEncryption(
  dekInfo: string | undefined,
  encryptedData: Uint8Array,
): KeyDecryptor {
  if (dekInfo === undefined) throw keyMalformed('a Proc-Type: 4,ENCRYPTED block has no DEK-Info header');
  const comma = dekInfo.indexOf(',');
  const name = (comma < 0 ? dekInfo : dekInfo.slice(0, comma)).trim().toUpperCase();
  const ivHex = comma < 0 ? '' : dekInfo.slice(comma + 1).trim();
  const cipher = LEGACY_CIPHERS[name];
  if (cipher === undefined) throw unsupportedEncryption(`the legacy PEM cipher ${name}`, { cipher: name });
  if (!/^[0-9a-fA-F]*$/.test(ivHex) || ivHex.length !== cipher.ivLength * 2) {
    throw keyMalformed(`the DEK-Info IV is not ${cipher.ivLength} bytes of hex`);
  }
  const iv = Buffer.from(ivHex, 'hex');
  const info: KeyEncryptionInfo = {
    scheme: `legacy-${cipher.name}`,
    kdf: 'evp-bytes-to-key',
    hash: 'md5',
    iterations: 1,
    cipher: cipher.name,
  };
  return decryptor(info, 1, (password) => {
    const key = evpBytesToKey('md5', password, iv.subarray(0, 8), cipher.keyLength);
    try {
      return cbcDecrypt(cipher, key, iv, encryptedData);
    } finally {
      key.fill(0);
    }
  });
}
