import { inspect } from 'node:util';
import { InputError } from '../errors/area-errors.js';
import {
  checkInteger,
  malformed,
  readBitString,
  readInteger,
  readRoot,
  readSmallInteger,
  readTime,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../internal/der/index.js';
import { ExtensionOid } from '../internal/oids.js';
import type { PublicKey } from '../keys/public-key.js';
import { type BinaryInput, decodeInput, encodePem } from '../pem/index.js';
import { decodeField } from './decode-errors.js';
import { DistinguishedName, requireValidStrings } from './distinguished-name.js';
import {
  type IssuingDistributionPoint,
  parseIssuingDistributionPoint,
} from './extensions/distribution-points.js';
import { type Extension, readExtensionList } from './extensions/extension.js';
import { decodeExtension } from './extensions/extension-lookup.js';
import { type AuthorityKeyIdentifier, parseAuthorityKeyIdentifier } from './extensions/key-identifiers.js';
import { type GeneralName, readGeneralNames } from './general-name.js';
import { type SignatureCheck, verifySignedData } from './signature.js';
import { parseSignatureAlgorithm, readAlgorithmOid, type SignatureAlgorithm } from './signature-algorithm.js';
import { signatureBytes } from './signature-value.js';
import { checkSerialLength, integerValue, readRootSequence, serialHex } from './structure.js';

const M = 'ERR_CRL_MALFORMED';

/**
 * CRLReason values by code; 7 is unused.
 * @example
 * ```ts
 * import { CRL_REASONS } from 'certkit/x509';
 * CRL_REASONS[1]; // 'keyCompromise'
 * ```
 * @see RFC 5280 section 5.3.1
 */
export const CRL_REASONS: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

/**
 * One revoked certificate of a CRL.
 * @see RFC 5280 section 5.1.2.6
 */
export interface RevokedCertificate {
  /** The serial number, upper-case hex as `openssl crl -text` prints it. */
  readonly serialNumber: string;
  readonly revocationDate: Date;
  /** The reason name (`keyCompromise`, …), when the entry has a reasonCode extension. */
  readonly reason?: string;
  /** The numeric reasonCode. */
  readonly reasonCode?: number;
  /** The invalidityDate entry extension. */
  readonly invalidityDate?: Date;
  /** The certificateIssuer entry extension (indirect CRLs). */
  readonly certificateIssuer?: readonly GeneralName[];
  /** Every entry extension. */
  readonly extensions: readonly Extension[];
}

function readRevoked(der: Uint8Array, entry: Tlv): RevokedCertificate {
  seq(entry, 'revokedCertificate');
  const serial = readTlv(der, entry.valueStart, entry.end);
  if (serial.cls !== 0 || serial.tag !== UniversalTag.integer)
    malformed(serial.start, 'userCertificate: expected an INTEGER');
  checkSerialLength(der, serial, 'userCertificate serial number');
  const date = readTlv(der, serial.end, entry.end);
  const out: {
    serialNumber: string;
    revocationDate: Date;
    reason?: string;
    reasonCode?: number;
    invalidityDate?: Date;
    certificateIssuer?: GeneralName[];
    extensions: Extension[];
  } = { serialNumber: '', revocationDate: readTime(der, date), extensions: [] };
  checkInteger(der, serial);
  out.serialNumber = serialHex(der, serial);
  if (date.end < entry.end) {
    const exts = readTlv(der, date.end, entry.end);
    if (exts.end !== entry.end) malformed(exts.end, 'revokedCertificate has extra fields');
    out.extensions = readExtensionList(der, exts);
    const reason = decodeExtension(out.extensions, ExtensionOid.crlReason, (v) => {
      const t = readRoot(v);
      if (t.cls !== 0 || t.tag !== UniversalTag.enumerated)
        malformed(t.start, 'CRLReason: expected ENUMERATED');
      return readSmallInteger(v, t);
    });
    if (reason !== undefined) {
      out.reasonCode = reason;
      out.reason = CRL_REASONS[reason] ?? `reason ${reason}`;
    }
    const inv = decodeExtension(out.extensions, ExtensionOid.invalidityDate, (v) => readTime(v, readRoot(v)));
    if (inv !== undefined) out.invalidityDate = inv;
    const ci = decodeExtension(out.extensions, ExtensionOid.certificateIssuer, (v) =>
      readGeneralNames(v, readRootSequence(v, 'CertificateIssuer')),
    );
    if (ci !== undefined) out.certificateIssuer = ci;
  }
  return out;
}

/**
 * A certificate revocation list: issuer, this/next update, revoked serials with dates and reasons,
 * CRL number and signature check. Revoked entries are decoded on first access.
 *
 * @example
 * ```ts
 * import { parseCertificate, parseCrl } from 'certkit/x509';
 * const crl = parseCrl(crlPem);
 * if (crl.verifySignature(parseCertificate(caPem).publicKey).ok) console.log(crl.findRevoked('1A2B')?.reason);
 * ```
 * @see RFC 5280 section 5
 */
export class CertificateRevocationList {
  /** The whole CRL DER. */
  readonly der: Uint8Array;
  readonly #tbs: Tlv;
  readonly #sigAlg: Tlv;
  readonly #sigValue: Tlv;
  readonly #version: Tlv | undefined;
  readonly #tbsSigAlg: Tlv;
  readonly #issuer: Tlv;
  readonly #thisUpdate: Tlv;
  readonly #nextUpdate: Tlv | undefined;
  readonly #revokedSeq: Tlv | undefined;
  readonly #extensionsSeq: Tlv | undefined;
  #issuerDn: DistinguishedName | undefined;
  #revoked: RevokedCertificate[] | undefined;
  #index: Map<string, RevokedCertificate> | undefined;
  #extensions: Extension[] | undefined;

  private constructor(der: Uint8Array) {
    this.der = der;
    const root = readRootSequence(der, 'CertificateList');
    this.#tbs = seq(readTlv(der, root.valueStart, root.end), 'tbsCertList');
    this.#sigAlg = seq(readTlv(der, this.#tbs.end, root.end), 'signatureAlgorithm');
    this.#sigValue = readTlv(der, this.#sigAlg.end, root.end);
    if (this.#sigValue.cls !== 0 || this.#sigValue.tag !== UniversalTag.bitString) {
      malformed(this.#sigValue.start, 'signatureValue: expected a BIT STRING');
    }
    if (this.#sigValue.end !== root.end) malformed(this.#sigValue.end, 'extra fields after the signature');
    const end = this.#tbs.end;
    let t = readTlv(der, this.#tbs.valueStart, end);
    if (t.cls === 0 && t.tag === UniversalTag.integer) {
      this.#version = t;
      t = readTlv(der, t.end, end);
    }
    this.#tbsSigAlg = seq(t, 'signature');
    this.#issuer = seq(readTlv(der, t.end, end), 'issuer');
    this.#thisUpdate = readTlv(der, this.#issuer.end, end);
    let pos = this.#thisUpdate.end;
    while (pos < end) {
      t = readTlv(der, pos, end);
      if (t.cls === 0 && (t.tag === UniversalTag.utcTime || t.tag === UniversalTag.generalizedTime)) {
        if (this.#nextUpdate || this.#revokedSeq || this.#extensionsSeq)
          malformed(t.start, 'nextUpdate out of order');
        this.#nextUpdate = t;
      } else if (t.cls === 0 && t.tag === UniversalTag.sequence) {
        if (this.#revokedSeq || this.#extensionsSeq) malformed(t.start, 'revokedCertificates out of order');
        this.#revokedSeq = t;
      } else if (t.cls === 2 && t.tag === 0 && t.constructed) {
        if (this.#extensionsSeq) malformed(t.start, 'crlExtensions twice');
        const inner = seq(readTlv(der, t.valueStart, t.end), 'crlExtensions');
        if (inner.end !== t.end) malformed(inner.end, 'crlExtensions: extra bytes');
        this.#extensionsSeq = inner;
      } else malformed(t.start, 'unexpected field in tbsCertList');
      pos = t.end;
    }
  }

  /**
   * Reads a CRL from DER (copied).
   * @throws X509Error `ERR_CRL_MALFORMED`
   * @example
   * ```ts
   * import { CertificateRevocationList } from 'certkit/x509';
   * const crl = CertificateRevocationList.fromDer(der);
   * ```
   * @see RFC 5280 section 5.1
   */
  static fromDer(der: Uint8Array): CertificateRevocationList {
    if (!(der instanceof Uint8Array))
      throw new TypeError('CertificateRevocationList.fromDer expects a Uint8Array');
    const copy = Uint8Array.prototype.slice.call(der);
    return decodeField(M, 'structure', () => new CertificateRevocationList(copy));
  }

  /** The CRL as a PEM `X509 CRL` block. */
  get pem(): string {
    return encodePem('X509 CRL', this.der);
  }

  /** CRL version: 1 or 2. @throws X509Error `ERR_CRL_MALFORMED` */
  get version(): number {
    const v = this.#version;
    if (v === undefined) return 1;
    return decodeField(M, 'version', () => {
      const n = readInteger(this.der, v);
      // RFC 5280 5.1.2.1: when present, the version is v2 (1).
      if (n !== 1) malformed(v.start, `unknown CRL version ${n + 1}`);
      return 2;
    });
  }

  /** The CRL issuer. @throws X509Error `ERR_CRL_MALFORMED` */
  get issuer(): DistinguishedName {
    this.#issuerDn ??= decodeField(M, 'issuer', () => {
      const dn = DistinguishedName.fromDer(this.der.subarray(this.#issuer.start, this.#issuer.end));
      requireValidStrings(dn);
      return dn;
    });
    return this.#issuerDn;
  }

  /** When this CRL was issued. @throws X509Error `ERR_CRL_MALFORMED` */
  get thisUpdate(): Date {
    return decodeField(M, 'thisUpdate', () => readTime(this.der, this.#thisUpdate));
  }

  /** When the next CRL is due, or undefined when absent. @throws X509Error `ERR_CRL_MALFORMED` */
  get nextUpdate(): Date | undefined {
    const t = this.#nextUpdate;
    return t === undefined ? undefined : decodeField(M, 'nextUpdate', () => readTime(this.der, t));
  }

  /** Whether nextUpdate has passed at `at` (default now); a CRL without nextUpdate is never stale. */
  isStale(at: Date = new Date()): boolean {
    const next = this.nextUpdate;
    return next !== undefined && at.getTime() > next.getTime();
  }

  /**
   * The revoked certificates in encoded order.
   * @throws X509Error `ERR_CRL_MALFORMED`, `ERR_X509_TOO_LARGE` (an entry's serial over 32 octets).
   */
  get revoked(): readonly RevokedCertificate[] {
    if (this.#revoked === undefined) {
      const s = this.#revokedSeq;
      const list: RevokedCertificate[] = [];
      if (s !== undefined) {
        decodeField(M, 'revokedCertificates', () => {
          let pos = s.valueStart;
          while (pos < s.end) {
            const entry = readTlv(this.der, pos, s.end);
            list.push(readRevoked(this.der, entry));
            pos = entry.end;
          }
        });
      }
      // Only a complete list is kept: a list that failed to decode must fail again, never read as empty.
      this.#revoked = list;
    }
    return this.#revoked;
  }

  /** The entry for a serial number (hex, any case, with or without colons and leading zeros), or undefined. */
  findRevoked(serialNumber: string): RevokedCertificate | undefined {
    if (this.#index === undefined) {
      this.#index = new Map();
      for (const r of this.revoked) if (!this.#index.has(r.serialNumber)) this.#index.set(r.serialNumber, r);
    }
    let key = serialNumber.replace(/:/g, '').toUpperCase();
    const sign = key.startsWith('-') ? '-' : ''; // negative serials (non-conforming) keep their sign
    key = key.slice(sign.length).replace(/^0+(?=.)/, '');
    if (key.length % 2) key = `0${key}`;
    return this.#index.get(sign + key);
  }

  /** Every CRL extension in encoded order. @throws X509Error `ERR_CRL_MALFORMED` */
  get extensions(): readonly Extension[] {
    const s = this.#extensionsSeq;
    this.#extensions ??=
      s === undefined ? [] : decodeField(M, 'crlExtensions', () => readExtensionList(this.der, s));
    return this.#extensions;
  }

  /** The cRLNumber, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get crlNumber(): bigint | undefined {
    return decodeExtension(this.extensions, ExtensionOid.crlNumber, readBigInteger);
  }

  /** The deltaCRLIndicator base CRL number when this is a delta CRL. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get deltaCrlIndicator(): bigint | undefined {
    return decodeExtension(this.extensions, ExtensionOid.deltaCrlIndicator, readBigInteger);
  }

  /** The authorityKeyIdentifier. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get authorityKeyIdentifier(): AuthorityKeyIdentifier | undefined {
    return decodeExtension(this.extensions, ExtensionOid.authorityKeyIdentifier, parseAuthorityKeyIdentifier);
  }

  /** The issuingDistributionPoint. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get issuingDistributionPoint(): IssuingDistributionPoint | undefined {
    return decodeExtension(
      this.extensions,
      ExtensionOid.issuingDistributionPoint,
      parseIssuingDistributionPoint,
    );
  }

  /** The signature algorithm. @throws X509Error `ERR_CRL_MALFORMED` */
  get signatureAlgorithm(): SignatureAlgorithm {
    return decodeField(M, 'signatureAlgorithm', () => parseSignatureAlgorithm(this.der, this.#sigAlg));
  }

  /** The OID of the algorithm inside tbsCertList. */
  get tbsSignatureAlgorithmOid(): string {
    return decodeField(M, 'signature', () => readAlgorithmOid(this.der, this.#tbsSigAlg));
  }

  /** The signed TBSCertList bytes. */
  get tbs(): Uint8Array {
    return this.der.subarray(this.#tbs.start, this.#tbs.end);
  }

  /** The signature bytes. @throws X509Error `ERR_CRL_MALFORMED` */
  get signatureValue(): Uint8Array {
    return decodeField(M, 'signatureValue', () => signatureBytes(this.der, this.#sigValue));
  }

  /**
   * Checks the CRL signature with the issuer's public key.
   * @returns `{ ok: true }` or `{ ok: false, code, reason }`.
   * @throws X509Error `ERR_CRL_MALFORMED` when the signature fields cannot be decoded.
   * @example
   * ```ts
   * import { parseCertificate, parseCrl } from 'certkit/x509';
   * const check = parseCrl(crlPem).verifySignature(parseCertificate(caPem).publicKey);
   * ```
   * @see RFC 5280 section 6.3.3
   */
  verifySignature(issuerKey: PublicKey): SignatureCheck {
    const bits = decodeField(M, 'signatureValue', () => readBitString(this.der, this.#sigValue));
    return verifySignedData({
      data: this.tbs,
      signature: bits.bytes,
      unusedBits: bits.unusedBits,
      algorithm: this.signatureAlgorithm,
      signedAlgorithm: {
        oid: this.tbsSignatureAlgorithmOid,
        field: 'tbsCertList',
        parameters:
          decodeField(M, 'signature', () => parseSignatureAlgorithm(this.der, this.#tbsSigAlg)).parameters ??
          null,
      },
      key: issuerKey,
    });
  }

  /** A plain summary: issuer, dates, CRL number (decimal) and revoked entries. */
  toJSON(): {
    issuer: string;
    thisUpdate: string;
    nextUpdate: string | null;
    crlNumber: string | null;
    signatureAlgorithm: string;
    revoked: { serialNumber: string; revocationDate: string; reason: string | null }[];
  } {
    return {
      issuer: this.issuer.toString(),
      thisUpdate: this.thisUpdate.toISOString(),
      nextUpdate: this.nextUpdate?.toISOString() ?? null,
      crlNumber: this.crlNumber?.toString() ?? null,
      signatureAlgorithm: this.signatureAlgorithm.name,
      revoked: this.revoked.map((r) => ({
        serialNumber: r.serialNumber,
        revocationDate: r.revocationDate.toISOString(),
        reason: r.reason ?? null,
      })),
    };
  }

  /** `util.inspect` shows the summary. */
  [inspect.custom](depth: number, options: object): string {
    let body: unknown;
    try {
      body = this.toJSON();
    } catch (e) {
      body = { error: (e as Error).message };
    }
    return `CertificateRevocationList ${inspect(body, { ...options, depth: Math.max(depth, 4) })}`;
  }
}

function readBigInteger(v: Uint8Array): bigint {
  const t = readTlv(v, 0);
  if (t.cls !== 0 || t.tag !== UniversalTag.integer || t.end !== v.length)
    malformed(0, 'expected one INTEGER');
  checkInteger(v, t);
  // RFC 5280 5.2.3 allows 20 octets; the same tolerance as serial numbers applies.
  checkSerialLength(v, t, 'CRL number');
  return integerValue(v, t);
}

function seq(t: Tlv, what: string): Tlv {
  if (t.cls !== 0 || t.tag !== UniversalTag.sequence || !t.constructed)
    malformed(t.start, `${what}: expected a SEQUENCE`);
  return t;
}

/**
 * Reads a CRL from PEM (`X509 CRL`) or DER.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNEXPECTED_OBJECT`
 * @throws PemError any PEM framing error
 * @throws X509Error `ERR_CRL_MALFORMED`
 * @example
 * ```ts
 * import { parseCrl } from 'certkit/x509';
 * const crl = parseCrl(await readFile('ca.crl'));
 * console.log(crl.thisUpdate, crl.revoked.length);
 * ```
 * @see RFC 5280 section 5
 */
export function parseCrl(
  input: BinaryInput,
  options: { readonly maxInputBytes?: number } = {},
): CertificateRevocationList {
  if (typeof input !== 'string' && !(input instanceof Uint8Array))
    throw new TypeError('expected a string or bytes');
  const decoded = decodeInput(input, { checkContent: false, ...options });
  if (decoded.kind === 'der') return CertificateRevocationList.fromDer(decoded.bytes);
  const block = decoded.blocks.find((b) => b.label === 'X509 CRL' || b.label === 'CRL');
  if (block === undefined) {
    const found = decoded.blocks.map((b) => b.label).join(', ');
    throw new InputError('ERR_INPUT_UNEXPECTED_OBJECT', `Expected a CRL, but the PEM holds ${found}.`, {
      details: { expected: 'X509 CRL', found },
    });
  }
  return CertificateRevocationList.fromDer(block.bytes);
}
