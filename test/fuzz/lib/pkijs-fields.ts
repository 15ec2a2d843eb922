import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { isCertkitError } from '../../../src/errors/index.js';
import { children, readRoot, readTlv, type Tlv } from '../../../src/internal/der/index.js';
import { readPfx } from '../../../src/stores/formats/pkcs12/pfx-structure.js';
import { Certificate, CertificateRevocationList, DistinguishedName } from '../../../src/x509/index.js';
import { parseOcspResponse } from '../../../src/x509/ocsp-response.js';
import { compareTrees } from './der-tree.js';

/**
 * Field-by-field comparison with pkijs (asn1js underneath, BER): wherever certkit returns a value
 * for a field of a certificate, CRL, OCSP response or PKCS#12 PFX, pkijs must read the object and
 * hold the same value. certkit may refuse a field pkijs reads (strict DER, RFC 5280); every such
 * refusal is counted by its reason so a run shows what certkit refuses and why.
 */

/** The verdict for one input. */
export type FieldVerdict =
  | { readonly kind: 'agree'; readonly fields: number; readonly refused: readonly string[] }
  | { readonly kind: 'certkit-refuses'; readonly reason: string }
  | { readonly kind: 'both-refuse' }
  /** pkijs refuses what certkit reads, for a documented reason (see the comparators). */
  | { readonly kind: 'explained'; readonly reason: string }
  /** asn1js threw (a time it cannot parse) instead of returning an error: no comparison possible. */
  | { readonly kind: 'oracle-threw'; readonly reason: string }
  | { readonly kind: 'mismatch'; readonly reason: string };

const hex = (b: ArrayBuffer | Uint8Array): string =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

/** Reads a certkit field: its value, or the reason it was refused. Non-coded exceptions propagate. */
function field<T>(read: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return { ok: false, reason: String(e.details.reason ?? e.code) };
  }
}

/**
 * Compares certkit fields against pkijs values; collects differences and refusals. When pkijs could
 * not read the object at all (`theirs` undefined), certkit must refuse at least one field.
 */
class Comparison<P> {
  readonly differences: string[] = [];
  readonly refused: string[] = [];
  fields = 0;

  constructor(
    private readonly theirs: { ok: true; value: P } | { ok: false; reason: string },
    private readonly extraRefusals: readonly string[] = [],
  ) {}

  check<T>(
    name: string,
    mine: () => T,
    theirs: (p: P) => unknown,
    same: (a: T, b: unknown) => boolean = (a, b) => a === b,
  ): void {
    const m = field(mine);
    if (!m.ok) {
      this.refused.push(`${name}: ${m.reason}`);
      return;
    }
    if (!this.theirs.ok) return;
    let t: unknown;
    try {
      t = theirs(this.theirs.value);
    } catch (e) {
      this.differences.push(
        `${name}: certkit reads it, pkijs fails (${e instanceof Error ? e.message : String(e)})`,
      );
      return;
    }
    this.fields++;
    if (!same(m.value, t)) this.differences.push(`${name}: certkit ${fmt(m.value)}, pkijs ${fmt(t)}`);
  }

  verdict(): FieldVerdict {
    if (!this.theirs.ok) {
      const refused = [...this.refused, ...this.extraRefusals];
      return refused.length > 0
        ? { kind: 'certkit-refuses', reason: refused.map((r) => r.split(':')[0]).join(',') }
        : { kind: 'mismatch', reason: `certkit reads every field, pkijs refuses: ${this.theirs.reason}` };
    }
    return this.differences.length > 0
      ? { kind: 'mismatch', reason: this.differences.join('; ') }
      : { kind: 'agree', fields: this.fields, refused: this.refused };
  }
}

const fmt = (v: unknown): string => {
  const s = JSON.stringify(v, (_k, x) =>
    x instanceof Date ? x.toISOString() : typeof x === 'bigint' ? String(x) : x,
  );
  return s === undefined ? String(v) : s.slice(0, 200);
};

