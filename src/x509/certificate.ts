import * as nodeCrypto from 'node:crypto';
import { inspect } from 'node:util';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { toColonHex } from '../internal/der/hex.js';
import { readTime } from '../internal/der/time.js';
import { malformed, readTlv, type Tlv, UniversalTag } from '../internal/der/tlv.js';
import { checkInteger, readBitString, readInteger } from '../internal/der/values.js';
import { ExtensionOid } from '../internal/oids.js';
import { type PublicKey, parseSubjectPublicKeyInfo } from '../keys/public-key.js';
import { encodePem } from '../pem/index.js';
import { collectCertificateDeviations } from './certificate-deviations.js';
import { type CertificateStatus, type StatusOptions, validityStatus } from './certificate-status.js';
import { buildCertificateSummary, type CertificateSummary } from './certificate-summary.js';
import { decodeField } from './decode-errors.js';
import { DistinguishedName, requireValidStrings } from './distinguished-name.js';
import type { EncodingDeviation } from './encoding-deviation.js';
import { type BasicConstraints, parseBasicConstraints } from './extensions/basic-constraints.js';
import {
  type DistributionPoint,
  distributionPointUris,
  parseDistributionPoints,
} from './extensions/distribution-points.js';
import { type ExtendedKeyUsage, parseExtendedKeyUsage } from './extensions/extended-key-usage.js';
import { type Extension, readExtensionList } from './extensions/extension.js';
import { decodeExtension, findExtension, findExtensionIn } from './extensions/extension-lookup.js';
import {
  type AccessDescription,
  type AuthorityInfoAccess,
  parseAccessDescriptions,
  parseAuthorityInfoAccess,
} from './extensions/information-access.js';
import {
  type AuthorityKeyIdentifier,
  parseAuthorityKeyIdentifier,
  parseSubjectKeyIdentifier,
} from './extensions/key-identifiers.js';
import { type KeyUsage, parseKeyUsage } from './extensions/key-usage.js';
import { type NameConstraints, parseNameConstraints } from './extensions/name-constraints.js';
import {
  type CertificatePolicy,
  type InhibitAnyPolicy,
  type PolicyConstraints,
  type PolicyMappings,
  parseCertificatePolicies,
  parseInhibitAnyPolicy,
  parsePolicyConstraints,
  parsePolicyMappings,
} from './extensions/policies.js';
import { parseTlsFeature, TLS_FEATURE_STATUS_REQUEST } from './extensions/tls-feature.js';
import { type GeneralName, readGeneralNames } from './general-name.js';
import { type SignatureCheck, verifySignedData } from './signature.js';
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.js';
import { signatureBytes } from './signature-value.js';
import { checkSerialLength, readRootSequence, serialHex } from './structure.js';

const M = 'ERR_X509_MALFORMED';
const NO_AIA: AuthorityInfoAccess = Object.freeze({ ocsp: Object.freeze([]), caIssuers: Object.freeze([]) });
const EMPTY: readonly never[] = Object.freeze([]);

/**
 * An X.509 certificate. `fromDer` checks the outer structure and records where each field is; every
 * getter decodes its field on first access and caches it, so reading two fields of a certificate
 * costs two fields, not a full parse.
 *
 * @example
 * ```ts
 * import { parseCertificate } from 'certkit/x509';
 * const cert = parseCertificate(await readFile('server.crt'));
 * console.log(cert.subject.toString(), cert.notAfter, cert.subjectAltNames, cert.sha256Fingerprint);
 * console.log(cert.status({ expiringWithinDays: 30 }));
 * ```
 * @see RFC 5280 section 4.1
 */
export class Certificate {
  /** The whole certificate DER. */
  readonly der: Uint8Array;
  // Where the fields are: start offsets into `der`, each checked by the constructor. The fields between
  // them are found again by reading one header (validity follows issuer, subjectPublicKeyInfo follows
  // subject, signatureValue follows signatureAlgorithm), so a parsed certificate holds five numbers,
  // not twelve TLV objects: 10,000 kept certificates cost little more than their DER.
  readonly #serial: number;
  readonly #issuer: number;
  readonly #subject: number;
  readonly #extensionsSeq: number; // -1 when absent
  readonly #sigAlg: number;
  // Fields decoded on first use, in a record made on the first field read.
  #decoded: DecodedFields | undefined;

