import { isCertkitError } from '../../../errors/is-certkit-error.js';
import { berToDer, children, readRoot, toHex } from '../../../internal/der/index.js';
import { type KeyDecryptor, readKeyEncryption } from '../../../keys/encrypted-private-key-info.js';
import { type PrivateKey, parsePrivateKey } from '../../../keys/index.js';
import { KdfBudget } from '../../../keys/kdf-budget.js';
import { publicKeyBucket } from '../../../keys/public-key-comparison.js';
import { checkInputSize } from '../../../pem/input-limits.js';
import { Certificate } from '../../../x509/index.js';
import { AliasAllocator, aliasFromCertificate } from '../aliases.js';
import { completeChain, SubjectIndex } from '../chain-order.js';
import { guardFormat, storeError } from '../format-errors.js';
import type { KeyEntryData, StoreContents, TrustedEntryData } from '../store-contents.js';
import { pkcs12Malformed, readPfx } from './pfx-structure.js';
import { macMatches } from './pkcs12-mac.js';
import {
  looksLikeDer,
  readAuthenticatedSafe,
  readSafeBags,
  type SafeBag,
  type SafeContentsItem,
} from './safe-bags.js';

/** Options for {@link readPkcs12}. */
export interface ReadPkcs12Options {
  /**
   * The password. Used as UTF-8 for PBES2 and as a BMPString (UTF-16BE + NUL) for the MAC and the
   * PKCS#12 PBE ciphers, as RFC 7292 appendix B.1 and OpenSSL 3 do. Leave undefined for files
   * without one (the empty password is tried, as openssl does).
   */
  readonly password?: string;
  /** Largest input accepted, in bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
  /**
   * The most key-derivation work reading the file may do, over the MAC and every encrypted bag (and the
   * retries a wrong password causes), in work units: one unit is about one PBKDF2-HMAC-SHA-256
   * iteration (~0.2 µs); the PKCS#12 KDF with SHA-256 counts 2 per iteration, PBKDF2 with SHA-512 2,
   * scrypt 3 per N·r·p. Default 6,000,000 (about 1.3 s of CPU): a file written with 600,000 iterations
   * (certkit's default) opens with room for several keys; past the budget the read stops with
   * `ERR_PKCS12_ITERATION_LIMIT` before the costly derivation runs.
   */
  readonly maxKdfWork?: number;
}

const CODES = {
  malformed: 'ERR_PKCS12_MALFORMED',
  unsupported: 'ERR_PKCS12_UNSUPPORTED',
  limit: 'ERR_PKCS12_ITERATION_LIMIT',
} as const;

/**
 * Reads a PKCS#12 (`.p12`, `.pfx`) file: what `openssl pkcs12 -export` writes (PBES2 AES-256-CBC,
 * HMAC-SHA256 MAC), its `-legacy` form and older tools (pbeWithSHAAnd3-KeyTripleDES-CBC,
 * pbeWithSHAAnd40BitRC2-CBC, SHA-1 MAC), Java keytool's PKCS12 stores (trusted certificate entries
 * included), and files without MAC or encryption. The MAC is checked first, with the file's own
 * iteration count, before anything is decrypted. Keys are paired with certificates by localKeyId
 * (or public key), chains completed from the file's other certificates, aliases taken from
 * friendlyName. Certificates that belong to no chain are returned as trusted entries.
 *
 * @throws StoreError `ERR_PKCS12_BAD_PASSWORD`, `ERR_PKCS12_PASSWORD_REQUIRED`, `ERR_PKCS12_INTEGRITY`
 *   (the password is right, the MAC is not), `ERR_PKCS12_MALFORMED`, `ERR_PKCS12_UNSUPPORTED`,
 *   `ERR_PKCS12_ITERATION_LIMIT` (an iteration count over the per-run cap, or the file's key
 *   derivation over `maxKdfWork`).
 * @throws InputError `ERR_INPUT_TOO_LARGE`.
 * @throws TypeError when `input` is not bytes, `password` not a string or `maxKdfWork` not a
 *   non-negative integer.
 * @example
 * ```ts
 * import { readPkcs12 } from 'certkit/stores';
 * import { readFileSync } from 'node:fs';
 * const { keys, trusted } = readPkcs12(readFileSync('server.p12'), { password: 'changeit' });
 * console.log(keys[0]?.alias, keys[0]?.chain.map((c) => c.subject.toString()));
 * ```
 * @see RFC 7292 sections 4 and 5, appendix B
 */