const STRING_TAGS_COMPARED = new Set([12, 19, 22]);

/** The attributes of a name, flat, as pairs of type and (for plain strings) value. */
function myName(dn: DistinguishedName): string[] {
  return dn.rdns
    .flat()
    .map((a) =>
      STRING_TAGS_COMPARED.has(a.valueTag) && a.problem === undefined ? `${a.oid}=${a.value}` : a.oid,
    );
}

function theirName(rdns: pkijs.RelativeDistinguishedNames): string[] {
  return rdns.typesAndValues.map((tv) => {
    const v = tv.value as asn1js.AsnType & {
      idBlock: { tagClass: number; tagNumber: number };
      valueBlock: { value?: unknown };
    };
    const tag = v.idBlock.tagClass === 1 ? v.idBlock.tagNumber : -1;
    return STRING_TAGS_COMPARED.has(tag) && typeof v.valueBlock.value === 'string'
      ? `${tv.type}=${v.valueBlock.value}`
      : tv.type;
  });
}

/** Whether two names agree; a value whose bytes certkit found invalid is compared by type only. */
function sameName(mine: string[], theirs: unknown): boolean {
  const t = theirs as string[];
  return (
    mine.length === t.length &&
    mine.every((m, i) => (m.includes('=') ? m === t[i] : t[i]!.split('=')[0] === m))
  );
}

const sameJson = (a: unknown, b: unknown) => fmt(a) === fmt(b);
const time = (t: pkijs.Time | undefined) => t?.value.getTime();
const serial = (i: asn1js.Integer) => hex(i.valueBlock.valueHexView);

