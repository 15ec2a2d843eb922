import { classifyDer } from './der-kind.js';

/** What a file holds, told apart by content rather than by file extension. */
export type DetectedFormat =
  | 'pem'
  | 'der-certificate'
  | 'der-csr'
  | 'der-crl'
  | 'der-private-key'
  | 'der-encrypted-private-key'
  | 'der-public-key'
  | 'der-pkcs7'
  | 'pkcs12'
  | 'jks'
  | 'jceks'
  | 'unknown';

const PEM_MARK = Buffer.from('-----BEGIN ');

/**
 * Tells PEM, DER certificates, CSRs, CRLs, DER keys (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8), PKCS#7,
 * PKCS#12 and Java keystores (JKS, JCEKS) apart by their bytes. Never throws.
 *
 * @example
 * ```ts
 * import { sniffFormat } from 'certkit/pem';
 * import { readFileSync } from 'node:fs';
 * sniffFormat(readFileSync('server.pfx')); // 'pkcs12'
 * ```
 */
export function sniffFormat(bytes: Uint8Array): DetectedFormat {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('sniffFormat expects bytes (Uint8Array)');
  if (bytes.length >= 4) {
    const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    if (magic === 0xfeedfeed) return 'jks';
    if (magic === 0xcececece) return 'jceks';
  }
  if (bytes[0] === 0x30) {
    switch (classifyDer(bytes)) {
      case 'certificate':
        return 'der-certificate';
      case 'csr':
        return 'der-csr';
      case 'crl':
        return 'der-crl';
      case 'pkcs8-private-key':
      case 'pkcs1-private-key':
      case 'sec1-private-key':
        return 'der-private-key';
      case 'encrypted-private-key':
        return 'der-encrypted-private-key';
      case 'public-key':
      case 'rsa-public-key':
        return 'der-public-key';
      case 'pkcs7':
        return 'der-pkcs7';
      case 'pkcs12':
        return 'pkcs12';
      case 'unknown':
        break;
    }
  }
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(PEM_MARK) >= 0) return 'pem';
  return 'unknown';
}
