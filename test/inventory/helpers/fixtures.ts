/** Certificates, keys and CRLs for the inventory tests, minted in-process. */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createCrlChecker } from '../../../src/chain/index.js';
import { derInteger } from '../../../src/internal/der/index.js';
import { CertificateInventory, type InventoryOptions } from '../../../src/inventory/certificate-inventory.js';
import { encodePem } from '../../../src/pem/index.js';
import { MemoryStorage } from '../../../src/storage/memory-storage.js';
import type { Storage } from '../../../src/storage/storage.js';
import { parseCrl } from '../../../src/x509/index.js';
import { type Minted, mint } from '../../helpers/make-certs.js';

export const DAY = 86_400_000;
/** A fixed "now" for the tests (the certificates are minted around it). */
export const T0 = Math.floor(Date.now() / DAY) * DAY;

export async function keyPem(m: Minted): Promise<string> {
  const der = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', m.keys.privateKey));
  return encodePem('PRIVATE KEY', der);
}

export interface Pki {
  root: Minted;
  inter: Minted;
}

let pki: Promise<Pki> | undefined;
/** One root and intermediate for the whole file. */
export function testPki(): Promise<Pki> {
  pki ??= (async () => {
    const root = await mint({
      subject: 'CN=Inventory Test Root',
      ca: true,
      notBefore: new Date(T0 - 1000 * DAY),
      notAfter: new Date(T0 + 3000 * DAY),
    });
    const inter = await mint({
      subject: 'CN=Inventory Test Intermediate',
      ca: true,
      issuer: root,
      notBefore: new Date(T0 - 1000 * DAY),
      notAfter: new Date(T0 + 2000 * DAY),
    });
    return { root, inter };
  })();
  return pki;
}

/** A leaf issued by the intermediate, valid from `fromDays` to `toDays` around T0. */
export async function leaf(
  host: string,
  fromDays: number,
  toDays: number,
): Promise<{ leaf: Minted; chain: string; key: string }> {
  const { inter } = await testPki();
  const l = await mint({
    subject: `CN=${host}`,
    issuer: inter,
    san: [{ dns: host }, { dns: `www.${host}` }],
    notBefore: new Date(T0 + fromDays * DAY),
    notAfter: new Date(T0 + toDays * DAY),
  });
  return { leaf: l, chain: `${l.pem}\n${inter.pem}\n`, key: await keyPem(l) };
}

/** A CRL of the intermediate revoking `serials`. */
export async function crlRevoking(serials: readonly string[]) {
  const { inter } = await testPki();
  const crl = await x509.X509CrlGenerator.create({
    issuer: inter.subject,
    thisUpdate: new Date(T0 - DAY),
    nextUpdate: new Date(T0 + 400 * DAY),
    entries: serials.map((s) => ({ serialNumber: s, revocationDate: new Date(T0 - DAY) })),
    signingKey: inter.keys.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams,
    // cRLNumber (RFC 5280 5.2.3: every conforming CRL carries one, non-critical).
    extensions: [new x509.Extension('2.5.29.20', false, derInteger(1))],
  });
  return parseCrl(crl.toString('pem'));
}

/** A revocation checker over CRLs (no fetching). */
export async function crlChecker(serials: readonly string[]) {
  return createCrlChecker({ crls: [await crlRevoking(serials)], fetcher: false });
}

/** An inventory over a fresh MemoryStorage (or the storage given) with a mutable clock. */
export async function newInventory<S extends Storage = MemoryStorage>(
  options: InventoryOptions = {},
  storage: S = new MemoryStorage() as unknown as S,
) {
  const { root } = await testPki();
  const clock = { now: T0 };
  const inventory = new CertificateInventory(storage, {
    clock: () => new Date(clock.now),
    trust: [root.cert],
    keyIterations: 1000,
    ...options,
  });
  return { inventory, storage, clock };
}
