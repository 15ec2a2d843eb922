/**
 * Hostile inputs, built at any size: the tests under test/hostile/ read them at small sizes and assert
 * a value or a code; `npm run bench -- hostile` times the same builders at sizes an attacker would use.
 * Each builder is cheap (no key derivation or signing at the hostile size) so the bench measures the
 * reader, not the construction.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  encodeTlv,
} from '../../src/internal/der/index.js';
import { encryptPbes2 } from '../../src/keys/export-private-key.js';
import { computeMac } from '../../src/stores/formats/pkcs12/pkcs12-mac.js';
import type { Certificate } from '../../src/x509/index.js';
import { mint, rawExtension } from '../helpers/make-certs.js';

const X509_FIXTURES = fileURLToPath(new URL('../fixtures/x509/', import.meta.url));
const utf8 = new TextEncoder();

/** The SubjectPublicKeyInfo of a real P-256 certificate (the builders only need a well-formed one). */
export const SPKI: Uint8Array = (() => {
  const pem = readFileSync(`${X509_FIXTURES}leaf-ec-p256.pem`, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  // Certificate > tbsCertificate > [version, serial, sigAlg, issuer, validity, subject, spki, …]
  let tbs = 0;
  const header = (at: number): { value: number; end: number } => {
    const first = der[at + 1]!;
    if (first < 0x80) return { value: at + 2, end: at + 2 + first };
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i]!;
    return { value: at + 2 + n, end: at + 2 + n + len };
  };
  tbs = header(0).value;
  let pos = header(tbs).value;
  for (let field = 0; field < 6; field++) pos = header(pos).end;
  return new Uint8Array(der.subarray(pos, header(pos).end));
})();

const ECDSA_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));

/** A SEQUENCE (or another constructed `tag`) of many parts, without spreading them into arguments. */
const many = (parts: readonly Uint8Array[], tag = 0x30): Uint8Array => encodeTlv(tag, Buffer.concat(parts));
const utcTime = (s: string): Uint8Array => encodeTlv(0x17, utf8.encode(s));

/** A Name with one CN. */
export const cnName = (cn: string): Uint8Array =>
  derSequence(derSet(derSequence(derOid('2.5.4.3'), encodeTlv(0x0c, utf8.encode(cn)))));

/** A structurally valid certificate with a junk signature and the given serial, subject, extensions. */
export function certificateDer(
  options: { serial?: Uint8Array; subject?: Uint8Array; extensions?: Uint8Array[]; spki?: Uint8Array } = {},
): Uint8Array {
  const parts = [
    derExplicit(0, derInteger(2)),
    options.serial === undefined ? derInteger(1) : encodeTlv(0x02, options.serial),
    ECDSA_SHA256,
    cnName('Hostile Issuer'),
    derSequence(utcTime('200101000000Z'), utcTime('400101000000Z')),
    options.subject ?? cnName('Hostile Subject'),
    options.spki ?? SPKI,
  ];
  if (options.extensions) parts.push(derExplicit(3, many(options.extensions)));
  return derSequence(derSequence(...parts), ECDSA_SHA256, encodeTlv(0x03, Uint8Array.of(0, 0x30, 0)));
}

/** INTEGER content of `octets` bytes, all 0xAA: negative, so its magnitude needs two's complement. */
export function negativeSerial(octets: number): Uint8Array {
  return new Uint8Array(octets).fill(0xaa);
}

/** A certificate whose serial number is a negative INTEGER `octets` long. */
export function longSerialCertificate(octets: number): Uint8Array {
  return certificateDer({ serial: negativeSerial(octets) });
}

/**
 * A CRL (junk signature) with `entries` revoked serials, each a negative INTEGER `serialOctets` long,
 * and a cRLNumber extension holding `crlNumber` (INTEGER content) when given.
 */
export function crlDer(entries: number, serialOctets = 16, crlNumber?: Uint8Array): Uint8Array {
  const date = utcTime('250101000000Z');
  const entry = (i: number): Uint8Array => {
    const serial = negativeSerial(serialOctets);
    serial[serial.length - 1] = i & 0xff;
    serial[serial.length - 2] = (i >> 8) & 0xff;
    return derSequence(encodeTlv(0x02, serial), date);
  };
  const revoked = many(Array.from({ length: entries }, (_, i) => entry(i)));
  const fields = [derInteger(1), ECDSA_SHA256, cnName('Hostile CA'), date, date, revoked];
  if (crlNumber !== undefined) {
    const ext = derSequence(derOid('2.5.29.20'), derOctetString(encodeTlv(0x02, crlNumber)));
    fields.push(derExplicit(0, derSequence(ext)));
  }
  const tbs = derSequence(...fields);
  return derSequence(tbs, ECDSA_SHA256, encodeTlv(0x03, Uint8Array.of(0, 0x30, 0)));
}