  private constructor(der: Uint8Array) {
    this.der = der;
    const root = readRootSequence(der, 'Certificate');
    const tbs = readTlv(der, root.valueStart, root.end);
    const sigAlg = readTlv(der, tbs.end, root.end);
    const sigValue = readTlv(der, sigAlg.end, root.end);
    if (sigValue.end !== root.end) malformed(sigValue.end, 'Certificate has fields after signatureValue');
    expectSeq(tbs, 'tbsCertificate');
    expectSeq(sigAlg, 'signatureAlgorithm');
    if (sigValue.cls !== 0 || sigValue.tag !== UniversalTag.bitString) {
      malformed(sigValue.start, 'signatureValue: expected a BIT STRING');
    }
    this.#sigAlg = sigAlg.start;
    const end = tbs.end;
    let t = readTlv(der, tbs.valueStart, end);
    if (t.cls === 2 && t.tag === 0) {
      if (!t.constructed) malformed(t.start, 'version: expected an explicit [0] tag');
      t = readTlv(der, t.end, end);
    }
    if (t.cls !== 0 || t.tag !== UniversalTag.integer)
      malformed(t.start, 'serialNumber: expected an INTEGER');
    this.#serial = t.start;
    const tbsSigAlg = expectSeq(readTlv(der, t.end, end), 'signature');
    const issuer = expectSeq(readTlv(der, tbsSigAlg.end, end), 'issuer');
    this.#issuer = issuer.start;
    const validity = expectSeq(readTlv(der, issuer.end, end), 'validity');
    const subject = expectSeq(readTlv(der, validity.end, end), 'subject');
    this.#subject = subject.start;
    const spki = expectSeq(readTlv(der, subject.end, end), 'subjectPublicKeyInfo');
    let extensions = -1;
    let pos = spki.end;
    let lastTag = 0;
    while (pos < end) {
      t = readTlv(der, pos, end);
      if (t.cls !== 2 || t.tag <= lastTag || t.tag > 3)
        malformed(t.start, 'unexpected field in tbsCertificate');
      lastTag = t.tag;
      if (t.tag === 3) {
        if (!t.constructed) malformed(t.start, 'extensions: expected an explicit [3] tag');
        const seq = expectSeq(readTlv(der, t.valueStart, t.end), 'extensions');
        if (seq.end !== t.end) malformed(seq.end, 'extensions: extra bytes');
        extensions = seq.start;
      }
      pos = t.end;
    }
    this.#extensionsSeq = extensions;
  }

