/**
 * Test material for the stores model: private keys of minted certificates, P-384 and RSA key pairs,
 * CRLs, and ready-made keystores.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { derInteger } from '../../src/internal/der/index.js';
import { type PrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { Keystore } from '../../src/stores/index.js';
import { type CertificateRevocationList, parseCrl } from '../../src/x509/index.js';
import { type KeyPair, type Minted, mint, simpleChain } from '../helpers/make-certs.js';

export const DAY = 86_400_000;

/** The PEM (PKCS#8) of a key pair's private key. */
export async function privateKeyPem(keys: KeyPair): Promise<string> {
  const der = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`.replace('\n\n', '\n');
}

/** The certkit PrivateKey of a minted certificate (or a key pair). */
export async function privateKeyOf(m: Minted | KeyPair): Promise<PrivateKey> {
  const keys = 'keys' in m ? m.keys : m;
  return parsePrivateKey(await privateKeyPem(keys));
}

/** A fresh EC key pair on `curve`. */
export async function ecCurveKeys(curve: 'P-256' | 'P-384' | 'P-521'): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, [
    'sign',
    'verify',
  ])) as unknown as KeyPair;
}

/** A CRL from `issuer` revoking `revoked`. */
export async function crlFor(
  issuer: Minted,
  revoked: readonly Minted[],
  options: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<CertificateRevocationList> {
  const now = Date.now();
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.subject,
    thisUpdate: options.thisUpdate ?? new Date(now - DAY),
    nextUpdate: options.nextUpdate ?? new Date(now + 7 * DAY),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    signingKey: issuer.keys.privateKey as unknown as Parameters<
      typeof x509.X509CrlGenerator.create
    >[0]['signingKey'],
    entries: revoked.map((r) => ({
      serialNumber: r.x.serialNumber,
      revocationDate: new Date(now - DAY / 2),
      reason: x509.X509CrlReason.keyCompromise,
    })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      // cRLNumber (RFC 5280 5.2.3: every conforming CRL carries one, non-critical).
      new x509.Extension('2.5.29.20', false, derInteger(1)),
    ],
  });
  return parseCrl(crl.toString('pem'));
}

/** A root, an intermediate, a leaf for `host`, its key, and a keystore holding it under `alias`. */
export async function minted(host = 'api.example.com', alias = 'server') {
  const { root, inter, leaf } = await simpleChain(host);
  const key = await privateKeyOf(leaf);
  const keystore = Keystore.empty().withEntry(
    alias,
    { privateKey: key, chain: [leaf.cert, inter.cert] },
    { trust: [root.cert] },
  );
  return { root, inter, leaf, key, keystore };
}

/** A leaf issued by `issuer` with its own key, and a keystore holding [leaf, ...rest]. */
export async function leafKeystore(
  issuer: Minted,
  rest: readonly Minted[],
  options: Parameters<typeof mint>[0],
  alias = 'server',
): Promise<{ leaf: Minted; keystore: Keystore }> {
  const leaf = await mint({ ...options, issuer });
  const keystore = Keystore.empty().withEntry(
    alias,
    { privateKey: await privateKeyOf(leaf), chain: [leaf.cert, ...rest.map((r) => r.cert)] },
    { allowIncompleteChain: true, at: new Date(Math.max(Date.now(), leaf.cert.notBefore.getTime())) },
  );
  return { leaf, keystore };
}