/** A subject with one attribute of `tag` (12 UTF8String, 30 BMPString, …) holding `octets` of `fill`. */
export function longValueName(octets: number, tag = 0x0c, fill = 0x41): Uint8Array {
  const value = new Uint8Array(octets).fill(fill);
  return derSequence(derSet(derSequence(derOid('2.5.4.3'), encodeTlv(tag, value))));
}

/** A subject of `count` RDNs, each one short CN (`multiValued`: one RDN holding them all). */
export function manyRdnName(count: number, multiValued = false): Uint8Array {
  const attrs = Array.from({ length: count }, (_, i) =>
    derSequence(derOid('2.5.4.3'), encodeTlv(0x0c, utf8.encode(`n${i}`))),
  );
  return multiValued ? derSequence(many(attrs, 0x31)) : many(attrs.map((a) => derSet(a)));
}

/** An OBJECT IDENTIFIER TLV of `octets` content bytes: 1.2 then arcs of 127 (one byte each). */
export function longOid(octets: number): Uint8Array {
  const content = new Uint8Array(octets).fill(0x7f);
  content[0] = 0x2a;
  return encodeTlv(0x06, content);
}

/** A subject whose attribute type is an OID `octets` long. */
export function longOidName(octets: number): Uint8Array {
  return derSequence(derSet(derSequence(longOid(octets), encodeTlv(0x0c, utf8.encode('x')))));
}

/** A fresh P-256 private key as PKCS#8 DER. */
export function pkcs8Key(): Uint8Array {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
}

/** An EncryptedPrivateKeyInfo (PBES2, PBKDF2-HMAC-SHA-256, AES-256-CBC) of `pkcs8` with `iterations`. */
export function encryptedKey(pkcs8: Uint8Array, password: string, iterations: number): Uint8Array {
  const { algorithm, encrypted } = encryptPbes2(pkcs8, Buffer.from(password, 'utf8'), iterations);
  return derSequence(algorithm, encodeTlv(0x04, encrypted));
}

/**
 * A PKCS#12 file holding `count` shrouded key bags (the same key, encrypted once with `iterations`
 * PBKDF2-HMAC-SHA-256 iterations, repeated: the reader cannot tell), with a SHA-256 MAC of
 * `macIterations` that `password` verifies. What a hostile file looks like: every bag decrypts, so the
 * reader has no reason to stop but the budget.
 */
export function pkcs12WithKeyBags(
  count: number,
  iterations: number,
  password: string,
  macIterations = 2048,
): Uint8Array {
  return pkcs12WithShroudedBags(
    encryptedKey(pkcs8Key(), password, iterations),
    count,
    password,
    macIterations,
  );
}

/** A PKCS#12 file of `count` copies of one shrouded key bag; a SHA-256 MAC unless `macIterations` is 0. */
export function pkcs12WithShroudedBags(
  shrouded: Uint8Array,
  count: number,
  password: string,
  macIterations = 2048,
): Uint8Array {
  const bag = derSequence(derOid('1.2.840.113549.1.12.10.1.2'), derExplicit(0, shrouded));
  const safeContents = many(Array.from({ length: count }, () => bag));
  const data = (content: Uint8Array) =>
    derSequence(derOid('1.2.840.113549.1.7.1'), derExplicit(0, encodeTlv(0x04, content)));
  const authSafe = derSequence(data(safeContents));
  if (macIterations === 0) return derSequence(derInteger(3), data(authSafe));
  const salt = randomBytes(16);
  const mac = computeMac('sha256', Buffer.from(password, 'utf8'), salt, macIterations, authSafe);
  const macData = derSequence(
    derSequence(
      derSequence(derOid('2.16.840.1.101.3.4.2.1'), encodeTlv(0x05, new Uint8Array(0))),
      encodeTlv(0x04, mac),
    ),
    encodeTlv(0x04, salt),
    derInteger(macIterations),
  );
  return derSequence(derInteger(3), data(authSafe), macData);
}

/**
 * An EncryptedPrivateKeyInfo whose PBES2 parameters claim `iterations` PBKDF2 iterations with `prf`
 * (an HMAC OID), over junk ciphertext: built without running the KDF, for limits checked up front.
 */
export function encryptedKeyClaiming(iterations: number, prf = '1.2.840.113549.2.9'): Uint8Array {
  const algorithm = derSequence(
    derOid('1.2.840.113549.1.5.13'),
    derSequence(
      derSequence(
        derOid('1.2.840.113549.1.5.12'),
        derSequence(encodeTlv(0x04, randomBytes(16)), derInteger(iterations), derSequence(derOid(prf))),
      ),
      derSequence(derOid('2.16.840.1.101.3.4.1.42'), encodeTlv(0x04, randomBytes(16))),
    ),
  );
  return derSequence(algorithm, encodeTlv(0x04, randomBytes(48)));
}