function pkijsObject<T>(parse: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** certkit's `Certificate` against pkijs `Certificate`. */
function certificateVerdict(bytes: Uint8Array): FieldVerdict {
  const outer = field(() => Certificate.fromDer(bytes));
  const theirs = pkijsObject(() => pkijs.Certificate.fromBER(bytes));
  if (!outer.ok)
    return theirs.ok ? { kind: 'certkit-refuses', reason: outer.reason } : { kind: 'both-refuse' };
  const cert = outer.value;
  const summary = field(() => cert.toJSON());
  const summaryErrors = summary.ok
    ? summary.value.errors.map((e) => `${e.field}: ${e.code}`)
    : ['toJSON: threw'];
  const c = new Comparison<pkijs.Certificate>(theirs, summaryErrors);
  c.check(
    'version',
    () => cert.version,
    (p) => p.version + 1,
  );
  c.check(
    'serialNumber',
    () => {
      void cert.serialNumber; // refuses a non-minimal INTEGER
      return hex(cert.serialNumberBytes);
    },
    (p) => serial(p.serialNumber),
  );
  c.check(
    'signature',
    () => cert.tbsSignatureAlgorithmOid,
    (p) => p.signature.algorithmId,
  );
  c.check(
    'issuer',
    () => myName(cert.issuer),
    (p) => theirName(p.issuer),
    sameName,
  );
  c.check(
    'subject',
    () => myName(cert.subject),
    (p) => theirName(p.subject),
    sameName,
  );
  c.check(
    'notBefore',
    () => cert.notBefore.getTime(),
    (p) => time(p.notBefore),
  );
  c.check(
    'notAfter',
    () => cert.notAfter.getTime(),
    (p) => time(p.notAfter),
  );
  c.check(
    'extensions',
    () => cert.extensions.map((e) => [e.oid, e.critical, hex(e.value)]),
    (p) => (p.extensions ?? []).map((e) => [e.extnID, e.critical, hex(e.extnValue.valueBlock.valueHexView)]),
    sameJson,
  );
  c.check(
    'subjectPublicKeyInfo',
    () => hex(cert.publicKey.spki),
    (p) => hex(p.subjectPublicKeyInfo.toSchema().toBER()),
  );
  c.check(
    'signatureAlgorithm',
    () => cert.signatureAlgorithm.oid,
    (p) => p.signatureAlgorithm.algorithmId,
  );
  c.check(
    'signatureValue',
    () => hex(cert.signatureValue),
    (p) => hex(p.signatureValue.valueBlock.valueHexView),
  );
  return c.verdict();
}

/** certkit's `CertificateRevocationList` against pkijs `CertificateRevocationList`. */
function crlVerdict(bytes: Uint8Array): FieldVerdict {
  const outer = field(() => CertificateRevocationList.fromDer(bytes));
  const theirs = pkijsObject(() => pkijs.CertificateRevocationList.fromBER(bytes));
  if (!outer.ok)
    return theirs.ok ? { kind: 'certkit-refuses', reason: outer.reason } : { kind: 'both-refuse' };
  const crl = outer.value;
  const more = ['extensions', 'crlNumber', 'authorityKeyIdentifier', 'issuingDistributionPoint'] as const;
  const extra = more.flatMap((k) => {
    const r = field(() => crl[k]);
    return r.ok ? [] : [`${k}: ${r.reason}`];
  });
  const c = new Comparison<pkijs.CertificateRevocationList>(theirs, extra);
  c.check(
    'version',
    () => crl.version,
    (p) => (p.version === undefined ? 1 : p.version + 1),
  );
  c.check(
    'signature',
    () => crl.tbsSignatureAlgorithmOid,
    (p) => p.signature.algorithmId,
  );
  c.check(
    'issuer',
    () => myName(crl.issuer),
    (p) => theirName(p.issuer),
    sameName,
  );
  c.check(
    'thisUpdate',
    () => crl.thisUpdate.getTime(),
    (p) => time(p.thisUpdate),
  );
  c.check(
    'nextUpdate',
    () => crl.nextUpdate?.getTime(),
    (p) => time(p.nextUpdate),
  );
  c.check(
    'revoked',
    () => crl.revoked.map((r) => [r.serialNumber, r.revocationDate.getTime()]),
    (p) =>
      (p.revokedCertificates ?? []).map((r) => [
        opensslSerial(r.userCertificate.valueBlock.valueHexView),
        time(r.revocationDate),
      ]),
    sameJson,
  );
  c.check(
    'signatureAlgorithm',
    () => crl.signatureAlgorithm.oid,
    (p) => p.signatureAlgorithm.algorithmId,
  );
  c.check(
    'signatureValue',
    () => hex(crl.signatureValue),
    (p) => hex(p.signatureValue.valueBlock.valueHexView),
  );
  const v = c.verdict();
  // RFC 5280 gives Extensions SIZE (1..MAX); pkijs refuses an empty list, certkit reads it as OpenSSL
  // and Go do (refusing the CRL would turn revocation checking off for the certificates it lists).
  if (v.kind === 'mismatch' && !theirs.ok && hasEmptyExtensionList(bytes)) {
    return { kind: 'explained', reason: 'empty Extensions list (RFC 5280 SIZE (1..MAX))' };
  }
  return v;
}

/** Whether a CRL holds an empty crlEntryExtensions or crlExtensions SEQUENCE. */
function hasEmptyExtensionList(der: Uint8Array): boolean {
  const isEmptySeq = (t: Tlv | undefined) =>
    t !== undefined && t.cls === 0 && t.tag === 16 && t.valueStart === t.end;
  const tbs = readTlv(der, readRoot(der).valueStart);
  for (const f of children(der, tbs)) {
    if (f.cls === 2 && f.tag === 0 && isEmptySeq(children(der, f)[0])) return true;
    if (f.cls === 0 && f.tag === 16) {
      for (const entry of children(der, f)) {
        const parts = entry.constructed ? children(der, entry) : [];
        if (isEmptySeq(parts[2])) return true;
      }
    }
  }
  return false;
}

/** An INTEGER's content bytes as OpenSSL prints a serial: upper-case hex, `-` and the magnitude when negative. */
function opensslSerial(v: Uint8Array): string {
  if (v.length > 0 && (v[0]! & 0x80) !== 0) {
    let n = 0n;
    for (const b of v) n = (n << 8n) | BigInt(b);
    const h = ((1n << BigInt(8 * v.length)) - n).toString(16).toUpperCase();
    return `-${h.length % 2 ? `0${h}` : h}`;
  }
  return hex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v).toUpperCase();
}

