import { InputError, X509Error } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { readTlv } from '../internal/der/index.js';
import { type BinaryInput, classifyDer, decodeInput, type PemBlock } from '../pem/index.js';
import { PKCS7_PEM_LABELS } from '../pem/pkcs7-labels.js';
import { Certificate } from './certificate.js';
import { parsePkcs7Certificates } from './pkcs7-certificates.js';

/** Options for {@link parseCertificate} and {@link parseCertificates}. */
export interface ParseOptions {
  /** Refuse input larger than this many bytes. Default 10 MiB. */
  readonly maxInputBytes?: number;
  /**
   * For bundles: skip PEM blocks that are not certificates (keys, CRLs, …) instead of failing with
   * `ERR_INPUT_UNEXPECTED_OBJECT`. Default `false`. `parseCertificate` always skips them.
   */
  readonly skipNonCertificates?: boolean;
}

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

/** The certificates of a certs-only PKCS#7 SignedData, in order. */
function pkcs7Certificates(der: Uint8Array): Certificate[] {
  return parsePkcs7Certificates(der).map((c) => Certificate.fromDer(c));
}

function certificateFromBlock(block: PemBlock): Certificate {
  let bytes = block.bytes;
  if (block.label === 'TRUSTED CERTIFICATE' && bytes.length > 0) {
    // OpenSSL's trusted form appends trust settings after the certificate: keep the certificate.
    try {
      bytes = bytes.subarray(0, readTlv(bytes, 0).end);
    } catch {
      // leave the bytes alone: fromOwnedDer reports the failure
    }
  }
  return Certificate.fromOwnedDer(bytes);
}

/**
 * Reads the first certificate from PEM text, PEM bytes or DER bytes. PEM blocks that are not
 * certificates (a key before the certificate, say) are skipped.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`, `ERR_INPUT_UNEXPECTED_OBJECT` (PEM without a certificate)
 * @throws PemError any PEM framing error
 * @throws X509Error `ERR_X509_MALFORMED`
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseCertificate } from 'certkit/x509';
 * const cert = parseCertificate(await readFile('server.crt'));
 * console.log(cert.subject.commonName, cert.notAfter.toISOString());
 * ```
 * @see RFC 5280 section 4.1, RFC 7468 section 5
 */
export function parseCertificate(input: BinaryInput, options: ParseOptions = {}): Certificate {
  const decoded = decode(input, options);
  if (decoded.kind === 'der') return Certificate.fromDer(decoded.bytes);
  const block = decoded.blocks.find((b) => CERT_LABELS.has(b.label));
  if (block === undefined) {
    throw new InputError(
      'ERR_INPUT_UNEXPECTED_OBJECT',
      `Expected a certificate, but the PEM holds ${decoded.blocks.map((b) => b.label).join(', ')}.`,
      { details: { expected: 'CERTIFICATE', found: decoded.blocks.map((b) => b.label).join(', ') } },
    );
  }
  return certificateFromBlock(block);
}

/**
 * Reads every certificate of a bundle (PEM with many CERTIFICATE blocks, or one DER certificate), in
 * order. A certs-only PKCS#7 / CMS SignedData (`.p7b`, `.p7c`: a `PKCS7` or `CMS` PEM block, or DER)
 * gives its certificates, in the order it holds them. A block that fails names itself: `ERR_X509_BAD_BUNDLE_ENTRY` with `index` (0-based among all
 * blocks), `line` and `label`, and the underlying error as `cause`.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`
 * @throws PemError any PEM framing error (with the line)
 * @throws X509Error `ERR_X509_BAD_BUNDLE_ENTRY` (a damaged block, or a non-certificate block unless
 *   `skipNonCertificates`), `ERR_X509_MALFORMED` for DER input
 * @throws RevocationError `ERR_REVOCATION_PKCS7_MALFORMED` for a DER PKCS#7 that is not a SignedData
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseCertificates } from 'certkit/x509';
 * const roots = parseCertificates(readFileSync('/etc/ssl/certs/ca-certificates.crt'));
 * ```
 * @see RFC 7468 section 5
 */
export function parseCertificates(input: BinaryInput, options: ParseOptions = {}): Certificate[] {
  const decoded = decode(input, options);
  if (decoded.kind === 'der') {
    if (classifyDer(decoded.bytes) === 'pkcs7') return pkcs7Certificates(decoded.bytes);
    return [Certificate.fromDer(decoded.bytes)];
  }
  const out: Certificate[] = [];
  decoded.blocks.forEach((block, index) => {
    const pkcs7 = PKCS7_PEM_LABELS.has(block.label);
    if (!CERT_LABELS.has(block.label) && !pkcs7) {
      if (options.skipNonCertificates === true) return;
      throw new X509Error(
        'ERR_X509_BAD_BUNDLE_ENTRY',
        `Block ${index + 1} of the bundle (line ${block.line}) is a ${block.label}, not a certificate.`,
        { details: { index, line: block.line, label: block.label, reason: 'not a certificate' } },
      );
    }
    try {
      if (pkcs7) out.push(...pkcs7Certificates(block.bytes));
      else out.push(certificateFromBlock(block));
    } catch (cause) {
      if (!isCertkitError(cause)) throw cause;
      throw new X509Error(
        'ERR_X509_BAD_BUNDLE_ENTRY',
        `Block ${index + 1} of the bundle (line ${block.line}) is not a valid ${pkcs7 ? 'PKCS#7 certificate bundle' : 'certificate'}: ${cause.message}`,
        { cause, details: { index, line: block.line, label: block.label, reason: cause.code } },
      );
    }
  });
  return out;
}

function decode(input: BinaryInput, options: ParseOptions) {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('expected PEM text (string) or bytes (Uint8Array/Buffer)');
  }
  return decodeInput(input, {
    checkContent: false,
    ...(options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes }),
  });
}
