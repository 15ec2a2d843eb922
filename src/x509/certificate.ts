import { createHash } from 'node:crypto';
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
import { decodeExtension, findExtension } from './extensions/extension-lookup.js';
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
  readonly #tbs: Tlv;
  readonly #sigAlg: Tlv;
  readonly #sigValue: Tlv;
  readonly #version: Tlv | undefined;
  readonly #serial: Tlv;
  readonly #tbsSigAlg: Tlv;
  readonly #issuer: Tlv;
  readonly #validity: Tlv;
  readonly #subject: Tlv;
  readonly #spki: Tlv;
  readonly #extensionsSeq: Tlv | undefined;
  #cache: Map<string, unknown> | undefined;
  #subjectDn: DistinguishedName | undefined;
  #issuerDn: DistinguishedName | undefined;
  #notBefore: Date | undefined;
  #notAfter: Date | undefined;
  #extensions: Extension[] | undefined;
  #sans: readonly GeneralName[] | undefined;
  #sha256: string | undefined;
  #sha1: string | undefined;
  #publicKey: PublicKey | undefined;

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
    this.#tbs = tbs;
    this.#sigAlg = sigAlg;
    this.#sigValue = sigValue;
    const end = tbs.end;
    let t = readTlv(der, tbs.valueStart, end);
    if (t.cls === 2 && t.tag === 0) {
      if (!t.constructed) malformed(t.start, 'version: expected an explicit [0] tag');
      this.#version = t;
      t = readTlv(der, t.end, end);
    }
    if (t.cls !== 0 || t.tag !== UniversalTag.integer)
      malformed(t.start, 'serialNumber: expected an INTEGER');
    this.#serial = t;
    this.#tbsSigAlg = expectSeq(readTlv(der, t.end, end), 'signature');
    this.#issuer = expectSeq(readTlv(der, this.#tbsSigAlg.end, end), 'issuer');
    this.#validity = expectSeq(readTlv(der, this.#issuer.end, end), 'validity');
    this.#subject = expectSeq(readTlv(der, this.#validity.end, end), 'subject');
    this.#spki = expectSeq(readTlv(der, this.#subject.end, end), 'subjectPublicKeyInfo');
    let pos = this.#spki.end;
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
        this.#extensionsSeq = seq;
      }
      pos = t.end;
    }
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
    const v = this.#version;
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
        checkInteger(this.der, this.#serial);
        checkSerialLength(this.der, this.#serial, 'serialNumber');
        return serialHex(this.der, this.#serial);
      }),
    );
  }

  /** The raw INTEGER content of the serial number (sign byte included), for RFC 5280 serial rules. */
  get serialNumberBytes(): Uint8Array {
    return this.der.subarray(this.#serial.valueStart, this.#serial.end);
  }

  /** The subject name. */
  get subject(): DistinguishedName {
    this.#subjectDn ??= this.#name(this.#subject, 'subject');
    return this.#subjectDn;
  }

  /** The issuer name. */
  get issuer(): DistinguishedName {
    this.#issuerDn ??= this.#name(this.#issuer, 'issuer');
    return this.#issuerDn;
  }

  /** Start of the validity period. */
  get notBefore(): Date {
    this.#notBefore ??= this.#time('notBefore');
    return this.#notBefore;
  }

  /** End of the validity period (inclusive). */
  get notAfter(): Date {
    this.#notAfter ??= this.#time('notAfter');
    return this.#notAfter;
  }

  /** Every extension in encoded order, duplicates preserved; [] for v1 certificates. */
  get extensions(): readonly Extension[] {
    if (this.#extensions === undefined) {
      const seq = this.#extensionsSeq;
      this.#extensions =
        seq === undefined ? [] : decodeField(M, 'extensions', () => readExtensionList(this.der, seq));
    }
    return this.#extensions;
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
    this.#sans ??=
      this.#extension(ExtensionOid.subjectAltName, (v) =>
        readGeneralNames(v, readRootSequence(v, 'SubjectAltName')),
      ) ?? EMPTY;
    return this.#sans;
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
      decodeField(M, 'signatureAlgorithm', () => parseSignatureAlgorithm(this.der, this.#sigAlg)),
    );
  }

  /** The OID of the algorithm inside tbsCertificate (RFC 5280 requires it to equal the outer one). */
  get tbsSignatureAlgorithmOid(): string {
    return this.#tbsSignatureAlgorithm().oid;
  }

  #tbsSignatureAlgorithm(): SignatureAlgorithm {
    return this.#memo('tbssigalg', () =>
      decodeField(M, 'signature', () => parseSignatureAlgorithm(this.der, this.#tbsSigAlg)),
    );
  }

  /** The signed TBSCertificate bytes (a view). */
  get tbs(): Uint8Array {
    return this.der.subarray(this.#tbs.start, this.#tbs.end);
  }

  /**
   * The signature bytes (BIT STRING content without the unused-bits byte).
   * @throws X509Error `ERR_X509_MALFORMED` when the BIT STRING has unused bits: a signature is whole bytes.
   */
  get signatureValue(): Uint8Array {
    return decodeField(M, 'signatureValue', () => signatureBytes(this.der, this.#sigValue));
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
        version: this.#version,
        validity: this.#validity,
        extensions: this.#extensionsSeq,
      }),
    );
  }

  /** The subject public key. @throws KeyError `ERR_KEY_MALFORMED`, `ERR_KEY_UNSUPPORTED_ALGORITHM` */
  get publicKey(): PublicKey {
    this.#publicKey ??= parseSubjectPublicKeyInfo(this.der, this.#spki);
    return this.#publicKey;
  }

  /** SHA-256 of the DER, colon upper hex (`openssl x509 -noout -fingerprint -sha256`). */
  get sha256Fingerprint(): string {
    this.#sha256 ??= toColonHex(createHash('sha256').update(this.der).digest());
    return this.#sha256;
  }

  /** SHA-1 of the DER, colon upper hex (`openssl x509 -noout -fingerprint -sha1`). */
  get sha1Fingerprint(): string {
    this.#sha1 ??= toColonHex(createHash('sha1').update(this.der).digest());
    return this.#sha1;
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
    const bits = decodeField(M, 'signatureValue', () => readBitString(this.der, this.#sigValue));
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
    this.#cache ??= new Map();
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    const v = compute();
    this.#cache.set(key, v);
    return v;
  }

  #extension<T>(oid: string, parse: (value: Uint8Array, critical: boolean) => T, key = oid): T | undefined {
    return this.#memo(key, () => decodeExtension(this.extensions, oid, parse));
  }

  #name(tlv: Tlv, field: string): DistinguishedName {
    return decodeField(M, field, () => {
      const dn = new DistinguishedName(this.der.subarray(tlv.start, tlv.end));
      requireValidStrings(dn);
      return dn;
    });
  }

  #time(field: 'notBefore' | 'notAfter'): Date {
    return decodeField(M, field, () => {
      const v = this.#validity;
      const nb = readTlv(this.der, v.valueStart, v.end);
      const na = readTlv(this.der, nb.end, v.end);
      if (na.end !== v.end) malformed(na.end, 'Validity has extra fields');
      return readTime(this.der, field === 'notBefore' ? nb : na);
    });
  }
}

function expectSeq(t: Tlv, what: string): Tlv {
  if (t.cls !== 0 || t.tag !== UniversalTag.sequence || !t.constructed)
    malformed(t.start, `${what}: expected a SEQUENCE`);
  return t;
}
