import { isCertkitError } from '../../errors/is-certkit-error.js';
import { parsePrivateKey, parsePublicKey } from '../../keys/index.js';
import { decodeInput, encodePem, type PemBlock, sniffFormat } from '../../pem/index.js';
import { Certificate, parseCrl, parseCsr } from '../../x509/index.js';
import type { DescribedFile, DescribedObject } from './described-object.js';

/** Options for {@link describeBytes}. */
export interface DescribeOptions {
  readonly password?: string | undefined;
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

/** Describes every object in a file's bytes: each PEM block, or the one DER object. */
export function describeBytes(path: string, bytes: Uint8Array, options: DescribeOptions): DescribedFile {
  const format = sniffFormat(bytes);
  try {
    const decoded = decodeInput(bytes);
    if (decoded.kind === 'pem') {
      return {
        path,
        format,
        objects: decoded.blocks.map((b: PemBlock) =>
          describeObject(b.label, b.bytes, encodePem(b.label, b.bytes, b.headers), b.line, options),
        ),
      };
    }
    if (format === 'pkcs12' || format === 'jks' || format === 'jceks') {
      return {
        path,
        format,
        objects: [
          {
            type: 'other',
            line: null,
            label: format,
            note: 'keystores are read by certkit/stores (not yet available)',
          },
        ],
      };
    }
    return { path, format, objects: [describeObject(format, bytes, undefined, null, options)] };
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return { path, format, objects: [], error: { code: e.code, message: e.message, details: e.details } };
  }
}
