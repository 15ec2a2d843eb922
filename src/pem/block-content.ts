import { PemError } from '../errors/area-errors.js';
import { classifyDer, type DerKind } from './der-kind.js';
import { assertDerComplete } from './der-truncation.js';
import type { PemBlock } from './pem-block.js';

/** The DER kinds each well-known PEM label may hold. Labels not listed are not checked. */
const EXPECTED: Readonly<Record<string, readonly DerKind[]>> = {
  CERTIFICATE: ['certificate'],
  'X509 CERTIFICATE': ['certificate'],
  'TRUSTED CERTIFICATE': ['certificate'],
  'X509 CRL': ['crl'],
  'CERTIFICATE REQUEST': ['csr'],
  'NEW CERTIFICATE REQUEST': ['csr'],
  'PRIVATE KEY': ['pkcs8-private-key'],
  'ENCRYPTED PRIVATE KEY': ['encrypted-private-key'],
  'RSA PRIVATE KEY': ['pkcs1-private-key'],
  'EC PRIVATE KEY': ['sec1-private-key'],
  'PUBLIC KEY': ['public-key'],
  'RSA PUBLIC KEY': ['rsa-public-key'],
  PKCS7: ['pkcs7'],
  CMS: ['pkcs7'],
};

/**
 * Throws `ERR_DER_TRUNCATED` when a block whose label names a DER object (certificate, key, CSR, CRL,
 * PKCS#7) holds clean base64 of an object cut short. Legacy encrypted bodies (ciphertext) and labels
 * certkit does not know are not checked. `index` is the block's place in the text (0-based).
 */
export function checkBlockComplete(block: PemBlock, index: number): void {
  if (EXPECTED[block.label] === undefined) return;
  if (block.headers['Proc-Type']?.includes('ENCRYPTED')) return;
  assertDerComplete(block.bytes, { label: block.label, line: block.line, index });
}

/** Throws `ERR_PEM_CONTENT_MISMATCH` when a block's body is not the DER object its label names. */
export function checkBlockContent(block: PemBlock): void {
  const expected = EXPECTED[block.label];
  if (expected === undefined) return;
  if (block.headers['Proc-Type']?.includes('ENCRYPTED')) return; // legacy encrypted body is ciphertext
  const found = classifyDer(block.bytes, block.label === 'TRUSTED CERTIFICATE');
  if (expected.includes(found)) return;
  throw new PemError(
    'ERR_PEM_CONTENT_MISMATCH',
    `The ${block.label} block at line ${block.line} does not contain a ${expected[0]} (found: ${found === 'unknown' ? 'bytes that are not such a DER object' : found}).`,
    { details: { line: block.line, label: block.label, expected: expected[0], found } },
  );
}
