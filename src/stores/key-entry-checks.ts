import type { ChainProfile } from '../chain/options.js';
import { createCrlChecker } from '../chain/revocation/crl-checker.js';
import {
  isRevocationMode,
  type RevocationMode,
  sharedRevocationChecker,
} from '../chain/revocation/default-revocation.js';
import type { RevocationChecker, RevocationPolicy } from '../chain/revocation-checker.js';
import { StoreError } from '../errors/area-errors.js';
import { PrivateKey } from '../keys/private-key.js';
import { Certificate } from '../x509/certificate.js';
import { CertificateRevocationList } from '../x509/certificate-revocation-list.js';
import { chainInOrder } from './entry-checks/chain-order.js';
import { chainReadable } from './entry-checks/chain-readable.js';
import type { KeyEntryFinding } from './entry-checks/entry-finding.js';
import { keyMatchesLeaf } from './entry-checks/key-match.js';
import { keyReadable } from './entry-checks/key-readable.js';
import { publicRoots } from './entry-checks/public-roots.js';
import { notRevoked } from './entry-checks/revocation.js';
import { chainReachesTrust, leafNotSelfSigned, trustedBy } from './entry-checks/trust.js';
import { certificatesCurrent } from './entry-checks/validity.js';
import { hasBlocking } from './store-finding.js';

export type { KeyEntryFinding, KeyEntryFindingCode } from './entry-checks/entry-finding.js';

/**
 * A key entry as a caller hands it in: the private key (a parsed {@link PrivateKey}, or PEM/DER text or
 * bytes) and the certificate chain (parsed certificates, or a PEM bundle / DER), leaf first.
 *
 * @example
 * ```ts
 * import type { KeyEntryInput } from 'certkit/stores';
 * const entry: KeyEntryInput = { privateKey: keyPem, chain: chainPem, password: process.env.KEY_PASSWORD ?? '' };
 * ```
 * @see RFC 7468, RFC 5958
 */
export interface KeyEntryInput {
  /** The private key: a `PrivateKey` from `certkit/keys`, or PEM text / PEM or DER bytes. */
  readonly privateKey: PrivateKey | string | Uint8Array;
  /** The chain: certificates, or PEM text / bytes holding them. Leaf first is expected (see `strictOrder`). */
  readonly chain: readonly Certificate[] | string | Uint8Array;
  /** The password of an encrypted key given as text or bytes (UTF-8). Used once, never stored. */
  readonly password?: string;
}

/**
 * Something that holds trusted certificates: a `Truststore` or a list of certificates.
 *
 * @example
 * ```ts
 * import { checkKeyEntry, Truststore } from 'certkit/stores';
 * checkKeyEntry(entry, { trust: Truststore.fromPemBundle(caBundle) }); // or { trust: [rootCert] }
 * ```
 * @see RFC 5280 section 6.1.1
 */
export type TrustSource = { readonly certificates: readonly Certificate[] } | readonly Certificate[];

/**
 * Options of the upload checks ({@link checkKeyEntry}, `Keystore.withEntry`). Every check is on by
 * default. Only configured anchors are trusted: `trust`, or Node's public CA roots when no `trust` is
 * given; a root inside the uploaded chain never is. Private-CA and self-signed certificates are refused
 * unless `allowPrivateCa`.
 *
 * @example
 * ```ts
 * import { Keystore, type KeyEntryCheckOptions } from 'certkit/stores';
 * const checks: KeyEntryCheckOptions = { trust: corpRoots, allowPrivateCa: false, requireTrustedBy: corpRoots };
 * Keystore.empty().withEntry('api', entry, checks);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface KeyEntryCheckOptions {
  /** The time of the validity checks. Default now. */
  readonly at?: Date;
  /**
   * The configured trust anchors: the chain must validate to one of them (`ERR_KEYSTORE_PRIVATE_CA`
   * when it ends at another root, `ERR_KEYSTORE_UNTRUSTED` when it reaches one but does not validate),
   * and they may complete a chain that stops short of a root. Default Node's public CA roots
   * (`tls.rootCertificates`).
   */
  readonly trust?: TrustSource;
  /**
   * Accept certificates of a private PKI: a chain that ends at a root that is not a configured anchor
   * (`ERR_KEYSTORE_PRIVATE_CA` becomes a warning) and a self-signed leaf. Default `false`.
   */
  readonly allowPrivateCa?: boolean;
  /** Accept a chain that does not reach a root (`ERR_KEYSTORE_CHAIN_INCOMPLETE` becomes a warning). Default `false`. */
  readonly allowIncompleteChain?: boolean;
  /**
   * Refuse a chain that is out of order or holds extra/duplicate certificates. Default `false`: the
   * entry stores the chain ordered leaf first without the extras, and the findings are warnings.
   */
  readonly strictOrder?: boolean;
  /** Refuse a self-signed leaf (`ERR_KEYSTORE_SELF_SIGNED`). Default `true` unless `allowPrivateCa`. */
  readonly refuseSelfSigned?: boolean;
  /** Require the chain to validate to a root of this truststore (`ERR_KEYSTORE_UNTRUSTED`). Default none. */
  readonly requireTrustedBy?: TrustSource;
  /** The chain validation rules of the trust checks. Default `'rfc5280'`. */
  readonly chainProfile?: ChainProfile;
}