  get #fields(): DecodedFields {
    this.#decoded ??= new DecodedFields();
    return this.#decoded;
  }

  // The TLVs, read again from their checked offsets (one header each).
  #tlv(start: number): Tlv {
    return readTlv(this.der, start);
  }
  get #tbsTlv(): Tlv {
    return readTlv(this.der, readTlv(this.der, 0).valueStart);
  }
  get #versionTlv(): Tlv | undefined {
    const first = readTlv(this.der, this.#tbsTlv.valueStart);
    return first.start === this.#serial ? undefined : first;
  }
  get #serialTlv(): Tlv {
    return this.#tlv(this.#serial);
  }
  get #tbsSigAlgTlv(): Tlv {
    return this.#tlv(this.#serialTlv.end);
  }
  get #validityTlv(): Tlv {
    return this.#tlv(this.#tlv(this.#issuer).end);
  }
  get #spkiTlv(): Tlv {
    return this.#tlv(this.#tlv(this.#subject).end);
  }
  get #extensionsTlv(): Tlv | undefined {
    return this.#extensionsSeq < 0 ? undefined : this.#tlv(this.#extensionsSeq);
  }
  get #sigAlgTlv(): Tlv {
    return this.#tlv(this.#sigAlg);
  }
  get #sigValueTlv(): Tlv {
    return this.#tlv(this.#sigAlgTlv.end);
  }

  /**
   * Reads a certificate from DER. Validates the outer structure now; fields are decoded lazily.
   * The bytes are copied, so later changes to `der` do not affect the certificate.
   *
   * @throws X509Error `ERR_X509_MALFORMED` when the bytes are not a certificate (`details.reason`).
   * @example
   * ```ts
   * import { Certificate } from 'certkit/x509';
   * const cert = Certificate.fromDer(await readFile('cert.der'));
   * ```
   * @see RFC 5280 section 4.1
   */
  static fromDer(der: Uint8Array): Certificate {
    if (!(der instanceof Uint8Array)) throw new TypeError('Certificate.fromDer expects a Uint8Array');
    return Certificate.fromOwnedDer(Uint8Array.prototype.slice.call(der));
  }

  /** @internal Wraps bytes the caller will not change (no copy). */
  static fromOwnedDer(der: Uint8Array): Certificate {
    return decodeField(M, 'structure', () => new Certificate(der));
  }

  /** The certificate as a PEM `CERTIFICATE` block. */
  get pem(): string {
    return encodePem('CERTIFICATE', this.der);
  }

  /** X.509 version: 1, 2 or 3. */
  get version(): number {
    const v = this.#versionTlv;
    if (v === undefined) return 1;
    return this.#memo('version', () =>
      decodeField(M, 'version', () => {
        const inner = readTlv(this.der, v.valueStart, v.end);
        const n = readInteger(this.der, inner);
        if (n < 0 || n > 2) malformed(inner.start, `unknown version ${n + 1}`);
        return n + 1;
      }),
    );
  }

  /**
   * The serial number as upper-case hex, as `openssl x509 -serial` prints it (negative ones with `-`).
   * @throws X509Error `ERR_X509_TOO_LARGE` when it is longer than 32 octets (RFC 5280 4.1.2.2 allows 20;
   *   see `MAX_SERIAL_OCTETS` for the tolerance); `ERR_X509_MALFORMED` for an empty INTEGER or one with a
   *   redundant leading byte (X.690 8.3.2).
   */
  get serialNumber(): string {
    return this.#memo('serial', () =>
      decodeField(M, 'serialNumber', () => {
        const serial = this.#serialTlv;
        checkInteger(this.der, serial);
        checkSerialLength(this.der, serial, 'serialNumber');
        return serialHex(this.der, serial);
      }),
    );
  }

  /** The raw INTEGER content of the serial number (sign byte included), for RFC 5280 serial rules. */
  get serialNumberBytes(): Uint8Array {
    const serial = this.#serialTlv;
    return this.der.subarray(serial.valueStart, serial.end);
  }

  /** The subject name. */
  get subject(): DistinguishedName {
    this.#fields.subjectDn ??= this.#name(this.#subject, 'subject');
    return this.#fields.subjectDn;
  }

  /** The issuer name. */
  get issuer(): DistinguishedName {
    this.#fields.issuerDn ??= this.#name(this.#issuer, 'issuer');
    return this.#fields.issuerDn;
  }

  /** Start of the validity period. */
  get notBefore(): Date {
    this.#fields.notBefore ??= this.#time('notBefore');
    return this.#fields.notBefore;
  }

  /** End of the validity period (inclusive). */
  get notAfter(): Date {
    this.#fields.notAfter ??= this.#time('notAfter');
    return this.#fields.notAfter;
  }

  /** Every extension in encoded order, duplicates preserved; [] for v1 certificates. */
  get extensions(): readonly Extension[] {
    return this.#memo('extensions', () => {
      const seq = this.#extensionsTlv;
      return seq === undefined ? [] : decodeField(M, 'extensions', () => readExtensionList(this.der, seq));
    });
  }

  /**
   * The extension with this OID, or undefined.
   * @throws X509Error `ERR_X509_BAD_EXTENSION` when it appears more than once.
   */
  getExtension(oid: string): Extension | undefined {
    return findExtension(this.extensions, oid);
  }

  /**
   * Subject alternative names in encoded order; [] when absent.
   * @throws X509Error `ERR_X509_BAD_EXTENSION` when the extension is malformed.
   */
  get subjectAltNames(): readonly GeneralName[] {
    this.#fields.sans ??= this.#decodeExtension(ExtensionOid.subjectAltName, readSubjectAltNames) ?? EMPTY;
    return this.#fields.sans;
  }

  /** Issuer alternative names; [] when absent. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get issuerAltNames(): readonly GeneralName[] {
    return (
      this.#extension(ExtensionOid.issuerAltName, (v) =>
        readGeneralNames(v, readRootSequence(v, 'IssuerAltName')),
      ) ?? EMPTY
    );
  }

  /** The keyUsage extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get keyUsage(): KeyUsage | undefined {
    return this.#extension(ExtensionOid.keyUsage, parseKeyUsage);
  }

  /** The extKeyUsage extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get extendedKeyUsage(): ExtendedKeyUsage | undefined {
    return this.#extension(ExtensionOid.extKeyUsage, parseExtendedKeyUsage);
  }

  /** The basicConstraints extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get basicConstraints(): BasicConstraints | undefined {
    return this.#extension(ExtensionOid.basicConstraints, parseBasicConstraints);
  }

  /** Whether basicConstraints says this is a CA. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get isCA(): boolean {
    return this.basicConstraints?.ca === true;
  }

  /** The subjectKeyIdentifier as lower-case hex, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get subjectKeyIdentifier(): string | undefined {
    return this.#extension(ExtensionOid.subjectKeyIdentifier, parseSubjectKeyIdentifier);
  }

  /** The authorityKeyIdentifier extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get authorityKeyIdentifier(): AuthorityKeyIdentifier | undefined {
    return this.#extension(ExtensionOid.authorityKeyIdentifier, parseAuthorityKeyIdentifier);
  }

  /** OCSP and caIssuers URIs from authorityInfoAccess (empty lists when absent). @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get authorityInfoAccess(): AuthorityInfoAccess {
    return this.#extension(ExtensionOid.authorityInfoAccess, parseAuthorityInfoAccess) ?? NO_AIA;
  }

  /** Every AccessDescription of authorityInfoAccess, any method and name type. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get authorityInfoAccessDescriptions(): readonly AccessDescription[] {
    return this.#extension(ExtensionOid.authorityInfoAccess, parseAccessDescriptions, 'aia-all') ?? EMPTY;
  }

  /** URIs of the fullName CRL distribution points; [] when absent. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get crlDistributionPoints(): readonly string[] {
    return distributionPointUris(this.distributionPoints);
  }

  /** The cRLDistributionPoints in full (names, reasons, CRL issuers). @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get distributionPoints(): readonly DistributionPoint[] {
    return this.#extension(ExtensionOid.crlDistributionPoints, parseDistributionPoints) ?? EMPTY;
  }

  /** The freshestCRL (delta CRL) distribution points; [] when absent. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get freshestCrl(): readonly DistributionPoint[] {
    return this.#extension(ExtensionOid.freshestCrl, parseDistributionPoints) ?? EMPTY;
  }

  /** Every AccessDescription of subjectInfoAccess; [] when absent. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get subjectInfoAccess(): readonly AccessDescription[] {
    return this.#extension(ExtensionOid.subjectInfoAccess, parseAccessDescriptions) ?? EMPTY;
  }

  /**
   * The TLS Feature extension (RFC 7633): TLS extension numbers the server must send, or undefined.
   * @throws X509Error `ERR_X509_BAD_EXTENSION`
   */
  get tlsFeatures(): readonly number[] | undefined {
    return this.#extension(ExtensionOid.tlsFeature, parseTlsFeature);
  }

  /** Whether the certificate demands OCSP stapling (TLS Feature `status_request`). @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get mustStaple(): boolean {
    return this.tlsFeatures?.includes(TLS_FEATURE_STATUS_REQUEST) === true;
  }

  /** The certificatePolicies, or undefined when absent. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get certificatePolicies(): readonly CertificatePolicy[] | undefined {
    return this.#extension(ExtensionOid.certificatePolicies, parseCertificatePolicies);
  }

  /** The policyConstraints extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get policyConstraints(): PolicyConstraints | undefined {
    return this.#extension(ExtensionOid.policyConstraints, parsePolicyConstraints);
  }

  /** The policyMappings extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get policyMappings(): PolicyMappings | undefined {
    return this.#extension(ExtensionOid.policyMappings, parsePolicyMappings);
  }

  /** The inhibitAnyPolicy extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get inhibitAnyPolicy(): InhibitAnyPolicy | undefined {
    return this.#extension(ExtensionOid.inhibitAnyPolicy, parseInhibitAnyPolicy);
  }

  /** The nameConstraints extension, or undefined. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get nameConstraints(): NameConstraints | undefined {
    return this.#extension(ExtensionOid.nameConstraints, parseNameConstraints);
  }

  /** The outer signature algorithm. @throws X509Error `ERR_X509_MALFORMED` */
  get signatureAlgorithm(): SignatureAlgorithm {
    return this.#memo('sigalg', () =>
      decodeField(M, 'signatureAlgorithm', () => parseSignatureAlgorithm(this.der, this.#sigAlgTlv)),
    );
  }

  /** The OID of the algorithm inside tbsCertificate (RFC 5280 requires it to equal the outer one). */
  get tbsSignatureAlgorithmOid(): string {
    return this.#tbsSignatureAlgorithm().oid;
  }

  #tbsSignatureAlgorithm(): SignatureAlgorithm {
    return this.#memo('tbssigalg', () =>
      decodeField(M, 'signature', () => parseSignatureAlgorithm(this.der, this.#tbsSigAlgTlv)),
    );
  }

  /** The signed TBSCertificate bytes (a view). */
  get tbs(): Uint8Array {
    return this.der.subarray(this.#tbsTlv.start, this.#sigAlg);
  }

  /**
   * The signature bytes (BIT STRING content without the unused-bits byte).
   * @throws X509Error `ERR_X509_MALFORMED` when the BIT STRING has unused bits: a signature is whole bytes.
   */
  get signatureValue(): Uint8Array {
    return decodeField(M, 'signatureValue', () => signatureBytes(this.der, this.#sigValueTlv));
  }

  /**
   * What this certificate breaks of DER or RFC 5280 that certkit reads anyway because real
   * certificates do it and OpenSSL accepts it: PrintableString `*`, critical FALSE written out, a
   * non-0xFF TRUE, keyUsage with trailing zero bits, GeneralizedTime before 2050, extensions in a v1
   * certificate. Empty for a conforming certificate. Chain validation refuses a certificate (other than
   * a trust anchor) with deviations unless `allowEncodingDeviations` is set; `certkit inspect` warns.
   * Fields that cannot be read at all are not listed here: their getters throw (see `toJSON().errors`).
   * Never throws.
   *
   * @example
   * ```ts
   * import { parseCertificate } from 'certkit/x509';
   * for (const d of parseCertificate(pem).encodingDeviations) console.warn(d.field, d.message, d.rule);
   * ```
   * @see docs/conformance.md, X.690 section 11, RFC 5280 section 4
   */
  get encodingDeviations(): readonly EncodingDeviation[] {
    return this.#memo('deviations', () =>
      collectCertificateDeviations(this, {
        version: this.#versionTlv,
        validity: this.#validityTlv,
        extensions: this.#extensionsTlv,
      }),
    );
  }

  /** The subject public key. @throws KeyError `ERR_KEY_MALFORMED`, `ERR_KEY_UNSUPPORTED_ALGORITHM` */
  get publicKey(): PublicKey {
    this.#fields.publicKey ??= parseSubjectPublicKeyInfo(this.der, this.#spkiTlv);
    return this.#fields.publicKey;
  }

  /** SHA-256 of the DER, colon upper hex (`openssl x509 -noout -fingerprint -sha256`). */
  get sha256Fingerprint(): string {
    this.#fields.sha256 ??= toColonHex(digest('sha256', this.der));
    return this.#fields.sha256;
  }

  /** SHA-1 of the DER, colon upper hex (`openssl x509 -noout -fingerprint -sha1`). */
  get sha1Fingerprint(): string {
    return this.#memo('sha1', () => toColonHex(digest('sha1', this.der)));
  }

  /** Whether subject and issuer are the same name (RFC 5280 section 7.1 comparison). */
  get isSelfIssued(): boolean {
    return this.#memo('selfissued', () => this.subject.equals(this.issuer));
  }

  /** Whether the certificate is self-issued and its own public key verifies its signature. */
  isSelfSigned(): boolean {
    return this.#memo('selfsigned', () => {
      if (!this.isSelfIssued) return false;
      try {
        return this.verifySignature(this.publicKey).ok;
      } catch (e) {
        if (isCertkitError(e)) return false;
        throw e;
      }
    });
  }

  /**
   * Checks this certificate's signature with the issuer's public key (Node `crypto.verify`).
   *
   * @returns `{ ok: true }` or `{ ok: false, code, reason }` (`ERR_SIGNATURE_INVALID`,
   *   `ERR_SIGNATURE_UNSUPPORTED_ALGORITHM`).
   * @throws X509Error `ERR_X509_MALFORMED` when the signature fields cannot be decoded.
   * @example
   * ```ts
   * import { parseCertificate } from 'certkit/x509';
   * const check = parseCertificate(leafPem).verifySignature(parseCertificate(caPem).publicKey);
   * ```
   * @see RFC 5280 section 6.1.3
   */
  verifySignature(issuerKey: PublicKey): SignatureCheck {
    const bits = decodeField(M, 'signatureValue', () => readBitString(this.der, this.#sigValueTlv));
    return verifySignedData({
      data: this.tbs,
      signature: bits.bytes,
      unusedBits: bits.unusedBits,
      algorithm: this.signatureAlgorithm,
      signedAlgorithm: {
        oid: this.tbsSignatureAlgorithmOid,
        field: 'tbsCertificate',
        parameters: this.#tbsSignatureAlgorithm().parameters ?? null,
      },
      key: issuerKey,
    });
  }

  /**
   * Validity at a time: `valid`, `expiring` (notAfter within `expiringWithinDays`, default 30),
   * `expired` or `not-yet-valid`, with whole days remaining until notAfter.
   *
   * @example
   * ```ts
   * import { parseCertificate } from 'certkit/x509';
   * const { status, daysRemaining } = parseCertificate(pem).status({ expiringWithinDays: 14 });
   * ```
   * @see RFC 5280 section 4.1.2.5
   */
  status(options: StatusOptions = {}): CertificateStatus {
    return validityStatus(this.notBefore, this.notAfter, options);
  }

  /** A plain summary, the shape `certkit inspect --json` prints. Fields that fail to decode are null and listed in `errors`. */
  toJSON(): CertificateSummary {
    return buildCertificateSummary(this);
  }

  /** `util.inspect` shows the summary. */
  [inspect.custom](depth: number, options: object): string {
    return `Certificate ${inspect(this.toJSON(), { ...options, depth: Math.max(depth, 4) })}`;
  }

  #memo<T>(key: string, compute: () => T): T {
    this.#fields.cache ??= new Map();
    if (this.#fields.cache.has(key)) return this.#fields.cache.get(key) as T;
    const v = compute();
    this.#fields.cache.set(key, v);
    return v;
  }

  #extension<T>(oid: string, parse: (value: Uint8Array, critical: boolean) => T, key = oid): T | undefined {
    return this.#memo(key, () => this.#decodeExtension(oid, parse));
  }

  /**
   * Decodes one extension. Unless the whole list was asked for (and kept), walks the list without
   * keeping it, with the same checks and errors as reading the list and looking the extension up.
   */
  #decodeExtension<T>(oid: string, parse: (value: Uint8Array, critical: boolean) => T): T | undefined {
    const list = this.#fields.cache?.get('extensions') as readonly Extension[] | undefined;
    if (list !== undefined) return decodeExtension(list, oid, parse);
    const seq = this.#extensionsTlv;
    if (seq === undefined) return undefined;
    const ext = decodeField(M, 'extensions', () => findExtensionIn(this.der, seq, oid));
    return ext === undefined ? undefined : decodeExtension([ext], oid, parse);
  }

  #name(start: number, field: string): DistinguishedName {
    return decodeField(M, field, () => {
      const dn = DistinguishedName.fromRange(this.der, start, readTlv(this.der, start).end);
      requireValidStrings(dn);
      return dn;
    });
  }

  #time(field: 'notBefore' | 'notAfter'): Date {
    return decodeField(M, field, () => {
      const v = this.#validityTlv;
      const nb = readTlv(this.der, v.valueStart, v.end);
      const na = readTlv(this.der, nb.end, v.end);
      if (na.end !== v.end) malformed(na.end, 'Validity has extra fields');
      return readTime(this.der, field === 'notBefore' ? nb : na);
    });
  }
}