const P12_DATA = '1.2.840.113549.1.7.1';
const bagAttributes = (localKeyId: Uint8Array): Uint8Array =>
  derSet(derSequence(derOid('1.2.840.113549.1.9.21'), derSet(encodeTlv(0x04, localKeyId))));

/**
 * A PKCS#12 file without MAC or encryption holding `keys` plain key bags and `certs` certificate bags.
 * By default each bag has its own localKeyId and none match; with `sameKey`, there are no localKeyIds
 * and every key and every certificate hold one public key, so each key pairs by public key with the
 * next certificate left. Pairing, chain completion and aliasing are all the reader has to do, so their
 * cost shows alone (no key derivation at all).
 */
export function pkcs12WithPlainBags(keys: number, certs: number, sameKey = false): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
  const spki = sameKey ? new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) : SPKI;
  const id = (kind: number, i: number) => Uint8Array.of(kind, i >> 16, (i >> 8) & 0xff, i & 0xff);
  const attrs = (kind: number, i: number) => (sameKey ? [] : [bagAttributes(id(kind, i))]);
  const keyBags = Array.from({ length: keys }, (_, i) =>
    derSequence(derOid('1.2.840.113549.1.12.10.1.1'), derExplicit(0, key), ...attrs(1, i)),
  );
  const certBags = Array.from({ length: certs }, (_, i) => {
    const cert = certificateDer({
      serial: Uint8Array.of(1, i >> 8, i & 0xff),
      subject: cnName('same'),
      spki,
    });
    const certBag = derSequence(derOid('1.2.840.113549.1.9.22.1'), derExplicit(0, encodeTlv(0x04, cert)));
    return derSequence(derOid('1.2.840.113549.1.12.10.1.3'), derExplicit(0, certBag), ...attrs(2, i));
  });
  const contents = many([...keyBags, ...certBags]);
  const data = derSequence(derOid(P12_DATA), derExplicit(0, encodeTlv(0x04, contents)));
  return derSequence(
    derInteger(3),
    derSequence(derOid(P12_DATA), derExplicit(0, encodeTlv(0x04, derSequence(data)))),
  );
}

/**
 * A JKS keystore (integrity digest valid for `storePassword`) with `entries` key entries, each a
 * Sun-protected key of `keyOctets` junk bytes and a one-certificate chain, and `trusted` trusted
 * certificate entries, every alias the same. The key protector runs one SHA-1 per 20 bytes before its
 * check fails: the largest cost a JKS file can ask for.
 */
export function jksDer(
  entries: number,
  keyOctets: number,
  trusted: number,
  storePassword: string,
): Uint8Array {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const utf = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s, 'utf8')]);
  const cert = Buffer.from(certificateDer());
  const certField = Buffer.concat([utf('X.509'), u32(cert.length), cert]);
  const protectedKey = Buffer.from(
    derSequence(derSequence(derOid('1.3.6.1.4.1.42.2.17.1.1')), encodeTlv(0x04, new Uint8Array(keyOctets))),
  );
  parts.push(u32(0xfeedfeed), u32(2), u32(entries + trusted));
  for (let i = 0; i < entries; i++) {
    parts.push(
      u32(1),
      utf('alias'),
      Buffer.alloc(8),
      u32(protectedKey.length),
      protectedKey,
      u32(1),
      certField,
    );
  }
  for (let i = 0; i < trusted; i++) parts.push(u32(2), utf('alias'), Buffer.alloc(8), certField);
  const data = Buffer.concat(parts);
  const pw = Buffer.alloc(storePassword.length * 2);
  for (let i = 0; i < storePassword.length; i++) pw.writeUInt16BE(storePassword.charCodeAt(i), 2 * i);
  const digest = createHash('sha1').update(pw).update('Mighty Aphrodite', 'utf8').update(data).digest();
  return Buffer.concat([data, digest]);
}

/** Certificates of a name-constraint blow-up, with the root to trust. */
export interface ConstraintChain {
  readonly leaf: Certificate;
  readonly intermediate: Certificate;
  readonly root: Certificate;
}

/**
 * A root, an intermediate with `subtrees` permitted dNSName subtrees, and a leaf with `sans` DNS names
 * inside none of them: `subtrees × sans` comparisons for a validator without a budget. With
 * `verifies: false` the intermediate is signed by another key under the root's name, so its constraints
 * carry no authority (the path fails on its signature).
 */
