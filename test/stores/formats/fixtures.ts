import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCertkitError } from '../../../src/errors/index.js';
import { parsePrivateKey } from '../../../src/keys/index.js';
import { parseCertificate, parseCertificates } from '../../../src/x509/index.js';

/** Fixtures made by scripts/fixtures/make-stores.sh (openssl 3 and Java 17 keytool). */
export const dir = fileURLToPath(new URL('../../fixtures/stores/', import.meta.url));
export const path = (name: string): string => dir + name;
export const bytes = (name: string): Buffer => readFileSync(path(name));
export const text = (name: string): string => readFileSync(path(name), 'utf8');

export const PW = 'changeit';
export const NON_ASCII_PW = 'pässwörd-ü';

export const rsaKey = () => parsePrivateKey(text('rsa.key.pem'));
export const ecKey = () => parsePrivateKey(text('ec.key.pem'));
export const rsaLeaf = () => parseCertificate(text('rsa.pem'));
export const ecLeaf = () => parseCertificate(text('ec.pem'));
export const chainCerts = () => parseCertificates(text('chain.pem'));

/** The error code a call throws, `'no error'`, or `'not a CertkitError: …'`. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return isCertkitError(e) ? e.code : `not a CertkitError: ${String(e)}`;
  }
}
