import { buildChain } from '../chain/build-chain.js';
import type { ChainProfile } from '../chain/options.js';
import { orderBundle } from '../chain/order-bundle.js';
import { summariseProblems } from '../chain/problem.js';
import { createCrlChecker } from '../chain/revocation/crl-checker.js';
import type { RevocationChecker, RevocationPolicy } from '../chain/revocation-checker.js';
import { StoreError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { keyMatchesCertificate } from '../keys/key-match.js';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import { PrivateKey } from '../keys/private-key.js';
import { decodeInput, encodePem } from '../pem/index.js';
import { Certificate } from '../x509/certificate.js';
import { CertificateRevocationList } from '../x509/certificate-revocation-list.js';
import { parseCertificates } from '../x509/parse-certificate.js';
import {
  type FindingSeverity,
  hasBlocking,
  makeFinding,
  type StoreFinding,
  subjectOf,
} from './store-finding.js';

/** PEM labels of private keys, skipped when a key + chain bundle is given as the chain. */
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

/**
 * The codes an upload check of a key entry may report.
 *
 * @example
 * ```ts
 * import type { KeyEntryFindingCode } from 'certkit/stores';
 * const code: KeyEntryFindingCode = 'ERR_KEYSTORE_KEY_MISMATCH';
 * ```
 * @see RFC 5280 section 6.1
 */
export type KeyEntryFindingCode =
  | 'ERR_KEYSTORE_KEY_ENCRYPTED'
  | 'ERR_KEYSTORE_KEY_UNREADABLE'
  | 'ERR_KEYSTORE_CHAIN_UNREADABLE'
  | 'ERR_KEYSTORE_CHAIN_EMPTY'
  | 'ERR_KEYSTORE_KEY_MISMATCH'
  | 'ERR_KEYSTORE_CHAIN_INCOMPLETE'
  | 'ERR_KEYSTORE_CHAIN_OUT_OF_ORDER'
  | 'ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE'
  | 'ERR_KEYSTORE_CERT_EXPIRED'
  | 'ERR_KEYSTORE_CERT_NOT_YET_VALID'
  | 'ERR_KEYSTORE_CERT_REVOKED'
  | 'ERR_KEYSTORE_REVOCATION_UNKNOWN'
  | 'ERR_KEYSTORE_SELF_SIGNED'
  | 'ERR_KEYSTORE_UNTRUSTED';

/**
 * One finding of the upload checks of a key entry.
 *
 * @example
 * ```ts
 * import { checkKeyEntry, type KeyEntryFinding } from 'certkit/stores';
 * const blocking: KeyEntryFinding[] = checkKeyEntry(entry).findings.filter((f) => f.severity === 'blocking');
 * ```
 * @see RFC 5280 section 6.1
 */
export type KeyEntryFinding = StoreFinding<KeyEntryFindingCode>;

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
 * default except the two opt-in refusals (`refuseSelfSigned`, `requireTrustedBy`).
 *
 * @example
 * ```ts
 * import { Keystore, type KeyEntryCheckOptions } from 'certkit/stores';
 * const checks: KeyEntryCheckOptions = { trust: roots, refuseSelfSigned: true, requireTrustedBy: corpRoots };
 * Keystore.empty().withEntry('api', entry, checks);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface KeyEntryCheckOptions {
  /** The time of the validity checks. Default now. */
  readonly at?: Date;
  /** Roots (and intermediates) that may complete a chain that stops short of a root. Default none. */
  readonly trust?: TrustSource;
  /** Accept a chain that does not reach a root (`ERR_KEYSTORE_CHAIN_INCOMPLETE` becomes a warning). Default `false`. */
  readonly allowIncompleteChain?: boolean;
  /**
   * Refuse a chain that is out of order or holds extra/duplicate certificates. Default `false`: the
   * entry stores the chain ordered leaf first without the extras, and the findings are warnings.
   */
  readonly strictOrder?: boolean;
  /** Refuse a self-signed leaf (`ERR_KEYSTORE_SELF_SIGNED`). Default `false`. */
  readonly refuseSelfSigned?: boolean;
  /** Require the chain to validate to a root of this truststore (`ERR_KEYSTORE_UNTRUSTED`). Default none. */
  readonly requireTrustedBy?: TrustSource;
  /** The chain validation rules used for `requireTrustedBy`. Default `'rfc5280'`. */
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
   * Revocation data: a `RevocationChecker` from `certkit/chain`, or CRLs (`CertificateRevocationList`
   * from `certkit/x509`, used without fetching). Default none (no revocation check).
   */
  readonly revocation?: RevocationChecker | readonly CertificateRevocationList[];
  /** What an `unknown` revocation answer means: `'soft-fail'` (a warning, the default) or `'hard-fail'`. */
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

interface Prepared {
  findings: KeyEntryFinding[];
  privateKey?: PrivateKey;
  chain: Certificate[];
  /** The issuer of the top of `chain` when it is not self-signed (from `trust`). */
  root?: Certificate;
}

function finding(
  code: KeyEntryFindingCode,
  severity: FindingSeverity,
  message: string,
  extra: { depth?: number; cert?: Certificate; details?: Record<string, unknown> } = {},
): KeyEntryFinding {
  return makeFinding(code, severity, message, extra);
}

function trustCertificates(source: TrustSource | undefined, what: string): readonly Certificate[] {
  if (source === undefined) return [];
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
  const c = input.chain;
  if (typeof c !== 'string' && !(c instanceof Uint8Array)) {
    if (!Array.isArray(c) || !c.every((x) => x instanceof Certificate)) {
      throw new TypeError('chain must be an array of Certificate, PEM text or bytes');
    }
  }
  if (input.password !== undefined && typeof input.password !== 'string') {
    throw new TypeError('password must be a string');
  }
}

function readKey(input: KeyEntryInput, findings: KeyEntryFinding[]): PrivateKey | undefined {
  if (input.privateKey instanceof PrivateKey) return input.privateKey;
  try {
    return parsePrivateKey(
      input.privateKey,
      input.password === undefined ? {} : { password: input.password },
    );
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    if (e.code === 'ERR_KEY_ENCRYPTED') {
      findings.push(
        finding(
          'ERR_KEYSTORE_KEY_ENCRYPTED',
          'blocking',
          'The private key is encrypted and no password was given with the entry.',
          { details: { keyError: e.code } },
        ),
      );
    } else {
      findings.push(
        finding('ERR_KEYSTORE_KEY_UNREADABLE', 'blocking', `The private key cannot be read: ${e.message}`, {
          details: { keyError: e.code },
        }),
      );
    }
    return undefined;
  }
}

function readChain(input: KeyEntryInput, findings: KeyEntryFinding[]): Certificate[] | undefined {
  const c = input.chain;
  if (Array.isArray(c)) return [...(c as readonly Certificate[])];
  try {
    // A bundle may hold the key too (key + chain in one PEM file): keep the certificate blocks.
    const decoded = decodeInput(c as string | Uint8Array, { checkContent: false });
    if (decoded.kind === 'der') return parseCertificates(decoded.bytes);
    const blocks = decoded.blocks.filter((b) => !KEY_LABELS.has(b.label));
    if (blocks.length === 0 && decoded.blocks.length > 0) return [];
    return blocks.flatMap((b) => parseCertificates(encodePem(b.label, b.bytes, { ...b.headers })));
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    findings.push(
      finding(
        'ERR_KEYSTORE_CHAIN_UNREADABLE',
        'blocking',
        `The certificate chain cannot be read: ${e.message}`,
        {
          details: { parseError: e.code },
        },
      ),
    );
    return undefined;
  }
}

function validAt(at: Date | undefined): Date {
  const d = at ?? new Date();
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('at must be a valid Date');
  return d;
}

/** The synchronous checks; returns what the asynchronous revocation step needs. */
function prepare(input: KeyEntryInput, options: KeyEntryCheckOptions): Prepared {
  checkInput(input);
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const at = validAt(options.at);
  const trust = trustCertificates(options.trust, 'trust');
  const required = trustCertificates(options.requireTrustedBy, 'requireTrustedBy');
  const findings: KeyEntryFinding[] = [];
  const privateKey = readKey(input, findings);
  const given = readChain(input, findings);
  const base = privateKey === undefined ? {} : { privateKey };
  if (given === undefined) return { findings, chain: [], ...base };
  if (given.length === 0) {
    findings.push(
      finding(
        'ERR_KEYSTORE_CHAIN_EMPTY',
        'blocking',
        'The entry has no certificate: a key entry needs at least its own certificate.',
      ),
    );
    return { findings, chain: [], ...base };
  }

  // Order and completeness (the caller's trust, and the truststore it must chain to, may complete it).
  const order = orderBundle(given, { at, trust: [...trust, ...required] });
  const chain = [...order.chain];
  const orderSeverity: FindingSeverity = options.strictOrder === true ? 'blocking' : 'warning';
  for (const f of order.findings) {
    if (f.code === 'ERR_BUNDLE_OUT_OF_ORDER') {
      findings.push(
        finding(
          'ERR_KEYSTORE_CHAIN_OUT_OF_ORDER',
          orderSeverity,
          options.strictOrder === true
            ? 'The chain is not in leaf-to-root order.'
            : 'The chain was not in leaf-to-root order; it is stored ordered.',
          { details: { order: chain.map((c) => given.indexOf(c)) } },
        ),
      );
    } else if (f.code === 'ERR_BUNDLE_EXTRA_CERTIFICATE' || f.code === 'ERR_BUNDLE_DUPLICATE') {
      findings.push(
        finding(
          'ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE',
          orderSeverity,
          `${f.message}${options.strictOrder === true ? '' : ' It is left out of the stored chain.'}`,
          {
            ...(f.certificate === undefined ? {} : { cert: f.certificate }),
            details: {
              ...(f.index === undefined ? {} : { index: f.index }),
              duplicate: f.code === 'ERR_BUNDLE_DUPLICATE',
              ...(f.certificate === undefined ? {} : { sha256Fingerprint: f.certificate.sha256Fingerprint }),
            },
          },
        ),
      );
    }
  }
  if (!order.complete) {
    const m = order.missing[0];
    findings.push(
      finding(
        'ERR_KEYSTORE_CHAIN_INCOMPLETE',
        options.allowIncompleteChain === true ? 'warning' : 'blocking',
        m === undefined
          ? 'The chain does not reach a root.'
          : `The chain stops at "${m.subject}": its issuer "${m.issuer}" is neither in the chain nor in the trust passed.`,
        {
          depth: chain.length - 1,
          ...(m === undefined ? {} : { cert: m.certificate }),
          details:
            m === undefined
              ? {}
              : {
                  issuer: m.issuer,
                  ...(m.authorityKeyIdentifier === undefined
                    ? {}
                    : { authorityKeyIdentifier: m.authorityKeyIdentifier }),
                  caIssuers: m.caIssuers,
                },
        },
      ),
    );
  }

  // Validity of every stored certificate.
  chain.forEach((c, depth) => {
    if (c.notAfter.getTime() < at.getTime()) {
      findings.push(
        finding(
          'ERR_KEYSTORE_CERT_EXPIRED',
          'blocking',
          `"${subjectOf(c) ?? '?'}" expired on ${c.notAfter.toISOString()}.`,
          {
            depth,
            cert: c,
            details: {
              notAfter: c.notAfter.toISOString(),
              at: at.toISOString(),
              sha256Fingerprint: c.sha256Fingerprint,
            },
          },
        ),
      );
    } else if (c.notBefore.getTime() > at.getTime()) {
      findings.push(
        finding(
          'ERR_KEYSTORE_CERT_NOT_YET_VALID',
          'blocking',
          `"${subjectOf(c) ?? '?'}" is not valid before ${c.notBefore.toISOString()}.`,
          {
            depth,
            cert: c,
            details: {
              notBefore: c.notBefore.toISOString(),
              at: at.toISOString(),
              sha256Fingerprint: c.sha256Fingerprint,
            },
          },
        ),
      );
    }
  });

  const leaf = chain[0]!;
  // Key match.
  if (privateKey !== undefined) {
    const m = keyMatchesCertificate(privateKey, leaf);
    if (!m.matches) {
      findings.push(
        finding(
          'ERR_KEYSTORE_KEY_MISMATCH',
          'blocking',
          `The private key does not belong to the leaf certificate (${m.reason}).`,
          {
            depth: 0,
            cert: leaf,
            details: {
              reason: m.reason,
              keyPublicKeySha256: m.keyPublicKeySha256,
              certificatePublicKeySha256: m.certificatePublicKeySha256,
            },
          },
        ),
      );
    }
  }

  // Opt-in refusals.
  if (options.refuseSelfSigned === true && leaf.isSelfSigned()) {
    findings.push(
      finding('ERR_KEYSTORE_SELF_SIGNED', 'blocking', 'The leaf certificate is self-signed.', {
        depth: 0,
        cert: leaf,
        details: { sha256Fingerprint: leaf.sha256Fingerprint },
      }),
    );
  }
  if (options.requireTrustedBy !== undefined) {
    const result = buildChain(leaf, {
      intermediates: chain.slice(1),
      trust: required,
      at,
      purpose: 'any',
      profile: options.chainProfile ?? 'rfc5280',
    });
    // Validity problems are already reported above; the rest says why the chain is not trusted.
    const problems = result.problems.filter(
      (p) => p.code !== 'ERR_CHAIN_EXPIRED' && p.code !== 'ERR_CHAIN_NOT_YET_VALID',
    );
    if (problems.length > 0) {
      findings.push(
        finding(
          'ERR_KEYSTORE_UNTRUSTED',
          'blocking',
          `The chain does not validate to a root of the required truststore: ${problems[0]!.code}: ${problems[0]!.message}.`,
          {
            depth: 0,
            cert: leaf,
            details: {
              problems: summariseProblems(problems),
            },
          },
        ),
      );
    }
  }
  return { findings, chain, ...base, ...(order.root === undefined ? {} : { root: order.root }) };
}

function result(p: Prepared): KeyEntryCheckResult {
  return {
    ok: !hasBlocking(p.findings),
    findings: p.findings,
    chain: p.chain,
    ...(p.privateKey === undefined ? {} : { privateKey: p.privateKey }),
  };
}

/**
 * Runs the checks a certificate manager runs on upload, synchronously, and lists every finding: the
 * key can be read (`ERR_KEYSTORE_KEY_ENCRYPTED` when PEM text is encrypted and no password came with
 * it), the key matches the leaf, the chain is in order, has no extras and is complete (using
 * `orderBundle`; `trust` may complete it), no certificate is expired or not yet valid at `at`, and,
 * when asked, the leaf is not self-signed and the chain validates to `requireTrustedBy`.
 * Revocation needs {@link checkKeyEntryAsync}.
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
  if ((options as KeyEntryAsyncCheckOptions).revocation !== undefined) {
    throw new TypeError('revocation checking is asynchronous: use checkKeyEntryAsync / withEntryAsync');
  }
  return result(prepare(input, options));
}

/**
 * {@link checkKeyEntry} plus revocation: each certificate of the chain (except a self-signed root) is
 * checked with the `RevocationChecker` or the CRLs passed. `revoked` is `ERR_KEYSTORE_CERT_REVOKED`
 * (blocking); `unknown` is `ERR_KEYSTORE_REVOCATION_UNKNOWN` (a warning, blocking with `hard-fail`).
 *
 * @throws TypeError when the entry or an option has the wrong type.
 * @example
 * ```ts
 * import { checkKeyEntryAsync } from 'certkit/stores';
 * import { parseCrl } from 'certkit/x509';
 * const r = await checkKeyEntryAsync(entry, { trust: roots, revocation: [parseCrl(crlPem)] });
 * ```
 * @see RFC 5280 section 6.3
 */
export async function checkKeyEntryAsync(
  input: KeyEntryInput,
  options: KeyEntryAsyncCheckOptions = {},
): Promise<KeyEntryCheckResult> {
  const checker = toChecker(options.revocation);
  const policy = options.revocationPolicy ?? 'soft-fail';
  if (policy !== 'soft-fail' && policy !== 'hard-fail')
    throw new TypeError(`unknown revocationPolicy ${String(policy)}`);
  const p = prepare(input, options);
  if (checker === undefined || p.chain.length === 0) return result(p);
  const at = validAt(options.at);
  for (let depth = 0; depth < p.chain.length; depth++) {
    const cert = p.chain[depth]!;
    const issuer = p.chain[depth + 1] ?? (cert.isSelfIssued && cert.isSelfSigned() ? undefined : p.root);
    if (issuer === undefined) continue;
    const status = await checker.check(cert, issuer, { at, depth });
    if (status.status === 'revoked') {
      p.findings.push(
        finding(
          'ERR_KEYSTORE_CERT_REVOKED',
          'blocking',
          `"${subjectOf(cert) ?? '?'}" was revoked on ${status.revokedAt.toISOString()}${status.reason === undefined ? '' : ` (${status.reason})`}.`,
          {
            depth,
            cert,
            details: {
              serialNumber: cert.serialNumber,
              revokedAt: status.revokedAt.toISOString(),
              source: status.source,
              ...(status.reason === undefined ? {} : { reason: status.reason }),
            },
          },
        ),
      );
    } else if (status.status === 'unknown') {
      p.findings.push(
        finding(
          'ERR_KEYSTORE_REVOCATION_UNKNOWN',
          policy === 'hard-fail' ? 'blocking' : 'warning',
          `The revocation status of "${subjectOf(cert) ?? '?'}" is unknown: ${status.reason}.`,
          { depth, cert, details: { revocationCode: status.code, serialNumber: cert.serialNumber } },
        ),
      );
    }
  }
  return result(p);
}

function toChecker(
  revocation: RevocationChecker | readonly CertificateRevocationList[] | undefined,
): RevocationChecker | undefined {
  if (revocation === undefined) return undefined;
  if (Array.isArray(revocation)) {
    if (!revocation.every((c) => c instanceof CertificateRevocationList)) {
      throw new TypeError('revocation must be a RevocationChecker or an array of CertificateRevocationList');
    }
    return createCrlChecker({ crls: revocation as readonly CertificateRevocationList[], fetcher: false });
  }
  if (typeof (revocation as RevocationChecker).check !== 'function') {
    throw new TypeError('revocation must be a RevocationChecker or an array of CertificateRevocationList');
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