export function readPkcs12(input: Uint8Array, options: ReadPkcs12Options = {}): StoreContents {
  if (!(input instanceof Uint8Array)) throw new TypeError('readPkcs12 expects the file bytes (a Uint8Array)');
  if (options.password !== undefined && typeof options.password !== 'string') {
    throw new TypeError('password must be a string');
  }
  checkInputSize(input.length, options);
  const budget = new KdfBudget(options.maxKdfWork);
  const given = options.password;
  const password = Buffer.from(given ?? '', 'utf8');
  const secret: Secret = { password, given, budget };
  return guardFormat(CODES, 'PKCS#12 file', () => {
    const pfx = readPfx(input);
    if (pfx.mac !== undefined && !macMatches(pfx.mac, password, pfx.authSafe, budget)) {
      if (given === undefined) throw passwordRequired();
      throw rightPasswordButBadMac(readAuthenticatedSafe(pfx.authSafe), secret)
        ? storeError(
            'ERR_PKCS12_INTEGRITY',
            'The PKCS#12 MAC does not match although the password decrypts the file: it was altered or damaged.',
            { macAlgorithm: pfx.mac.hash },
          )
        : badPassword('the MAC does not verify');
    }
    const macVerified = pfx.mac !== undefined;
    const bags: SafeBag[] = [];
    for (const item of readAuthenticatedSafe(pfx.authSafe)) {
      const contents =
        item.kind === 'plain' ? item.contents : decryptOrThrow(item.decryptor, secret, macVerified);
      readSafeBags(contents, bags);
    }
    return assemble(bags, secret, macVerified);
  });
}

/** The password as given (undefined: none), its bytes, and the key-derivation budget of the call. */
interface Secret {
  readonly password: Uint8Array;
  readonly given: string | undefined;
  readonly budget: KdfBudget;
}

function passwordRequired(): never {
  throw storeError(
    'ERR_PKCS12_PASSWORD_REQUIRED',
    'The PKCS#12 file is password-protected; pass its password.',
  );
}

function badPassword(how: string): ReturnType<typeof storeError> {
  return storeError('ERR_PKCS12_BAD_PASSWORD', `The password does not open the PKCS#12 file (${how}).`, {
    check: how,
  });
}

/** After a MAC failure: does the password decrypt some encrypted part into DER? Then the file was altered. */
function rightPasswordButBadMac(items: readonly SafeContentsItem[], secret: Secret): boolean {
  const { password, budget } = secret;
  for (const item of items) {
    if (item.kind === 'encrypted') {
      const plain = item.decryptor.decrypt(password, budget);
      if (plain !== undefined && looksLikeDer(plain)) return true;
    } else {
      // Shrouded keys inside plain SafeContents: try the first one that parses.
      try {
        for (const bag of readSafeBags(item.contents)) {
          if (bag.type !== 'shrouded-key') continue;
          const plain = shroudedDecryptor(bag.value).decrypt(password, budget);
          if (plain !== undefined && looksLikeDer(plain)) return true;
        }
      } catch (e) {
        // a damaged SafeContents says nothing about the password; a spent budget ends the search
        if (isCertkitError(e, 'ERR_KEY_KDF_LIMIT')) throw e;
      }
    }
  }
  return false;
}

function shroudedDecryptor(der: Uint8Array) {
  const root = readRoot(der);
  const [alg, data] = children(der, root);
  if (alg === undefined || data === undefined || data.tag !== 4)
    pkcs12Malformed('EncryptedPrivateKeyInfo is incomplete');
  return readKeyEncryption(der, alg, der.subarray(data.valueStart, data.end));
}

function decryptOrThrow(decryptor: KeyDecryptor, secret: Secret, macVerified: boolean): Uint8Array {
  const plain = decryptor.decrypt(secret.password, secret.budget);
  if (plain !== undefined && (macVerified || looksLikeDer(plain))) return plain;
  if (macVerified)
    pkcs12Malformed('encrypted content does not decrypt with the password that verifies the MAC');
  if (secret.given === undefined) passwordRequired();
  throw badPassword('the encrypted content does not decrypt');
}

interface KeyItem {
  readonly key: PrivateKey;
  readonly bag: SafeBag;
}

interface CertItem {
  readonly cert: Certificate;
  readonly bag: SafeBag;
}

/**
 * Pairs each key with its certificate: by localKeyId first (for every key), then by public key among
 * the certificates left over; the first certificate in file order wins, as a scan would. Both through
 * indexes, so thousands of keys and certificates pair in linear time.
 */