/**
 * Options of {@link checkKeyEntryAsync}: the upload checks plus revocation.
 *
 * @example
 * ```ts
 * import { checkKeyEntryAsync, type KeyEntryAsyncCheckOptions } from 'certkit/stores';
 * const options: KeyEntryAsyncCheckOptions = { trust: roots, revocation: [crl], revocationPolicy: 'hard-fail' };
 * await checkKeyEntryAsync(entry, options);
 * ```
 * @see RFC 5280 section 6.3
 */
export interface KeyEntryAsyncCheckOptions extends KeyEntryCheckOptions {
  /**
   * Revocation: a mode (`'off'`, `'soft-fail'`, `'hard-fail'`) with certkit's fetching checker (OCSP
   * from AIA, then CRLs from the distribution points; time and size limits; cached), or the data to
   * use: a `RevocationChecker` from `certkit/chain`, or CRLs (`CertificateRevocationList` from
   * `certkit/x509`, used without fetching) with `revocationPolicy`. Default `'soft-fail'`.
   */
  readonly revocation?: RevocationMode | RevocationChecker | readonly CertificateRevocationList[];
  /** With a checker or CRLs in `revocation`: what `unknown` means, `'soft-fail'` (a warning, the default) or `'hard-fail'`. */
  readonly revocationPolicy?: RevocationPolicy;
}

/**
 * The outcome of the upload checks.
 *
 * @example
 * ```ts
 * import { checkKeyEntry } from 'certkit/stores';
 * const { ok, findings, chain } = checkKeyEntry(entry, { trust: roots });
 * ```
 * @see RFC 5280 section 6.1
 */
export interface KeyEntryCheckResult {
  /** True when no finding is blocking. */
  readonly ok: boolean;
  /** Every finding, blocking and warning. */
  readonly findings: readonly KeyEntryFinding[];
  /** The key read from the input, when it could be read. */
  readonly privateKey?: PrivateKey;
  /** The chain as it would be stored: ordered leaf first, without extras or duplicates. */
  readonly chain: readonly Certificate[];
}

/** The outcome of the synchronous checks, with what the revocation step needs. */
interface Checked {
  readonly findings: KeyEntryFinding[];
  readonly chain: readonly Certificate[];
  readonly privateKey?: PrivateKey;
  /** The validated path (leaf to anchor) when the trust check passed. */
  readonly path?: readonly Certificate[];
  /** The issuer of the top of `chain`, from the trust given, when the chain stops short of a root. */
  readonly root?: Certificate;
}

function trustCertificates(
  source: TrustSource | undefined,
  what: string,
): readonly Certificate[] | undefined {
  if (source === undefined) return undefined;
  const list = Array.isArray(source) ? source : (source as { certificates?: unknown }).certificates;
  if (!Array.isArray(list) || !list.every((c) => c instanceof Certificate)) {
    throw new TypeError(`${what} must be a Truststore or an array of Certificate`);
  }
  return list as readonly Certificate[];
}

function checkInput(input: KeyEntryInput): void {
  if (input === null || typeof input !== 'object') {
    throw new TypeError('a key entry must be an object { privateKey, chain }');
  }
  const k = input.privateKey;
  if (!(k instanceof PrivateKey) && typeof k !== 'string' && !(k instanceof Uint8Array)) {
    throw new TypeError('privateKey must be a PrivateKey, PEM text or bytes');
  }
  checkChainInput(input.chain);
  if (input.password !== undefined && typeof input.password !== 'string') {
    throw new TypeError('password must be a string');
  }
}

function checkChainInput(c: unknown): void {
  if (typeof c === 'string' || c instanceof Uint8Array) return;
  if (!Array.isArray(c) || !c.every((x) => x instanceof Certificate)) {
    throw new TypeError('chain must be an array of Certificate, PEM text or bytes');
  }
}

function validAt(at: Date | undefined): Date {
  const d = at ?? new Date();
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('at must be a valid Date');
  return d;
}

/**
 * The certificate checks of an upload, composed: chain readable, chain order, validity, self-signed,
 * trust (configured anchors only), required truststore. The key checks are added by the caller.
 */
