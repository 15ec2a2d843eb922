import { DerError, InputError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import { readTlv } from '../../internal/der/index.js';
import { parsePrivateKey, parsePublicKey } from '../../keys/index.js';
import { classifyDer, decodeInput, encodePem, type PemBlock, sniffFormat } from '../../pem/index.js';
import { PKCS7_PEM_LABELS } from '../../pem/pkcs7-labels.js';
import { Certificate, parseCrl, parseCsr, parsePkcs7Certificates } from '../../x509/index.js';
import { isStoreFormat, readStoreFile } from '../read-store-file.js';
import type { DescribedFile, DescribedObject } from './described-object.js';

/** Options for {@link describeBytes}. */
export interface DescribeOptions {
  readonly password?: string | undefined;
  /** A JKS key password that differs from the store password. */
  readonly keyPassword?: string | undefined;
  readonly at: Date;
  readonly expiringWithinDays: number;
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

/** Describes one decoded object; a CertkitError becomes an `error` entry, so one bad block does not hide the rest. */
function describeObject(
  kind: string,
  bytes: Uint8Array,
  pemText: string | undefined,
  line: number | null,
  options: DescribeOptions,
): DescribedObject {
  try {
    switch (kind) {
      case 'CERTIFICATE':
      case 'X509 CERTIFICATE':
      case 'TRUSTED CERTIFICATE':
      case 'der-certificate': {
        const cert = Certificate.fromDer(bytes);
        const s = cert.status({ at: options.at, expiringWithinDays: options.expiringWithinDays });
        return {
          type: 'certificate',
          line,
          certificate: cert.toJSON(),
          status: { status: s.status, daysRemaining: s.daysRemaining, at: s.at.toISOString() },
        };
      }
      case 'PUBLIC KEY':
      case 'RSA PUBLIC KEY':
      case 'der-public-key': {
        const key = parsePublicKey(pemText ?? bytes);
        return {
          type: 'public-key',
          line,
          key: {
            algorithm: key.algorithm,
            bits: key.bits ?? null,
            curve: key.curve ?? null,
            sha256Fingerprint: key.sha256Fingerprint,
          },
        };
      }
      case 'CERTIFICATE REQUEST':
      case 'NEW CERTIFICATE REQUEST':
      case 'der-csr':
        return { type: 'csr', line, csr: parseCsr(bytes).toJSON() };
      case 'X509 CRL':
      case 'der-crl':
        return { type: 'crl', line, crl: parseCrl(bytes).toJSON() };
      default:
        if (KEY_LABELS.has(kind) || kind === 'der-private-key' || kind === 'der-encrypted-private-key') {
          return describeKey(pemText ?? bytes, line, options);
        }
        return { type: 'other', line, label: kind, note: 'certkit does not read this kind of object yet' };
    }
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return { type: 'error', line, error: { code: e.code, message: e.message, details: e.details } };
  }
}

function describeKey(
  input: string | Uint8Array,
  line: number | null,
  options: DescribeOptions,
): DescribedObject {
  try {
    const key = parsePrivateKey(input, options.password === undefined ? {} : { password: options.password });
    return { type: 'private-key', line, key: key.toJSON() };
  } catch (e) {
    if (isCertkitError(e, 'ERR_KEY_ENCRYPTED')) {
      return {
        type: 'encrypted-private-key',
        line,
        note: 'encrypted: give --password (or --password-env) to read it',
      };
    }
    throw e;
  }
}

/**
 * Describes one PEM block or DER object: a certs-only PKCS#7 (`.p7b`) gives one entry per certificate
 * it holds, anything else one entry.
 */
function describeObjects(
  kind: string,
  bytes: Uint8Array,
  pemText: string | undefined,
  line: number | null,
  options: DescribeOptions,
): DescribedObject[] {
  if (kind !== 'der-pkcs7' && !PKCS7_PEM_LABELS.has(kind))
    return [describeObject(kind, bytes, pemText, line, options)];
  try {
    return parsePkcs7Certificates(bytes).map((der) =>
      describeObject('der-certificate', der, undefined, line, options),
    );
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return [{ type: 'error', line, error: { code: e.code, message: e.message, details: e.details } }];
  }
}

/** The error for DER bytes that are not one object: a known object followed by trailing bytes, or unknown. */
function unknownDer(path: string, bytes: Uint8Array): InputError | DerError {
  const kind = classifyDer(bytes, true);
  if (kind !== 'unknown') {
    const end = readTlv(bytes, 0).end;
    return new DerError(
      'ERR_DER_TRAILING_DATA',
      `${path} holds a ${kind} of ${end} bytes followed by ${bytes.length - end} more bytes that are not part of it.`,
      { details: { path, kind, objectBytes: end, trailingBytes: bytes.length - end } },
    );
  }
  return new InputError(
    'ERR_INPUT_UNKNOWN_FORMAT',
    `${path} holds a DER SEQUENCE of ${bytes.length} bytes that is not a certificate, CSR, CRL, key, PKCS#7 or PKCS#12 object.`,
    { details: { path, bytes: bytes.length } },
  );
}

/** Describes a PKCS#12 or JKS file: each key entry (key, then its chain) and each trusted certificate. */
async function describeStore(
  path: string,
  bytes: Uint8Array,
  options: DescribeOptions,
): Promise<DescribedObject[]> {
  const contents = await readStoreFile(path, bytes, options.password, 'inspect', options.keyPassword);
  const objects: DescribedObject[] = [];
  const describeCert = (cert: Certificate, alias: string): DescribedObject => ({
    ...describeObject('der-certificate', cert.der, undefined, null, options),
    alias,
  });
  for (const entry of contents.keys) {
    objects.push({ type: 'private-key', line: null, alias: entry.alias, key: entry.privateKey.toJSON() });
    for (const cert of entry.chain) objects.push(describeCert(cert, entry.alias));
  }
  for (const trusted of contents.trusted) objects.push(describeCert(trusted.certificate, trusted.alias));
  return objects;
}

/** Describes every object in a file's bytes: each PEM block, or the one DER object. */
export async function describeBytes(
  path: string,
  bytes: Uint8Array,
  options: DescribeOptions,
): Promise<DescribedFile> {
  const format = sniffFormat(bytes);
  try {
    const decoded = decodeInput(bytes);
    if (decoded.kind === 'pem') {
      return {
        path,
        format,
        objects: decoded.blocks.flatMap((b: PemBlock) =>
          describeObjects(b.label, b.bytes, encodePem(b.label, b.bytes, b.headers), b.line, options),
        ),
      };
    }
    if (isStoreFormat(bytes) !== undefined)
      return { path, format, objects: await describeStore(path, bytes, options) };
    if (format === 'jceks') {
      const note = 'JCEKS keystores are not read; convert with keytool -importkeystore -deststoretype PKCS12';
      return { path, format, objects: [{ type: 'other', line: null, label: format, note }] };
    }
    if (format === 'unknown') throw unknownDer(path, bytes);
    return { path, format, objects: describeObjects(format, bytes, undefined, null, options) };
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return { path, format, objects: [], error: { code: e.code, message: e.message, details: e.details } };
  }
}
