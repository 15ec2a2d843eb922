/**
 * Fast certificate minting for the scaling benchmarks (100,000 certificates): every certificate is a
 * TBS written with certkit's DER writer and signed with one EC P-256 key through node:crypto (about
 * 50 µs each, against milliseconds through @peculiar/x509), and a generated set is cached under
 * `bench/.cache/` (gitignored) so that a second run reads it back in well under a second.
 */
import { createHash, type KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  derBoolean,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derUtf8String,
  encodeTlv,
  readTlv,
} from '../src/internal/der/index.js';

export const DAY = 86_400_000;
const ECDSA_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));
const enc = new TextEncoder();
const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/** A Name with one attribute per RDN, e.g. `name(['2.5.4.10', 'Org'], ['2.5.4.3', 'CN'])`. */
export function name(...attrs: [oid: string, value: string][]): Uint8Array {
  return derSequence(...attrs.map(([oid, v]) => derSet(derSequence(derOid(oid), derUtf8String(v)))));
}

/** A Name made of one commonName. */
export function cnName(cn: string): Uint8Array {
  return name(['2.5.4.3', cn]);
}

function utcTime(ms: number): Uint8Array {
  const s = new Date(ms).toISOString(); // 2026-01-02T03:04:05.000Z
  const t = `${s.slice(2, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
  return encodeTlv(0x17, enc.encode(t));
}

/** Extensions as the certificates of a real PKI carry them. */
export const ext = {
  basicConstraints: (ca: boolean): Uint8Array =>
    derSequence(
      derOid('2.5.29.19'),
      derBoolean(true),
      derOctetString(derSequence(...(ca ? [derBoolean(true)] : []))),
    ),
  /** keyUsage keyCertSign + cRLSign (CA) or digitalSignature (leaf), critical. */
  keyUsage: (ca: boolean): Uint8Array =>
    derSequence(
      derOid('2.5.29.15'),
      derBoolean(true),
      derOctetString(encodeTlv(0x03, ca ? Uint8Array.of(1, 0x06) : Uint8Array.of(7, 0x80))),
    ),
  subjectKeyIdentifier: (id: Uint8Array): Uint8Array =>
    derSequence(derOid('2.5.29.14'), derOctetString(derOctetString(id))),
  authorityKeyIdentifier: (id: Uint8Array): Uint8Array =>
    derSequence(derOid('2.5.29.35'), derOctetString(derSequence(encodeTlv(0x80, id)))),
  dnsSan: (host: string): Uint8Array =>
    derSequence(derOid('2.5.29.17'), derOctetString(derSequence(encodeTlv(0x82, enc.encode(host))))),
};

/** The 20-byte key identifier of a SubjectPublicKeyInfo (SHA-1 of the DER, RFC 7093 style). */
export function keyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki).digest());
}

/** The SubjectPublicKeyInfo DER of a public key. */
export function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

/** One v3 certificate signed with ECDSA P-256 / SHA-256 by `signer`. */
export function mintCertificate(o: {
  serial: number;
  subject: Uint8Array;
  issuer: Uint8Array;
  spki: Uint8Array;
  notBefore: number;
  notAfter: number;
  extensions: Uint8Array[];
  signer: KeyObject;
}): Uint8Array {
  const tbs = derSequence(
    derExplicit(0, derInteger(2)),
    derInteger(o.serial),
    ECDSA_SHA256,
    o.issuer,
    derSequence(utcTime(o.notBefore), utcTime(o.notAfter)),
    o.subject,
    o.spki,
    derExplicit(3, derSequence(...o.extensions)),
  );
  const signature = sign('sha256', tbs, o.signer);
  return derSequence(tbs, ECDSA_SHA256, encodeTlv(0x03, Uint8Array.of(0), new Uint8Array(signature)));
}

/** A generated set: the creation time its validity periods are relative to, and the DER of each certificate. */
export interface CertificateSet {
  readonly created: number;
  readonly ders: Uint8Array[];
}

/**
 * The set `name` of `count` certificates from `bench/.cache/`, or made by `make` and cached there.
 * The file is the creation time (8 bytes) followed by the DER of every certificate, back to back.
 */
export function cachedCertificateSet(
  setName: string,
  count: number,
  make: (created: number) => Uint8Array[],
): CertificateSet & { readonly fromCache: boolean; readonly ms: number } {
  const start = performance.now();
  const file = join(CACHE_DIR, `${setName}-${count}.bin`);
  if (existsSync(file)) {
    const bytes = new Uint8Array(readFileSync(file));
    const created = new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0);
    const ders: Uint8Array[] = [];
    let pos = 8;
    while (pos < bytes.length) {
      const t = readTlv(bytes, pos);
      ders.push(bytes.subarray(pos, t.end));
      pos = t.end;
    }
    if (ders.length === count) return { created, ders, fromCache: true, ms: performance.now() - start };
  }
  const created = Date.now();
  const ders = make(created);
  const header = new Uint8Array(8);
  new DataView(header.buffer).setFloat64(0, created);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(`${file}.tmp`, Buffer.concat([header, ...ders]));
  renameSync(`${file}.tmp`, file);
  return { created, ders, fromCache: false, ms: performance.now() - start };
}