export async function constraintChain(
  subtrees: number,
  sans: number,
  verifies: boolean,
): Promise<ConstraintChain> {
  const root = await mint({ subject: 'CN=Hostile Root', ca: true });
  const signer = verifies ? root : await mint({ subject: 'CN=Hostile Root', ca: true });
  const permitted = Array.from({ length: subtrees }, (_, i) => ({ dns: `p${i}.permitted.test` }));
  const intermediate = await mint({
    subject: 'CN=Hostile Intermediate',
    ca: true,
    issuer: signer,
    nameConstraints: { permitted },
  });
  const san = Array.from({ length: sans }, (_, i) => ({ dns: `h${i}.elsewhere.test` }));
  const leaf = await mint({ subject: 'CN=h0.elsewhere.test', issuer: intermediate, san });
  return { leaf: leaf.cert, intermediate: intermediate.cert, root: root.cert };
}

const generalizedTime = (s: string): Uint8Array => encodeTlv(0x18, utf8.encode(s));

/** A successful OCSP response (junk signature) with `count` SingleResponses, all "good". */
export function ocspResponseDer(count: number): Uint8Array {
  const now = generalizedTime('20250101000000Z');
  const certId = (i: number) =>
    derSequence(
      derSequence(derOid('1.3.14.3.2.26')),
      encodeTlv(0x04, new Uint8Array(20)),
      encodeTlv(0x04, new Uint8Array(20)),
      derInteger(i + 1),
    );
  const single = (i: number) => derSequence(certId(i), encodeTlv(0x80, new Uint8Array(0)), now);
  const tbs = derSequence(
    derExplicit(1, cnName('Hostile Responder')),
    now,
    many(Array.from({ length: count }, (_, i) => single(i))),
  );
  const basic = derSequence(tbs, ECDSA_SHA256, encodeTlv(0x03, Uint8Array.of(0, 0x30, 0)));
  const bytes = derSequence(derOid('1.3.6.1.5.5.7.48.1.1'), encodeTlv(0x04, basic));
  return derSequence(encodeTlv(0x0a, Uint8Array.of(0)), derExplicit(0, bytes));
}

/** A certs-only PKCS#7 SignedData holding `count` copies of a certificate. */
export function pkcs7Der(count: number): Uint8Array {
  const cert = certificateDer();
  const signedData = derSequence(
    derInteger(1),
    derSet(),
    derSequence(derOid('1.2.840.113549.1.7.1')),
    many(
      Array.from({ length: count }, () => cert),
      0xa0,
    ),
    derSet(),
  );
  return derSequence(derOid('1.2.840.113549.1.7.2'), derExplicit(0, signedData));
}

/** A certificate with one subjectAltName extension of `count` DNS names. */
export function manySanCertificate(count: number): Uint8Array {
  const names = Array.from({ length: count }, (_, i) => encodeTlv(0x82, utf8.encode(`h${i}.example.test`)));
  const ext = derSequence(derOid('2.5.29.17'), encodeTlv(0x04, many(names)));
  return certificateDer({ extensions: [ext] });
}

/** A certificate with `count` distinct unknown non-critical extensions. */
export function manyExtensionCertificate(count: number): Uint8Array {
  const exts = Array.from({ length: count }, (_, i) =>
    derSequence(derOid(`1.3.6.1.4.1.99999.${i}`), encodeTlv(0x04, Uint8Array.of(5, 0))),
  );
  return certificateDer({ extensions: exts });
}

/** A certificatePolicies extension value of `count` policy OIDs starting at arc `offset`. */
function policiesValue(count: number, offset: number): Uint8Array {
  return many(
    Array.from({ length: count }, (_, i) => derSequence(derOid(`1.3.6.1.4.1.99999.${offset + i}`))),
  );
}

/**
 * A root, an intermediate asserting `count` policies and a leaf asserting `count` policies, half of
 * them the intermediate's (`overlap: false`: none of them): `count²` comparisons for a policy tree
 * built by scanning each level.
 */
export async function policyChain(count: number, overlap = true): Promise<ConstraintChain> {
  const root = await mint({ subject: 'CN=Policy Root', ca: true });
  const intermediate = await mint({
    subject: 'CN=Policy Intermediate',
    ca: true,
    issuer: root,
    extra: [rawExtension('2.5.29.32', false, policiesValue(count, 0))],
  });
  const leaf = await mint({
    subject: 'CN=policy.test',
    issuer: intermediate,
    san: [{ dns: 'policy.test' }],
    extra: [rawExtension('2.5.29.32', false, policiesValue(count, overlap ? count / 2 : count))],
  });
  return { leaf: leaf.cert, intermediate: intermediate.cert, root: root.cert };
}
