import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The directory written by scripts/fixtures/make-keys.sh. */
export const KEY_DIR = fileURLToPath(new URL('../fixtures/keys/', import.meta.url));

/** A fixture's bytes. */
export const bytes = (name: string): Buffer => readFileSync(KEY_DIR + name);
/** A fixture's text. */
export const text = (name: string): string => readFileSync(KEY_DIR + name, 'utf8');
/** A fixture's path (for openssl). */
export const path = (name: string): string => KEY_DIR + name;

/** The password of every encrypted fixture, and the non-ASCII one of the `-utf8` fixtures. */
export const PASSWORD = text('password.txt');
export const UTF8_PASSWORD = text('password-utf8.txt');

/** Key types with both an "a" and a "b" key and self-signed certificates for each. */
export const KEY_TYPES = [
  { type: 'rsa', algorithm: 'rsa', curve: undefined, bits: 2048 },
  { type: 'rsa-pss', algorithm: 'rsa-pss', curve: undefined, bits: 2048 },
  { type: 'ec-p256', algorithm: 'ec', curve: 'P-256', bits: 256 },
  { type: 'ec-p384', algorithm: 'ec', curve: 'P-384', bits: 384 },
  { type: 'ec-p521', algorithm: 'ec', curve: 'P-521', bits: 521 },
  { type: 'ed25519', algorithm: 'ed25519', curve: undefined, bits: 256 },
  { type: 'ed448', algorithm: 'ed448', curve: undefined, bits: 456 },
] as const;

/** Encrypted PKCS#8 schemes written for every key type: fixture suffix and the scheme certkit reports. */
export const PKCS8_SCHEMES = [
  { suffix: 'pbes2-aes256.pem', scheme: 'pbes2-pbkdf2-aes-256-cbc', kdf: 'pbkdf2', hash: 'sha256' },
  { suffix: 'pbes2-aes256.der', scheme: 'pbes2-pbkdf2-aes-256-cbc', kdf: 'pbkdf2', hash: 'sha256' },
  { suffix: 'pbes2-aes128-sha1.pem', scheme: 'pbes2-pbkdf2-aes-128-cbc', kdf: 'pbkdf2', hash: 'sha1' },
  { suffix: 'scrypt.pem', scheme: 'pbes2-scrypt-aes-256-cbc', kdf: 'scrypt', hash: 'sha256' },
  { suffix: 'pbe-sha1-3des.pem', scheme: 'pkcs12-pbe-sha1-3des-cbc', kdf: 'pkcs12', hash: 'sha1' },
  { suffix: 'pbe-md5-des.pem', scheme: 'pbes1-md5-des-cbc', kdf: 'pbkdf1', hash: 'md5' },
] as const;

/** Schemes written for one RSA and one EC key only. */
export const EXTRA_SCHEMES = [
  { suffix: 'pbes2-aes192-sha512.pem', scheme: 'pbes2-pbkdf2-aes-192-cbc', hash: 'sha512' },
  { suffix: 'pbes2-des3.pem', scheme: 'pbes2-pbkdf2-des-ede3-cbc', hash: 'sha256' },
  { suffix: 'pbe-sha1-2des.pem', scheme: 'pkcs12-pbe-sha1-2des-cbc', hash: 'sha1' },
  { suffix: 'pbe-sha1-des.pem', scheme: 'pbes1-sha1-des-cbc', hash: 'sha1' },
  { suffix: 'scrypt.der', scheme: 'pbes2-scrypt-aes-256-cbc', hash: 'sha256' },
] as const;

/** Legacy OpenSSL encrypted PEM fixtures (`Proc-Type: 4,ENCRYPTED`). */
export const LEGACY_FIXTURES = [
  { file: 'rsa-a.legacy-des3.pem', scheme: 'legacy-des-ede3-cbc', format: 'pkcs1' },
  { file: 'rsa-a.legacy-des.pem', scheme: 'legacy-des-cbc', format: 'pkcs1' },
  { file: 'rsa-a.legacy-aes128.pem', scheme: 'legacy-aes-128-cbc', format: 'pkcs1' },
  { file: 'rsa-a.legacy-aes192.pem', scheme: 'legacy-aes-192-cbc', format: 'pkcs1' },
  { file: 'rsa-a.legacy-aes256.pem', scheme: 'legacy-aes-256-cbc', format: 'pkcs1' },
  { file: 'ec-p256-a.legacy-aes128.pem', scheme: 'legacy-aes-128-cbc', format: 'sec1' },
  { file: 'ec-p256-a.legacy-des3.pem', scheme: 'legacy-des-ede3-cbc', format: 'sec1' },
  { file: 'ec-p384-a.legacy-aes128.pem', scheme: 'legacy-aes-128-cbc', format: 'sec1' },
  { file: 'ec-p521-a.legacy-aes128.pem', scheme: 'legacy-aes-128-cbc', format: 'sec1' },
] as const;

/** Every unencrypted private key fixture with its type and format. */
export function plainFixtures(): { file: string; type: string; format: 'pkcs1' | 'sec1' | 'pkcs8' }[] {
  const out: { file: string; type: string; format: 'pkcs1' | 'sec1' | 'pkcs8' }[] = [];
  for (const t of KEY_TYPES) {
    out.push({ file: `${t.type}-a.pkcs8.pem`, type: t.type, format: 'pkcs8' });
    out.push({ file: `${t.type}-a.pkcs8.der`, type: t.type, format: 'pkcs8' });
  }
  out.push({ file: 'rsa-a.pkcs1.pem', type: 'rsa', format: 'pkcs1' });
  out.push({ file: 'rsa-a.pkcs1.der', type: 'rsa', format: 'pkcs1' });
  for (const c of ['p256', 'p384', 'p521']) {
    out.push({ file: `ec-${c}-a.sec1.pem`, type: `ec-${c}`, format: 'sec1' });
    out.push({ file: `ec-${c}-a.sec1.der`, type: `ec-${c}`, format: 'sec1' });
  }
  out.push({ file: 'ec-p256-a.sec1-no-public.pem', type: 'ec-p256', format: 'sec1' });
  out.push({ file: 'ec-p256-a.sec1-no-public.der', type: 'ec-p256', format: 'sec1' });
  out.push({ file: 'ec-p256-a.pkcs8-no-public.pem', type: 'ec-p256', format: 'pkcs8' });
  return out;
}