/**
 * One-shot `crypto.hash` (Node 20.12 and later) skips the Hash object `createHash` makes: a
 * fingerprint costs half as much. Older Node versions use `createHash`.
 */
const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

function digest(algorithm: 'sha1' | 'sha256', data: Uint8Array): Uint8Array {
  if (oneShotHash !== undefined) return oneShotHash(algorithm, data, 'buffer');
  return nodeCrypto.createHash(algorithm).update(data).digest();
}

/** What a Certificate has decoded. The hot fields have a slot each; the others share one Map. */
class DecodedFields {
  subjectDn: DistinguishedName | undefined;
  issuerDn: DistinguishedName | undefined;
  notBefore: Date | undefined;
  notAfter: Date | undefined;
  sans: readonly GeneralName[] | undefined;
  sha256: string | undefined;
  publicKey: PublicKey | undefined;
  cache: Map<string, unknown> | undefined;
}

function readSubjectAltNames(value: Uint8Array): GeneralName[] {
  return readGeneralNames(value, readRootSequence(value, 'SubjectAltName'));
}

function expectSeq(t: Tlv, what: string): Tlv {
  if (t.cls !== 0 || t.tag !== UniversalTag.sequence || !t.constructed)
    malformed(t.start, `${what}: expected a SEQUENCE`);
  return t;
}
