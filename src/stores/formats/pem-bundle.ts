import { exportPrivateKey, type PrivateKey, parsePrivateKey } from '../../keys/index.js';
import { decodeInput, encodePem, type PemBlock } from '../../pem/index.js';
import { Certificate, parseCertificates } from '../../x509/index.js';
import { AliasAllocator, aliasFromCertificate } from './aliases.js';
import { completeChain } from './chain-order.js';
import { storeError } from './format-errors.js';
import type { KeyEntryData, StoreContents, TrustedEntryData } from './store-contents.js';

/** Options for {@link readPemBundle}. */
export interface ReadPemBundleOptions {
  /** The password of an encrypted private key (`ENCRYPTED PRIVATE KEY` or legacy `Proc-Type`). */
  readonly password?: string;
  /** Alias of the key entry. Default: the leaf certificate's CN, else `key-1`. */
  readonly alias?: string;
  /** Largest input accepted, in bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
  /** Key-derivation budget for opening the key, in work units. Default that of `parsePrivateKey` (6,000,000). */
  readonly maxKdfWork?: number;
}

/** Options for {@link writePemBundle}. */
export interface WritePemBundleOptions {
  /** Encrypt the key (PKCS#8, PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC) with this password. Default: plain. */
  readonly password?: string;
  /** PBKDF2 iterations when `password` is given. Default 600,000 (as `exportPrivateKey`). */
  readonly iterations?: number;
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

/**
 * Reads a PEM bundle as store contents. With a private key: one key entry, its certificate (the one
 * whose public key matches, else the first) as leaf, then the issuers found in the file in chain
 * order, then any other certificates in file order (the keystore's upload checks judge them). Without
 * a key: a truststore, every certificate a trusted entry, alias from its CN or `cert-N`, unique.
 *
 * @throws StoreError `ERR_PEM_BUNDLE_EMPTY`, `ERR_PEM_BUNDLE_SEVERAL_KEYS`.
 * @throws KeyError `ERR_KEY_ENCRYPTED`, `ERR_KEY_BAD_PASSWORD`, `ERR_KEY_KDF_LIMIT`, … from the key.
 * @throws X509Error `ERR_X509_BAD_BUNDLE_ENTRY` for a damaged certificate block.
 * @throws PemError / InputError for broken framing, empty or oversized input.
 * @example
 * ```ts
 * import { readPemBundle } from 'certkit/stores';
 * import { readFileSync } from 'node:fs';
 * const trust = readPemBundle(readFileSync('/etc/ssl/certs/ca-certificates.crt'));
 * const server = readPemBundle(readFileSync('server-bundle.pem'), { password: process.env.KEY_PASSWORD });
 * ```
 * @see RFC 7468 sections 5, 10 and 11
 */
export function readPemBundle(input: string | Uint8Array, options: ReadPemBundleOptions = {}): StoreContents {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('readPemBundle expects PEM text (a string) or bytes');
  }
  const limits = options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes };
  const decoded = decodeInput(input, { ...limits, checkContent: false });
  let certs: Certificate[];
  let keyBlocks: PemBlock[] = [];
  if (decoded.kind === 'der') {
    certs = [Certificate.fromDer(decoded.bytes)];
  } else {
    keyBlocks = decoded.blocks.filter((b) => KEY_LABELS.has(b.label));
    certs = decoded.blocks.some((b) => CERT_LABELS.has(b.label))
      ? parseCertificates(input, { ...limits, skipNonCertificates: true })
      : [];
  }
  if (keyBlocks.length > 1) {
    throw storeError(
      'ERR_PEM_BUNDLE_SEVERAL_KEYS',
      `The PEM bundle holds ${keyBlocks.length} private keys; a bundle is one key and its chain.`,
      { keys: keyBlocks.length, lines: keyBlocks.map((b) => b.line) },
    );
  }
  const keyBlock = keyBlocks[0];
  if (keyBlock === undefined && certs.length === 0) {
    throw storeError('ERR_PEM_BUNDLE_EMPTY', 'The PEM bundle holds no certificate and no private key.');
  }
  const aliases = new AliasAllocator();
  if (keyBlock === undefined) {
    const trusted: TrustedEntryData[] = certs.map((certificate, i) =>
      Object.freeze({
        alias: aliases.take(undefined, aliasFromCertificate(certificate, i + 1)),
        certificate,
      }),
    );
    return Object.freeze({ keys: Object.freeze([]), trusted: Object.freeze(trusted) });
  }
  const privateKey = parsePrivateKey(encodePem(keyBlock.label, keyBlock.bytes, { ...keyBlock.headers }), {
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.maxKdfWork === undefined ? {} : { maxKdfWork: options.maxKdfWork }),
  });
  const chain = orderChain(privateKey, certs);
  const leafName = chain[0] === undefined ? undefined : aliasFromCertificate(chain[0], 1);
  const alias = aliases.take(options.alias, leafName?.startsWith('cert-') ? 'key-1' : (leafName ?? 'key-1'));
  const entry: KeyEntryData = Object.freeze({ alias, privateKey, chain: Object.freeze(chain) });
  return Object.freeze({ keys: Object.freeze([entry]), trusted: Object.freeze([]) });
}

function orderChain(key: PrivateKey, certs: readonly Certificate[]): Certificate[] {
  const leaf = certs.find((c) => c.publicKey.equals(key.publicKey)) ?? certs[0];
  if (leaf === undefined) return [];
  const chain = completeChain(
    leaf,
    certs.filter((c) => c !== leaf),
  );
  for (const c of certs) if (!chain.includes(c)) chain.push(c);
  return chain;
}

/**
 * Writes a key entry as PEM: the private key (PKCS#8, encrypted when `password` is given), then the
 * chain leaf first. Readable by `openssl pkey`/`openssl x509`, nginx `ssl_certificate_key` and Node's
 * `tls.createSecureContext({ key, cert })`.
 *
 * @throws TypeError for an entry without a {@link PrivateKey} or a chain of {@link Certificate}s.
 * @throws KeyError `ERR_KEY_UNSUPPORTED_ALGORITHM` when Node cannot export the key.
 * @example
 * ```ts
 * import { readPkcs12, writePemBundle } from 'certkit/stores';
 * const { keys } = readPkcs12(p12Bytes, { password: 'changeit' });
 * const pem = writePemBundle(keys[0]!, { password: 'new-secret' });
 * ```
 * @see RFC 7468 sections 5, 10 and 11
 */
export function writePemBundle(entry: KeyEntryData, options: WritePemBundleOptions = {}): string {
  if (entry === null || typeof entry !== 'object' || !Array.isArray(entry.chain)) {
    throw new TypeError('writePemBundle expects a KeyEntryData { alias, privateKey, chain }');
  }
  for (const c of entry.chain)
    if (!(c instanceof Certificate)) throw new TypeError('chain entries must be Certificates');
  const key = exportPrivateKey(entry.privateKey, {
    format: 'pkcs8-pem',
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
  });
  return key + entry.chain.map((c) => c.pem).join('');
}