function certificateChecks(
  chainInput: readonly Certificate[] | string | Uint8Array,
  options: KeyEntryCheckOptions,
): Checked {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const at = validAt(options.at);
  const configured = trustCertificates(options.trust, 'trust');
  const required = trustCertificates(options.requireTrustedBy, 'requireTrustedBy');
  const anchors =
    configured === undefined && required === undefined
      ? publicRoots()
      : [...(configured ?? []), ...(required ?? [])];
  const allowPrivateCa = options.allowPrivateCa === true;
  const profile: ChainProfile = options.chainProfile ?? 'rfc5280';
  const read = chainReadable(chainInput);
  if (read.certificates.length === 0) return { findings: [...read.findings], chain: [] };
  const order = chainInOrder(read.certificates, {
    at,
    trust: anchors,
    strictOrder: options.strictOrder === true,
    allowIncompleteChain: options.allowIncompleteChain === true,
  });
  const leaf = order.chain[0]!;
  const findings = [...order.findings, ...certificatesCurrent(order.chain, at)];
  const selfSigned = leafNotSelfSigned(leaf, options.refuseSelfSigned ?? !allowPrivateCa);
  findings.push(...selfSigned);
  let path: readonly Certificate[] | undefined;
  // A refused self-signed leaf says which rule refused it; an incomplete chain has its own finding.
  if (selfSigned.length === 0 && order.complete && !(allowPrivateCa && isSelfSigned(leaf))) {
    const trust = chainReachesTrust(order.chain, anchors, { at, profile, allowPrivateCa });
    findings.push(...trust.findings);
    path = trust.path;
  }
  if (required !== undefined) findings.push(...trustedBy(order.chain, required, { at, profile }));
  return {
    findings,
    chain: order.chain,
    ...(path === undefined ? {} : { path }),
    ...(order.root === undefined ? {} : { root: order.root }),
  };
}

function isSelfSigned(c: Certificate): boolean {
  try {
    return c.isSelfIssued && c.isSelfSigned();
  } catch {
    return false;
  }
}

/** The synchronous checks of a key entry: key readable, the certificate checks, key match. */
function entryChecks(input: KeyEntryInput, options: KeyEntryCheckOptions): Checked {
  checkInput(input);
  const key = keyReadable(input.privateKey, input.password);
  const checked = certificateChecks(input.chain, options);
  const findings = [...key.findings, ...checked.findings];
  if (key.key !== undefined && checked.chain.length > 0)
    findings.unshift(...keyMatchesLeaf(key.key, checked.chain[0]!));
  return { ...checked, findings, ...(key.key === undefined ? {} : { privateKey: key.key }) };
}

function result(p: Checked): KeyEntryCheckResult {
  return {
    ok: !hasBlocking(p.findings),
    findings: p.findings,
    chain: p.chain,
    ...(p.privateKey === undefined ? {} : { privateKey: p.privateKey }),
  };
}

/**
 * Runs the checks a certificate manager runs on upload, synchronously, and lists every finding, each
 * from one small named check: key readable (`ERR_KEYSTORE_KEY_ENCRYPTED` when PEM text is encrypted
 * and no password came with it), chain readable, chain order (in order, no extras, complete; `trust`
 * may complete it), validity at `at`, key match, self-signed (refused unless `allowPrivateCa`), trust
 * (the chain validates to a configured anchor: `trust`, default Node's public roots; a root inside the
 * chain is never trusted) and, when asked, `requireTrustedBy`. Revocation needs
 * {@link checkKeyEntryAsync}.
 *
 * @throws TypeError when the entry or an option has the wrong type (bad data gives findings instead).
 * @example
 * ```ts
 * import { checkKeyEntry } from 'certkit/stores';
 * const r = checkKeyEntry({ privateKey: keyPem, chain: chainPem }, { trust: roots });
 * if (!r.ok) for (const f of r.findings) console.log(f.severity, f.code, f.message);
 * ```
 * @see RFC 5280 section 6.1, RFC 8446 section 4.4.2
 */
export function checkKeyEntry(input: KeyEntryInput, options: KeyEntryCheckOptions = {}): KeyEntryCheckResult {
  const revocation = (options as KeyEntryAsyncCheckOptions).revocation;
  if (revocation !== undefined && revocation !== 'off') {
    throw new TypeError('revocation checking is asynchronous: use checkKeyEntryAsync / withEntryAsync');
  }
  return result(entryChecks(input, options));
}