const OCSP_STATUS = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  undefined,
  'sigRequired',
  'unauthorized',
];

/** certkit's `parseOcspResponse` against pkijs `OCSPResponse` / `BasicOCSPResponse`. */
function ocspVerdict(bytes: Uint8Array): FieldVerdict {
  const mine = field(() => parseOcspResponse(bytes));
  const theirs = pkijsObject(() => {
    const r = pkijs.OCSPResponse.fromBER(bytes);
    const basic = r.responseBytes
      ? pkijs.BasicOCSPResponse.fromBER(r.responseBytes.response.valueBlock.valueHexView)
      : undefined;
    return { r, basic };
  });
  if (!mine.ok) return theirs.ok ? { kind: 'certkit-refuses', reason: mine.reason } : { kind: 'both-refuse' };
  if (!theirs.ok) {
    // pkijs decodes the responder certificates inside; certkit reads them when it checks the responder.
    const certs = mine.value.basic?.certificates ?? [];
    const broken = certs.some((der) => {
      const v = compareCertificate(der);
      return v.kind !== 'agree';
    });
    // certkit keeps responderID byName as bytes and decodes it when it looks for the responder.
    const rid = mine.value.basic?.responderId;
    const badName =
      rid?.type === 'name' && field(() => DistinguishedName.fromDer(rid.name).canonical).ok === false;
    if (badName)
      return {
        kind: 'explained',
        reason: 'responderID byName is not a Name (decoded when matching the responder)',
      };
    return broken
      ? { kind: 'explained', reason: 'a responder certificate certkit refuses or pkijs cannot read' }
      : { kind: 'mismatch', reason: `certkit reads the response, pkijs refuses: ${theirs.reason}` };
  }
  const m = mine.value;
  const { r, basic } = theirs.value;
  const c = new Comparison<null>({ ok: true, value: null });
  c.check(
    'responseStatus',
    () => m.responseStatus,
    () => OCSP_STATUS[r.responseStatus.valueBlock.valueDec],
  );
  if (m.basic && basic) {
    const b = m.basic;
    c.check(
      'producedAt',
      () => b.producedAt.getTime(),
      () => basic.tbsResponseData.producedAt.getTime(),
    );
    c.check(
      'responses',
      () =>
        b.responses.map((s) => [
          s.certId.serialNumber,
          s.certId.hashAlgorithm,
          s.certStatus.status,
          s.thisUpdate.getTime(),
          s.nextUpdate?.getTime() ?? null,
        ]),
      () =>
        basic.tbsResponseData.responses.map((s) => {
          const v = s.certID.serialNumber.valueBlock.valueHexView;
          const status = (s.certStatus as { idBlock: { tagNumber: number } }).idBlock.tagNumber;
          return [
            hex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v),
            s.certID.hashAlgorithm.algorithmId,
            ['good', 'revoked', 'unknown'][status],
            s.thisUpdate.getTime(),
            s.nextUpdate?.getTime() ?? null,
          ];
        }),
      sameJson,
    );
    c.check(
      'signature',
      () => hex(b.signature),
      () => hex(basic.signature.valueBlock.valueHexView),
    );
  } else if (m.basic || basic) {
    c.differences.push(
      `basic response: certkit ${m.basic ? 'has' : 'lacks'} it, pkijs ${basic ? 'has' : 'lacks'} it`,
    );
  }
  return c.verdict();
}