function pairKeys(
  keys: readonly KeyItem[],
  certs: readonly CertItem[],
): { pairs: { key: PrivateKey; bag: SafeBag; leaf: CertItem | undefined }[]; leaves: Set<Certificate> } {
  const leaves = new Set<Certificate>();
  const certById = new Map<string, CertItem>();
  for (const c of certs) {
    const id = c.bag.localKeyId === undefined ? undefined : toHex(c.bag.localKeyId);
    if (id !== undefined && !certById.has(id)) certById.set(id, c);
  }
  const byId = keys.map(({ bag }) =>
    bag.localKeyId === undefined ? undefined : certById.get(toHex(bag.localKeyId)),
  );
  for (const c of byId) if (c !== undefined) leaves.add(c.cert);
  let byKey: Map<string, { list: CertItem[]; next: number }> | undefined;
  const pairs = keys.map(({ key, bag }, i) => {
    let leaf = byId[i];
    if (leaf === undefined) {
      byKey ??= indexByPublicKey(certs);
      const bucket = byKey.get(publicKeyBucket(key.publicKey));
      if (bucket !== undefined) {
        // Certificates already paired never come back: skip them once, so a file of thousands of keys
        // with one public key pairs in linear time. A bucket only holds different keys for invalid EC
        // points (same X, same parity), so a few candidates past the first unused one are enough.
        while (bucket.next < bucket.list.length && leaves.has(bucket.list[bucket.next]!.cert)) bucket.next++;
        const end = Math.min(bucket.list.length, bucket.next + MAX_BUCKET_SCAN);
        for (let k = bucket.next; k < end && leaf === undefined; k++) {
          const c = bucket.list[k]!;
          if (!leaves.has(c.cert) && c.cert.publicKey.equals(key.publicKey)) leaf = c;
        }
      }
      if (leaf !== undefined) leaves.add(leaf.cert);
    }
    return { key, bag, leaf };
  });
  return { pairs, leaves };
}

/** Candidates compared per key in one public-key bucket (see pairKeys). */
const MAX_BUCKET_SCAN = 16;

/** Certificates by public key bucket; one whose key cannot be read matches no private key. */
function indexByPublicKey(certs: readonly CertItem[]): Map<string, { list: CertItem[]; next: number }> {
  const out = new Map<string, { list: CertItem[]; next: number }>();
  for (const c of certs) {
    let bucket: string;
    try {
      bucket = publicKeyBucket(c.cert.publicKey);
    } catch {
      continue;
    }
    const entry = out.get(bucket);
    if (entry === undefined) out.set(bucket, { list: [c], next: 0 });
    else entry.list.push(c);
  }
  return out;
}

function assemble(bags: readonly SafeBag[], secret: Secret, macVerified: boolean): StoreContents {
  const keys: KeyItem[] = [];
  const certs: CertItem[] = [];
  const seen = new Set<string>();
  for (const bag of bags) {
    if (bag.type === 'cert') {
      const cert = Certificate.fromDer(bag.value);
      const fp = cert.sha256Fingerprint;
      // The same certificate twice (shared chain certificates) is one certificate.
      if (bag.localKeyId === undefined && !bag.trusted && seen.has(fp)) continue;
      seen.add(fp);
      certs.push({ cert, bag });
    } else {
      const plain =
        bag.type === 'key' ? bag.value : decryptOrThrow(shroudedDecryptor(bag.value), secret, macVerified);
      keys.push({ key: parsePrivateKey(berToDer(plain)), bag });
    }
  }

  const aliases = new AliasAllocator();
  const used = new Set<Certificate>();
  const { pairs, leaves } = pairKeys(keys, certs);
  const pool = new SubjectIndex(certs.filter((c) => !leaves.has(c.cert)).map((c) => c.cert));
  const keyEntries: KeyEntryData[] = pairs.map(({ key, bag, leaf }, i) => {
    const chain = leaf === undefined ? [] : completeChain(leaf.cert, pool);
    for (const c of chain) used.add(c);
    const alias = aliases.take(bag.friendlyName ?? leaf?.bag.friendlyName, `key-${i + 1}`);
    return Object.freeze({ alias, privateKey: key, chain: Object.freeze(chain) });
  });
  const trusted: TrustedEntryData[] = [];
  let n = 0;
  for (const { cert, bag } of certs) {
    if (!bag.trusted && used.has(cert)) continue;
    n++;
    const alias = aliases.take(bag.friendlyName, aliasFromCertificate(cert, n));
    trusted.push(Object.freeze({ alias, certificate: cert }));
  }
  return Object.freeze({ keys: Object.freeze(keyEntries), trusted: Object.freeze(trusted) });
}
