import { inspect } from 'node:util';
import { InputError } from '../errors/area-errors.js';
import {
  children,
  malformed,
  readBitString,
  readInteger,
  readOid,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../internal/der/index.js';
import { ExtensionOid, Pkcs9Oid } from '../internal/oids.js';
import { type PublicKey, parseSubjectPublicKeyInfo } from '../keys/public-key.js';
import { type BinaryInput, decodeInput, encodePem } from '../pem/index.js';
import type { GeneralNameJson } from './certificate-summary.js';
import { decodeField } from './decode-errors.js';
import { DistinguishedName, requireValidStrings } from './distinguished-name.js';
import { type BasicConstraints, parseBasicConstraints } from './extensions/basic-constraints.js';
import { type ExtendedKeyUsage, parseExtendedKeyUsage } from './extensions/extended-key-usage.js';
import { type Extension, readExtensionList } from './extensions/extension.js';
import { decodeExtension } from './extensions/extension-lookup.js';
import { type KeyUsage, parseKeyUsage } from './extensions/key-usage.js';
import { type GeneralName, generalNameToJson, readGeneralNames } from './general-name.js';
import { type SignatureCheck, verifySignedData } from './signature.js';
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.js';
import { signatureBytes } from './signature-value.js';
import { readRootSequence } from './structure.js';

const M = 'ERR_CSR_MALFORMED';
const EMPTY: readonly never[] = Object.freeze([]);

/** One attribute of a CSR: its type and the DER of each value. */
export interface CsrAttribute {
  readonly oid: string;
  /** DER of each value in the SET (views). */
  readonly values: readonly Uint8Array[];
}

/** The plain summary of a CSR (`toJSON()`). The challenge password is never included. */
export interface CertificateRequestSummary {
  readonly subject: string | null;
  readonly subjectAltNames: readonly GeneralNameJson[] | null;
  readonly keyUsage: readonly string[] | null;
  readonly extendedKeyUsage: readonly string[] | null;
  readonly signatureAlgorithm: string | null;
  readonly publicKey: {
    readonly algorithm: string;
    readonly bits: number | null;
    readonly curve: string | null;
  } | null;
  readonly signatureValid: boolean | null;
}

/**
 * A PKCS#10 certificate signing request: subject, public key, requested extensions (from the
 * extensionRequest attribute) and the proof-of-possession signature.
 *
 * @example
 * ```ts
 * import { parseCsr } from 'certkit/x509';
 * const csr = parseCsr(pem);
 * console.log(csr.subject.toString(), csr.subjectAltNames, csr.verifySignature().ok);
 * ```
 * @see RFC 2986, RFC 2985 section 5.4.2
 */
export class CertificateRequest {
  /** The whole CSR DER. */
  readonly der: Uint8Array;
  readonly #info: Tlv;
  readonly #sigAlg: Tlv;
  readonly #sigValue: Tlv;
  readonly #version: Tlv;
  readonly #subject: Tlv;
  readonly #spki: Tlv;
  readonly #attributes: Tlv;
  #subjectDn: DistinguishedName | undefined;
  #publicKey: PublicKey | undefined;
  #attrs: CsrAttribute[] | undefined;
  #extensions: Extension[] | undefined;

  private constructor(der: Uint8Array) {
    this.der = der;
    const root = readRootSequence(der, 'CertificationRequest');
    this.#info = readTlv(der, root.valueStart, root.end);
    this.#sigAlg = readTlv(der, this.#info.end, root.end);
    this.#sigValue = readTlv(der, this.#sigAlg.end, root.end);
    if (this.#sigValue.end !== root.end) malformed(this.#sigValue.end, 'extra fields after the signature');
    seq(this.#info, 'certificationRequestInfo');
    seq(this.#sigAlg, 'signatureAlgorithm');
    if (this.#sigValue.cls !== 0 || this.#sigValue.tag !== UniversalTag.bitString) {
      malformed(this.#sigValue.start, 'signature: expected a BIT STRING');
    }
    const end = this.#info.end;
    this.#version = readTlv(der, this.#info.valueStart, end);
    if (this.#version.cls !== 0 || this.#version.tag !== UniversalTag.integer) {
      malformed(this.#version.start, 'version: expected an INTEGER');
    }
    this.#subject = seq(readTlv(der, this.#version.end, end), 'subject');
    this.#spki = seq(readTlv(der, this.#subject.end, end), 'subjectPKInfo');
    this.#attributes = readTlv(der, this.#spki.end, end);
    if (this.#attributes.cls !== 2 || this.#attributes.tag !== 0 || !this.#attributes.constructed) {
      malformed(this.#attributes.start, 'attributes: expected [0]');
    }
    if (this.#attributes.end !== end)
      malformed(this.#attributes.end, 'extra fields in certificationRequestInfo');
  }

  /**
   * Reads a CSR from DER (copied).
   * @throws X509Error `ERR_CSR_MALFORMED`
   * @example
   * ```ts
   * import { CertificateRequest } from 'certkit/x509';
   * const csr = CertificateRequest.fromDer(der);
   * ```
   * @see RFC 2986 section 4
   */
  static fromDer(der: Uint8Array): CertificateRequest {
    if (!(der instanceof Uint8Array)) throw new TypeError('CertificateRequest.fromDer expects a Uint8Array');
    const copy = Uint8Array.prototype.slice.call(der);
    return decodeField(M, 'structure', () => new CertificateRequest(copy));
  }

  /** The CSR as a PEM `CERTIFICATE REQUEST` block. */
  get pem(): string {
    return encodePem('CERTIFICATE REQUEST', this.der);
  }

  /** The PKCS#10 version number as encoded (0 means v1, the only defined version). */
  get version(): number {
    return decodeField(M, 'version', () => readInteger(this.der, this.#version));
  }

  /** The requested subject name. @throws X509Error `ERR_CSR_MALFORMED` */
  get subject(): DistinguishedName {
    this.#subjectDn ??= decodeField(M, 'subject', () => {
      const dn = DistinguishedName.fromDer(this.der.subarray(this.#subject.start, this.#subject.end));
      requireValidStrings(dn);
      return dn;
    });
    return this.#subjectDn;
  }

  /** The public key to certify. @throws KeyError `ERR_KEY_MALFORMED` */
  get publicKey(): PublicKey {
    this.#publicKey ??= parseSubjectPublicKeyInfo(this.der, this.#spki);
    return this.#publicKey;
  }

  /** Every attribute in encoded order. @throws X509Error `ERR_CSR_MALFORMED` */
  get attributes(): readonly CsrAttribute[] {
    this.#attrs ??= decodeField(M, 'attributes', () =>
      children(this.der, this.#attributes).map((a) => {
        seq(a, 'Attribute');
        const type = readTlv(this.der, a.valueStart, a.end);
        const set = readTlv(this.der, type.end, a.end);
        if (set.cls !== 0 || set.tag !== UniversalTag.set || set.end !== a.end) {
          malformed(set.start, 'Attribute values: expected a SET');
        }
        return {
          oid: readOid(this.der, type),
          values: children(this.der, set).map((v) => this.der.subarray(v.start, v.end)),
        };
      }),
    );
    return this.#attrs;
  }

  /** The extensions requested through the extensionRequest attribute; [] when none. @throws X509Error `ERR_CSR_MALFORMED` */
  get extensions(): readonly Extension[] {
    if (this.#extensions === undefined) {
      const attr = this.attributes.find((a) => a.oid === Pkcs9Oid.extensionRequest);
      const value = attr?.values[0];
      this.#extensions =
        value === undefined
          ? []
          : decodeField(M, 'extensionRequest', () =>
              readExtensionList(value, readRootSequence(value, 'Extensions')),
            );
    }
    return this.#extensions;
  }

  /** Whether a challengePassword attribute is present (its value is a secret and never exposed). */
  get hasChallengePassword(): boolean {
    return this.attributes.some((a) => a.oid === Pkcs9Oid.challengePassword);
  }

  /** Requested subject alternative names; [] when none. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get subjectAltNames(): readonly GeneralName[] {
    return (
      decodeExtension(this.extensions, ExtensionOid.subjectAltName, (v) =>
        readGeneralNames(v, readRootSequence(v, 'SubjectAltName')),
      ) ?? EMPTY
    );
  }

  /** Requested key usage. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get keyUsage(): KeyUsage | undefined {
    return decodeExtension(this.extensions, ExtensionOid.keyUsage, parseKeyUsage);
  }

  /** Requested extended key usage. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get extendedKeyUsage(): ExtendedKeyUsage | undefined {
    return decodeExtension(this.extensions, ExtensionOid.extKeyUsage, parseExtendedKeyUsage);
  }

  /** Requested basic constraints. @throws X509Error `ERR_X509_BAD_EXTENSION` */
  get basicConstraints(): BasicConstraints | undefined {
    return decodeExtension(this.extensions, ExtensionOid.basicConstraints, parseBasicConstraints);
  }

  /** The signature algorithm. @throws X509Error `ERR_CSR_MALFORMED` */
  get signatureAlgorithm(): SignatureAlgorithm {
    return decodeField(M, 'signatureAlgorithm', () => parseSignatureAlgorithm(this.der, this.#sigAlg));
  }

  /** The signed CertificationRequestInfo bytes. */
  get tbs(): Uint8Array {
    return this.der.subarray(this.#info.start, this.#info.end);
  }

  /** The signature bytes. @throws X509Error `ERR_CSR_MALFORMED` */
  get signatureValue(): Uint8Array {
    return decodeField(M, 'signature', () => signatureBytes(this.der, this.#sigValue));
  }

  /**
   * Checks the proof of possession: the CSR's own public key verifies its signature.
   * @returns `{ ok: true }` or `{ ok: false, code, reason }`.
   * @throws X509Error `ERR_CSR_MALFORMED` when the signature fields cannot be decoded.
   * @example
   * ```ts
   * import { parseCsr } from 'certkit/x509';
   * if (!parseCsr(pem).verifySignature().ok) throw new Error('CSR signature does not verify');
   * ```
   * @see RFC 2986 section 3
   */
  verifySignature(): SignatureCheck {
    const bits = decodeField(M, 'signature', () => readBitString(this.der, this.#sigValue));
    let key: PublicKey;
    try {
      key = this.publicKey;
    } catch (e) {
      return {
        ok: false,
        code: 'ERR_SIGNATURE_INVALID',
        reason: `the public key cannot be read: ${(e as Error).message}`,
      };
    }
    return verifySignedData({
      data: this.tbs,
      signature: bits.bytes,
      unusedBits: bits.unusedBits,
      algorithm: this.signatureAlgorithm,
      key,
    });
  }

  /** A plain summary; the challenge password is never included. */
  toJSON(): CertificateRequestSummary {
    const safe = <T>(read: () => T): T | null => {
      try {
        return read();
      } catch {
        return null;
      }
    };
    return {
      subject: safe(() => this.subject.toString()),
      subjectAltNames: safe(() => this.subjectAltNames.map(generalNameToJson)),
      keyUsage: safe(() => this.keyUsage?.names ?? null),
      extendedKeyUsage: safe(() => this.extendedKeyUsage?.names ?? null),
      signatureAlgorithm: safe(() => this.signatureAlgorithm.name),
      publicKey: safe(() => ({
        algorithm: this.publicKey.algorithm,
        bits: this.publicKey.bits ?? null,
        curve: this.publicKey.curve ?? null,
      })),
      signatureValid: safe(() => this.verifySignature().ok),
    };
  }

  /** `util.inspect` shows the summary. */
  [inspect.custom](depth: number, options: object): string {
    return `CertificateRequest ${inspect(this.toJSON(), { ...options, depth: Math.max(depth, 4) })}`;
  }
}

function seq(t: Tlv, what: string): Tlv {
  if (t.cls !== 0 || t.tag !== UniversalTag.sequence || !t.constructed)
    malformed(t.start, `${what}: expected a SEQUENCE`);
  return t;
}

const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

/**
 * Reads a PKCS#10 CSR from PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`) or DER.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNEXPECTED_OBJECT`
 * @throws PemError any PEM framing error
 * @throws X509Error `ERR_CSR_MALFORMED`
 * @example
 * ```ts
 * import { parseCsr } from 'certkit/x509';
 * const csr = parseCsr(await readFile('server.csr'));
 * ```
 * @see RFC 2986
 */
export function parseCsr(
  input: BinaryInput,
  options: { readonly maxInputBytes?: number } = {},
): CertificateRequest {
  if (typeof input !== 'string' && !(input instanceof Uint8Array))
    throw new TypeError('expected a string or bytes');
  const decoded = decodeInput(input, { checkContent: false, ...options });
  if (decoded.kind === 'der') return CertificateRequest.fromDer(decoded.bytes);
  const block = decoded.blocks.find((b) => CSR_LABELS.has(b.label));
  if (block === undefined) {
    const found = decoded.blocks.map((b) => b.label).join(', ');
    throw new InputError(
      'ERR_INPUT_UNEXPECTED_OBJECT',
      `Expected a certificate request, but the PEM holds ${found}.`,
      {
        details: { expected: 'CERTIFICATE REQUEST', found },
      },
    );
  }
  return CertificateRequest.fromDer(block.bytes);
}