/** certkit's `readPfx` against pkijs `PFX`: version 3, the AuthenticatedSafe bytes, the MAC. */
function pfxVerdict(bytes: Uint8Array): FieldVerdict {
  const mine = field(() => readPfx(bytes));
  const theirs = pkijsObject(() => pkijs.PFX.fromBER(bytes));
  if (!mine.ok) return theirs.ok ? { kind: 'certkit-refuses', reason: mine.reason } : { kind: 'both-refuse' };
  if (!theirs.ok)
    return { kind: 'mismatch', reason: `certkit reads the PFX, pkijs refuses: ${theirs.reason}` };
  const m = mine.value;
  const p = theirs.value;
  const c = new Comparison<null>({ ok: true, value: null });
  c.check(
    'version',
    () => 3,
    () => p.version,
  );
  c.check(
    'authSafe',
    () => hex(m.authSafe),
    () => hex(authSafeContent(p)),
  );
  c.check(
    'mac',
    () => (m.mac ? [hex(m.mac.digest), hex(m.mac.salt), m.mac.iterations] : null),
    () =>
      p.macData
        ? [
            hex(p.macData.mac.digest.valueBlock.valueHexView),
            hex(p.macData.macSalt.valueBlock.valueHexView),
            macIterations(bytes),
          ]
        : null,
    sameJson,
  );
  return c.verdict();
}

/**
 * The MAC iteration count from asn1js's tree: pkijs's `iterations` comes from asn1js's `valueDec`,
 * which is 0 for INTEGERs of four bytes or more, so the value is rebuilt from the INTEGER's bytes.
 */
function macIterations(bytes: Uint8Array): number {
  const root = asn1js.fromBER(bytes).result as asn1js.Sequence;
  const mac = root.valueBlock.value[2] as asn1js.Sequence | undefined;
  const iter = mac?.valueBlock.value[2] as asn1js.Integer | undefined;
  if (iter === undefined) return 1;
  let n = 0;
  for (const b of iter.valueBlock.valueHexView) n = n * 256 + b;
  return n;
}

/** The content of the authSafe OCTET STRING, joined when it is segmented (BER). */
function authSafeContent(p: pkijs.PFX): Uint8Array {
  const octets = p.authSafe.content as asn1js.OctetString;
  if (!octets.idBlock.isConstructed) return octets.valueBlock.valueHexView;
  const parts = (octets.valueBlock.value as asn1js.OctetString[]).map((s) => s.valueBlock.valueHexView);
  return Uint8Array.from(Buffer.concat(parts));
}

/** asn1js throws this (instead of returning an error) for a time whose text it cannot parse. */
const ASN1JS_THROWS = /Wrong input string for conversion/;

/**
 * A mismatch pkijs cannot be trusted on: asn1js threw, or asn1js let a value run past its container
 * (so the fields pkijs finds after it are shifted; `compareTrees` confirms it in asn1js's own tree).
 */
function unlessOracleFailed(v: FieldVerdict, bytes: Uint8Array): FieldVerdict {
  if (v.kind !== 'mismatch') return v;
  if (ASN1JS_THROWS.test(v.reason)) return { kind: 'oracle-threw', reason: v.reason };
  const tree = compareTrees(bytes);
  if (tree.kind === 'der-rule' && /overrun/.test(tree.rule)) {
    return {
      kind: 'explained',
      reason: 'asn1js reads a value past its container, so pkijs fields are shifted',
    };
  }
  return v;
}

/** certkit's `Certificate` against pkijs `Certificate`. */
export const compareCertificate = (bytes: Uint8Array): FieldVerdict =>
  unlessOracleFailed(certificateVerdict(bytes), bytes);
/** certkit's `CertificateRevocationList` against pkijs `CertificateRevocationList`. */
export const compareCrl = (bytes: Uint8Array): FieldVerdict => unlessOracleFailed(crlVerdict(bytes), bytes);
/** certkit's `parseOcspResponse` against pkijs `OCSPResponse` / `BasicOCSPResponse`. */
export const compareOcspResponse = (bytes: Uint8Array): FieldVerdict =>
  unlessOracleFailed(ocspVerdict(bytes), bytes);
/** certkit's `readPfx` against pkijs `PFX`. */
export const comparePfx = (bytes: Uint8Array): FieldVerdict => unlessOracleFailed(pfxVerdict(bytes), bytes);
