/**
 * Mints test certificates in-process with @peculiar/x509 (ECDSA P-256 by default): CAs, intermediates
 * and leaves with arbitrary extensions, validity, serials and keys. Extension values that need exact
 * control (SAN, name constraints) are encoded with certkit's own DER writer.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { parseIpAddress } from '../../src/chain/ip-address.js';
import { derInteger, derOctetString, derSequence, encodeTlv } from '../../src/internal/der/index.js';
import { type Certificate, parseCertificate } from '../../src/x509/index.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A WebCrypto key pair (Node's types: the project has no DOM lib). */
export type KeyPair = webcrypto.CryptoKeyPair;

/** A minted certificate with its key pair. */
export interface Minted {
  readonly cert: Certificate;
  readonly x: x509.X509Certificate;
  readonly keys: KeyPair;
  readonly pem: string;
  readonly subject: string;
}

/** A general name spec for SANs and name constraints. */
export type NameSpec =
  | { dns: string }
  | { ip: string } // address, or address/prefix for constraints
  | { email: string }
  | { uri: string }
  | { dn: string };

/** What to mint. */
export interface MintOptions {
  readonly subject: string;
  /** The issuer; absent = self-signed. */
  readonly issuer?: Minted;
  readonly keys?: KeyPair;
  /** basicConstraints: true / { pathLength } for a CA, false for cA=false, 'omit' to leave it out. */
  readonly ca?: boolean | { pathLength?: number; critical?: boolean } | 'omit';
  /** keyUsage flags (x509.KeyUsageFlags), or 'omit'. Default: CA keyCertSign|cRLSign, leaf digitalSignature. */
  readonly keyUsage?: number | 'omit';
  /** EKU OIDs or 'omit'. Default leaf: serverAuth; CA: omit. */
  readonly eku?: readonly string[] | 'omit';
  readonly ekuCritical?: boolean;
  readonly san?: readonly NameSpec[];
  readonly sanCritical?: boolean;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly serial?: string;
  readonly ski?: boolean;
  readonly aki?: boolean;
  readonly nameConstraints?: {
    permitted?: readonly NameSpec[];
    excluded?: readonly NameSpec[];
    critical?: boolean;
  };
  readonly extra?: readonly x509.Extension[];
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384';
}

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  any: '2.5.29.37.0',
} as const;

export const KU = x509.KeyUsageFlags;

/** A fresh P-256 key pair. */
export async function ecKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as unknown as KeyPair;
}

/** A fresh RSA key pair of `bits`. */
export async function rsaKeys(bits: number): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as unknown as KeyPair;
}

/** One GeneralName, DER (in a constraint, an `ip` with `/prefix` is address and mask). */
export function generalName(n: NameSpec, constraint: boolean): Uint8Array {
  const te = new TextEncoder();
  if ('dns' in n) return encodeTlv(0x82, te.encode(n.dns));
  if ('email' in n) return encodeTlv(0x81, te.encode(n.email));
  if ('uri' in n) return encodeTlv(0x86, te.encode(n.uri));
  if ('dn' in n) return encodeTlv(0xa4, new Uint8Array(new x509.Name(n.dn).toArrayBuffer()));
  if (constraint && n.ip.includes('/')) {
    const [addr, prefix] = n.ip.split('/') as [string, string];
    const bytes = parseIpAddress(addr)!;
    const mask = new Uint8Array(bytes.length);
    for (let i = 0; i < Number(prefix); i++) mask[i >> 3]! |= 0x80 >> (i & 7);
    return encodeTlv(0x87, new Uint8Array([...bytes, ...mask]));
  }
  return encodeTlv(0x87, parseIpAddress(n.ip)!);
}

/** A subjectAltName extension from name specs. */
export function sanExtension(names: readonly NameSpec[], critical = false): x509.Extension {
  return new x509.Extension('2.5.29.17', critical, derSequence(...names.map((n) => generalName(n, false))));
}

/** A nameConstraints extension. */
export function nameConstraintsExtension(nc: NonNullable<MintOptions['nameConstraints']>): x509.Extension {
  const subtrees = (list: readonly NameSpec[]) => list.map((n) => derSequence(generalName(n, true)));
  const parts: Uint8Array[] = [];
  if (nc.permitted) parts.push(encodeTlv(0xa0, ...subtrees(nc.permitted)));
  if (nc.excluded) parts.push(encodeTlv(0xa1, ...subtrees(nc.excluded)));
  return new x509.Extension('2.5.29.30', nc.critical ?? true, derSequence(...parts));
}

/** An arbitrary extension (e.g. an unknown critical one). */
export function rawExtension(
  oid: string,
  critical: boolean,
  value: Uint8Array = derOctetString(new Uint8Array(1)),
): x509.Extension {
  return new x509.Extension(oid, critical, value);
}

let serialCounter = 1;
const DAY = 86_400_000;