/**
 * {@link checkKeyEntry} plus revocation, on by default: each certificate of the validated chain
 * (except a self-signed root) is checked with certkit's fetching checker (OCSP from AIA, CRLs from the
 * distribution points) or the checker / CRLs passed. `revoked` is `ERR_KEYSTORE_CERT_REVOKED`
 * (blocking); `unknown` is `ERR_KEYSTORE_REVOCATION_UNKNOWN` (a warning with the reason, blocking with
 * `hard-fail`). `revocation: 'off'` skips it.
 *
 * @throws TypeError when the entry or an option has the wrong type.
 * @example
 * ```ts
 * import { checkKeyEntryAsync } from 'certkit/stores';
 * import { parseCrl } from 'certkit/x509';
 * const r = await checkKeyEntryAsync(entry, { trust: roots, revocation: [parseCrl(crlPem)] });
 * ```
 * @see RFC 5280 section 6.3, RFC 6960
 */
export async function checkKeyEntryAsync(
  input: KeyEntryInput,
  options: KeyEntryAsyncCheckOptions = {},
): Promise<KeyEntryCheckResult> {
  const revocation = revocationOf(options);
  const checked = entryChecks(input, options);
  return result(await withRevocation(checked, revocation, validAt(options.at)));
}

/**
 * @internal The upload checks of a certificate that may come without its key (an inventory import):
 * the key checks run only when a key is given; revocation as {@link checkKeyEntryAsync}.
 */
export async function checkCertificateUpload(
  input: {
    readonly chain: readonly Certificate[] | string | Uint8Array;
    readonly privateKey?: PrivateKey | string | Uint8Array;
    readonly password?: string;
  },
  options: KeyEntryAsyncCheckOptions,
): Promise<KeyEntryCheckResult & { readonly revocationChecked: boolean }> {
  if (input.privateKey !== undefined) {
    const r = await checkKeyEntryAsync(input as KeyEntryInput, options);
    return { ...r, revocationChecked: revocationOf(options) !== undefined };
  }
  checkChainInput(input.chain);
  const revocation = revocationOf(options);
  const checked = certificateChecks(input.chain, options);
  const done = await withRevocation(checked, revocation, validAt(options.at));
  return { ...result(done), revocationChecked: revocation !== undefined };
}

async function withRevocation(
  checked: Checked,
  revocation: { checker: RevocationChecker; hardFail: boolean } | undefined,
  at: Date,
): Promise<Checked> {
  if (revocation === undefined || checked.chain.length === 0 || hasBlocking(checked.findings)) return checked;
  const found = await notRevoked(
    checked.path ?? checked.chain,
    checked.path === undefined ? checked.root : undefined,
    revocation.checker,
    {
      at,
      hardFail: revocation.hardFail,
    },
  );
  return { ...checked, findings: [...checked.findings, ...found] };
}

function revocationOf(
  options: KeyEntryAsyncCheckOptions,
): { checker: RevocationChecker; hardFail: boolean } | undefined {
  const r = options.revocation ?? 'soft-fail';
  if (typeof r === 'string') {
    if (!isRevocationMode(r)) throw new TypeError(`unknown revocation mode ${String(r)}`);
    return r === 'off' ? undefined : { checker: sharedRevocationChecker(), hardFail: r === 'hard-fail' };
  }
  const policy = options.revocationPolicy ?? 'soft-fail';
  if (policy !== 'soft-fail' && policy !== 'hard-fail')
    throw new TypeError(`unknown revocationPolicy ${String(policy)}`);
  return { checker: toChecker(r), hardFail: policy === 'hard-fail' };
}

function toChecker(revocation: RevocationChecker | readonly CertificateRevocationList[]): RevocationChecker {
  if (Array.isArray(revocation)) {
    if (!revocation.every((c) => c instanceof CertificateRevocationList)) {
      throw new TypeError('revocation must be a RevocationChecker or an array of CertificateRevocationList');
    }
    return createCrlChecker({ crls: revocation as readonly CertificateRevocationList[], fetcher: false });
  }
  if (revocation === null || typeof (revocation as RevocationChecker).check !== 'function') {
    throw new TypeError(
      'revocation must be a mode, a RevocationChecker or an array of CertificateRevocationList',
    );
  }
  return revocation as RevocationChecker;
}

/**
 * @internal The error for a rejected entry: the code of the first blocking finding, with every
 * finding in `details.findings`.
 */
export function entryRejected(alias: string, findings: readonly KeyEntryFinding[]): StoreError {
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const first = blocking[0];
  const code = first?.code ?? 'ERR_KEYSTORE_ENTRY_REJECTED';
  const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more blocking finding(s))` : '';
  return new StoreError(
    code,
    `The key entry "${alias}" was refused: ${first?.message ?? 'checks failed'}${more}`,
    {
      details: { alias, codes: blocking.map((f) => f.code), findings },
    },
  );
}
