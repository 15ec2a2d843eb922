import { createDecipheriv, createHmac } from 'node:crypto';
import { probeMalformed } from './byte-reader.js';

/** A TLS 1.3 cipher suite's AEAD and hash (RFC 8446 appendix B.4). */
interface Tls13Suite {
  readonly cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  readonly keyLength: number;
  readonly hash: 'sha256' | 'sha384';
}

const SUITES: ReadonlyMap<number, Tls13Suite> = new Map([
  [0x1301, { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' }],
  [0x1302, { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' }],
  [0x1303, { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' }],
]);

const TAG_LENGTH = 16;

/** HKDF-Expand (RFC 5869 section 2.3). */
function hkdfExpand(hash: string, prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let total = 0;
  for (let i = 1; total < length; i++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
    blocks.push(previous);
    total += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** HKDF-Expand-Label with an empty context (RFC 8446 section 7.1). */
function expandLabel(hash: string, secret: Uint8Array, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([0]),
  ]);
  return hkdfExpand(hash, secret, info, length);
}

/**
 * Decrypts the server's encrypted handshake records of a TLS 1.3 connection with the
 * server_handshake_traffic_secret (as Node's `'keylog'` event gives it): key and IV by
 * HKDF-Expand-Label, the per-record nonce from the sequence number, the record header as AAD.
 * @see RFC 8446 sections 5.2, 5.3 and 7.3
 */
export class Tls13HandshakeDecrypter {
  readonly #suite: Tls13Suite;
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #sequence = 0;

  /** @throws TlsError `ERR_TLS_PROBE_MALFORMED` for a cipher suite that is not a TLS 1.3 one. */
  constructor(cipherSuite: number, secret: Uint8Array) {
    const suite = SUITES.get(cipherSuite);
    if (suite === undefined)
      throw probeMalformed(
        `cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')} is not a TLS 1.3 suite`,
      );
    this.#suite = suite;
    this.#key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
    this.#iv = expandLabel(suite.hash, secret, 'iv', 12);
  }

  /**
   * One TLSCiphertext's fragment (after its 5-octet `header`) to its inner content and type.
   * @throws TlsError `ERR_TLS_PROBE_MALFORMED` when it does not authenticate or has no content type.
   */
  decrypt(header: Uint8Array, fragment: Uint8Array): { type: number; content: Uint8Array } {
    if (fragment.length < TAG_LENGTH + 1) throw probeMalformed('an encrypted record is shorter than its tag');
    const nonce = Buffer.from(this.#iv);
    let seq = this.#sequence++;
    for (let i = 11; i >= 4 && seq > 0; i--) {
      nonce[i] = nonce[i]! ^ (seq & 0xff);
      seq = Math.floor(seq / 256);
    }
    // The three AEADs share the GCM-shaped API (setAAD, setAuthTag); the overloads only type them apart.
    const cipher = this.#suite.cipher as 'aes-128-gcm';
    const decipher = createDecipheriv(cipher, this.#key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(header);
    decipher.setAuthTag(fragment.subarray(fragment.length - TAG_LENGTH));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(fragment.subarray(0, fragment.length - TAG_LENGTH)),
        decipher.final(),
      ]);
    } catch (e) {
      throw probeMalformed('an encrypted handshake record does not authenticate', e);
    }
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) throw probeMalformed('a decrypted record has no content type');
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  }
}
