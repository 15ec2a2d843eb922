import { createHash, timingSafeEqual } from 'node:crypto';
import { children, readOid, readRoot, UniversalTag, valueBytes } from '../../../internal/der/index.js';
import { storeError } from '../format-errors.js';

/** Sun's proprietary JKS key protection algorithm (`sun.security.provider.KeyProtector`). */
export const SUN_KEY_PROTECTOR_OID = '1.3.6.1.4.1.42.2.17.1.1';

/** A Java password as the JKS algorithms hash it: each UTF-16 code unit as two bytes, big-endian. */
export function javaPasswordBytes(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), 2 * i);
  return out;
}

/**
 * Recovers the PKCS#8 PrivateKeyInfo from a JKS key entry (an EncryptedPrivateKeyInfo with Sun's
 * algorithm): `salt(20) || (key XOR keystream) || check(20)`, keystream blocks
 * `D_1 = SHA1(pw || salt)`, `D_i = SHA1(pw || D_{i-1})`, check `SHA1(pw || key)`. Returns `undefined`
 * when the check digest fails (a wrong key password).
 * @see OpenJDK `sun.security.provider.KeyProtector`
 */
export function recoverJksKey(
  encryptedKeyInfo: Uint8Array,
  password: string,
  alias: string,
): Buffer | undefined {
  const root = readRoot(encryptedKeyInfo);
  const [algTlv, dataTlv] = children(encryptedKeyInfo, root);
  if (algTlv === undefined || dataTlv === undefined || dataTlv.tag !== UniversalTag.octetString) {
    throw storeError('ERR_JKS_MALFORMED', `Malformed JKS key entry "${alias}".`, {
      alias,
      reason: 'not an EncryptedPrivateKeyInfo',
    });
  }
  const [oidTlv] = children(encryptedKeyInfo, algTlv);
  const oid = oidTlv === undefined ? '' : readOid(encryptedKeyInfo, oidTlv);
  if (oid !== SUN_KEY_PROTECTOR_OID) {
    throw storeError(
      'ERR_JKS_UNSUPPORTED',
      `The JKS key entry "${alias}" is protected with ${oid}, not Sun's key protector; certkit cannot read it.`,
      { alias, oid },
    );
  }
  const data = valueBytes(encryptedKeyInfo, dataTlv);
  if (data.length < 41) {
    throw storeError('ERR_JKS_MALFORMED', `Malformed JKS key entry "${alias}": protected key too short.`, {
      alias,
      reason: 'protected key too short',
    });
  }
  const salt = data.subarray(0, 20);
  const encrypted = data.subarray(20, data.length - 20);
  const check = data.subarray(data.length - 20);
  const pw = javaPasswordBytes(password);
  const plain = Buffer.alloc(encrypted.length);
  let digest: Buffer = Buffer.from(salt);
  for (let at = 0; at < encrypted.length; at += 20) {
    digest = createHash('sha1').update(pw).update(digest).digest();
    const n = Math.min(20, encrypted.length - at);
    for (let i = 0; i < n; i++) plain[at + i] = encrypted[at + i]! ^ digest[i]!;
  }
  const expected = createHash('sha1').update(pw).update(plain).digest();
  pw.fill(0);
  if (!timingSafeEqual(expected, check)) {
    plain.fill(0);
    return undefined;
  }
  return plain;
}