/** Mints one certificate. */
export async function mint(o: MintOptions): Promise<Minted> {
  const keys = o.keys ?? (await ecKeys());
  const isCa = o.ca === true || (typeof o.ca === 'object' && o.ca !== null);
  const exts: x509.Extension[] = [];
  if (o.ca !== 'omit' && o.ca !== undefined) {
    const pathLength = typeof o.ca === 'object' ? o.ca.pathLength : undefined;
    const critical = typeof o.ca === 'object' ? (o.ca.critical ?? true) : true;
    exts.push(new x509.BasicConstraintsExtension(isCa, pathLength, critical));
  }
  const ku = o.keyUsage ?? (isCa ? KU.keyCertSign | KU.cRLSign : KU.digitalSignature);
  if (ku !== 'omit') exts.push(new x509.KeyUsagesExtension(ku, true));
  const eku = o.eku ?? (isCa ? 'omit' : [EKU.serverAuth]);
  if (eku !== 'omit') exts.push(new x509.ExtendedKeyUsageExtension([...eku], o.ekuCritical ?? false));
  if (o.san) exts.push(sanExtension(o.san, o.sanCritical ?? false));
  if (o.ski ?? true) exts.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  const signer = o.issuer?.keys ?? keys;
  if ((o.aki ?? true) && o.issuer)
    exts.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey));
  if (o.nameConstraints) exts.push(nameConstraintsExtension(o.nameConstraints));
  if (o.extra) exts.push(...o.extra);
  const now = Date.now();
  const x = await x509.X509CertificateGenerator.create({
    serialNumber:
      o.serial ??
      (serialCounter++)
        .toString(16)
        .padStart(8, '0')
        .replace(/^[89a-f]/, '1'),
    subject: o.subject,
    issuer: o.issuer?.subject ?? o.subject,
    notBefore: o.notBefore ?? new Date(now - DAY),
    notAfter: o.notAfter ?? new Date(now + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm:
      signer.privateKey.algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', hash: o.hash ?? 'SHA-256' }
        : { name: 'RSASSA-PKCS1-v1_5', hash: o.hash ?? 'SHA-256' },
    extensions: exts,
  });
  const pem = x.toString('pem');
  return { cert: parseCertificate(pem), x, keys, pem, subject: o.subject };
}

/** A root, an intermediate and a leaf for `host`. */
export async function simpleChain(
  host = 'example.com',
): Promise<{ root: Minted; inter: Minted; leaf: Minted }> {
  const root = await mint({ subject: 'CN=Test Root', ca: true });
  const inter = await mint({ subject: 'CN=Test Intermediate', ca: true, issuer: root });
  const leaf = await mint({ subject: `CN=${host}`, issuer: inter, san: [{ dns: host }] });
  return { root, inter, leaf };
}

/** What to put in a minted CRL. */
export interface CrlMintOptions {
  /** Serials (hex, as `Minted.x.serialNumber`) to list as revoked (keyCompromise, a minute ago). */
  readonly revoked?: readonly string[];
  /** The cRLNumber (RFC 5280 5.2.3), or `false` to leave it out. Default 1. */
  readonly crlNumber?: number | false;
  /** Mark the cRLNumber critical (against RFC 5280 5.2.3). Default false. */
  readonly crlNumberCritical?: boolean;
  /** thisUpdate. Default an hour ago. */
  readonly thisUpdate?: Date;
  /** nextUpdate, or `null` to leave it out. Default a day from now. */
  readonly nextUpdate?: Date | null;
  /** Entries with full control (added after `revoked`): serial, date, entry extensions. */
  readonly entries?: readonly {
    serial: string;
    revocationDate?: Date;
    extensions?: readonly x509.Extension[];
  }[];
  /** More CRL extensions (issuingDistributionPoint, unknown ones, …). */
  readonly extra?: readonly x509.Extension[];
}

/** Mints a CRL signed by `issuer` (valid from an hour ago for a day), with an AKI and a cRLNumber. */
export async function mintCrl(issuer: Minted, o: CrlMintOptions = {}): Promise<x509.X509Crl> {
  const now = Date.now();
  const extensions: x509.Extension[] = [
    await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
  ];
  const crlNumber = o.crlNumber ?? 1;
  if (crlNumber !== false)
    extensions.push(new x509.Extension('2.5.29.20', o.crlNumberCritical ?? false, derInteger(crlNumber)));
  if (o.extra) extensions.push(...o.extra);
  return x509.X509CrlGenerator.create({
    issuer: issuer.x.subject,
    thisUpdate: o.thisUpdate ?? new Date(now - 3_600_000),
    ...(o.nextUpdate === null ? {} : { nextUpdate: o.nextUpdate ?? new Date(now + DAY) }),
    entries: [
      ...(o.revoked ?? []).map((serialNumber) => ({
        serialNumber,
        revocationDate: new Date(now - 60_000),
        reason: x509.X509CrlReason.keyCompromise,
      })),
      ...(o.entries ?? []).map((e) => ({
        serialNumber: e.serial,
        revocationDate: e.revocationDate ?? new Date(now - 60_000),
        extensions: [...(e.extensions ?? [])],
      })),
    ],
    signingAlgorithm:
      issuer.keys.privateKey.algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', hash: 'SHA-256' }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signingKey: issuer.keys.privateKey,
    extensions,
  } as never);
}
