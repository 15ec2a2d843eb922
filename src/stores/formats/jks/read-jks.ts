import { createHash, timingSafeEqual } from 'node:crypto';
import { parsePrivateKey } from '../../../keys/index.js';
import { checkInputSize } from '../../../pem/input-limits.js';
import { Certificate } from '../../../x509/index.js';
import { AliasAllocator } from '../aliases.js';
import { guardFormat, storeError } from '../format-errors.js';
import type { KeyEntryData, StoreContents, TrustedEntryData } from '../store-contents.js';
import { JksCursor, jksMalformed } from './jks-cursor.js';
import { javaPasswordBytes, recoverJksKey } from './key-protector.js';

/** Options for {@link readJks}. */
export interface ReadJksOptions {
  /** The store password: checks the integrity digest over the whole file. */
  readonly storePassword: string;
  /**
   * The key password (`keytool -keypass`): one for every entry, or a function of the alias (return
   * `undefined` for the store password). Default: the store password, as keytool does.
   */
  readonly keyPassword?: string | ((alias: string) => string | undefined);
  /** Largest input accepted, in bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
}

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
const WHITENER = Buffer.from('Mighty Aphrodite', 'utf8');
const CODES = { malformed: 'ERR_JKS_MALFORMED', unsupported: 'ERR_JKS_UNSUPPORTED' } as const;

interface RawEntry {
  readonly alias: string;
  readonly kind: 'key' | 'trusted';
  readonly key?: Uint8Array;
  readonly certs: readonly Uint8Array[];
}

/**
 * Reads a Java KeyStore (JKS, magic 0xFEEDFEED, versions 1 and 2): PrivateKeyEntry (Sun's key
 * protector, with its check digest) and trustedCertEntry. The structure is read first (a damaged
 * file is `ERR_JKS_MALFORMED`), then the integrity digest `SHA-1(password as UTF-16BE ||
 * "Mighty Aphrodite" || data)` is checked with the store password before any key is decrypted.
 * JCEKS stores are refused with `ERR_JKS_UNSUPPORTED`.
 *
 * @throws StoreError `ERR_JKS_BAD_PASSWORD` (store password, or the file was altered),
 *   `ERR_JKS_BAD_KEY_PASSWORD` (with `alias`), `ERR_JKS_MALFORMED`, `ERR_JKS_UNSUPPORTED`.
 * @throws InputError `ERR_INPUT_TOO_LARGE`.
 * @throws TypeError when `input` is not bytes or a password is not a string.
 * @example
 * ```ts
 * import { readJks } from 'certkit/stores';
 * import { readFileSync } from 'node:fs';
 * const store = readJks(readFileSync('server.jks'), { storePassword: 'changeit', keyPassword: 'keypass' });
 * console.log(store.keys.map((k) => k.alias), store.trusted.map((t) => t.alias));
 * ```
 * @see OpenJDK `sun.security.provider.JavaKeyStore` and `KeyProtector`
 */
export function readJks(input: Uint8Array, options: ReadJksOptions): StoreContents {
  if (!(input instanceof Uint8Array)) throw new TypeError('readJks expects the file bytes (a Uint8Array)');
  if (typeof options?.storePassword !== 'string')
    throw new TypeError('readJks needs storePassword (a string)');
  const kp = options.keyPassword;
  if (kp !== undefined && typeof kp !== 'string' && typeof kp !== 'function') {
    throw new TypeError('keyPassword must be a string or a function of the alias');
  }
  checkInputSize(input.length, options);
  return guardFormat(CODES, 'JKS keystore', () => {
    const entries = readStructure(input);
    const dataEnd = input.length - 20;
    const pw = javaPasswordBytes(options.storePassword);
    const digest = createHash('sha1').update(pw).update(WHITENER).update(input.subarray(0, dataEnd)).digest();
    pw.fill(0);
    if (!timingSafeEqual(digest, input.subarray(dataEnd))) {
      throw storeError(
        'ERR_JKS_BAD_PASSWORD',
        'The store password does not match the JKS integrity digest (a wrong password, or the file was altered).',
      );
    }
    const aliases = new AliasAllocator();
    const keys: KeyEntryData[] = [];
    const trusted: TrustedEntryData[] = [];
    for (const e of entries) {
      const alias = aliases.take(e.alias, e.kind === 'key' ? 'key' : 'cert');
      const certs = e.certs.map((der) => Certificate.fromDer(der));
      if (e.kind === 'trusted') {
        trusted.push(Object.freeze({ alias, certificate: certs[0]! }));
        continue;
      }
      const keyPassword = (typeof kp === 'function' ? kp(e.alias) : kp) ?? options.storePassword;
      if (typeof keyPassword !== 'string') throw new TypeError('keyPassword must give a string');
      const pkcs8 = recoverJksKey(e.key!, keyPassword, e.alias);
      if (pkcs8 === undefined) {
        throw storeError(
          'ERR_JKS_BAD_KEY_PASSWORD',
          `The key password does not decrypt the JKS entry "${e.alias}".`,
          { alias: e.alias },
        );
      }
      const privateKey = parsePrivateKey(pkcs8);
      pkcs8.fill(0);
      keys.push(Object.freeze({ alias, privateKey, chain: Object.freeze(certs) }));
    }
    return Object.freeze({ keys: Object.freeze(keys), trusted: Object.freeze(trusted) });
  });
}

/** Reads every entry (no decryption) and checks that exactly the 20-byte digest follows. */
function readStructure(input: Uint8Array): RawEntry[] {
  if (input.length < 4) jksMalformed('shorter than the magic number', 0);
  const cur = new JksCursor(input, Math.max(0, input.length - 20));
  const head = new JksCursor(input, input.length);
  const magic = head.u32('magic');
  if (magic === JCEKS_MAGIC) {
    throw storeError(
      'ERR_JKS_UNSUPPORTED',
      'This is a JCEKS keystore, which certkit does not read; convert it to PKCS#12 with keytool -importkeystore.',
      { what: 'JCEKS' },
    );
  }
  if (magic !== JKS_MAGIC) jksMalformed('not a JKS keystore (magic number is not 0xFEEDFEED)', 0);
  cur.take(4, 'magic');
  const version = cur.u32('version');
  if (version !== 1 && version !== 2) {
    throw storeError('ERR_JKS_UNSUPPORTED', `JKS version ${version} is not supported (1 and 2 are).`, {
      version,
    });
  }
  const count = cur.u32('entry count');
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) {
    const tag = cur.u32('entry tag');
    const alias = cur.utf('alias');
    cur.u64('timestamp');
    if (tag === 1) {
      const key = cur.take(cur.u32('key length'), 'protected key');
      const n = cur.u32('chain length');
      const certs: Uint8Array[] = [];
      for (let c = 0; c < n; c++) certs.push(readCert(cur, version));
      entries.push({ alias, kind: 'key', key, certs });
    } else if (tag === 2) {
      entries.push({ alias, kind: 'trusted', certs: [readCert(cur, version)] });
    } else {
      jksMalformed(`unknown entry tag ${tag}`, cur.position - 4);
    }
  }
  if (cur.position !== input.length - 20) {
    jksMalformed('the entries do not end where the 20-byte integrity digest begins', cur.position);
  }
  return entries;
}

function readCert(cur: JksCursor, version: number): Uint8Array {
  if (version === 2) {
    const type = cur.utf('certificate type');
    if (type !== 'X.509') {
      throw storeError('ERR_JKS_UNSUPPORTED', `A JKS certificate of type ${type} is not supported.`, {
        type,
      });
    }
  }
  return cur.take(cur.u32('certificate length'), 'certificate');
}
