import { createHash } from 'node:crypto';
import { children, readOid, readRoot, readString, readTlv, type Tlv, toHex } from '../internal/der/index.js';
import { ExtensionOid } from '../internal/oids.js';

/**
 * Index keys read straight from a certificate's DER, without building `DistinguishedName` or
 * `Extension` objects, so that a pool of thousands of certificates costs little more than their bytes.
 */
export interface RawIndexKeys {
  /** Normalised subject name (RFC 5280 section 7.1: string values case-folded, spaces collapsed). */
  readonly subject: string;
  /** Normalised issuer name, same form. */
  readonly issuer: string;
  /** subjectKeyIdentifier, lower-case hex. */
  readonly ski: string | undefined;
  /** authorityKeyIdentifier keyIdentifier, lower-case hex. */
  readonly aki: string | undefined;
}

const STRING_TAGS: ReadonlySet<number> = new Set([12, 19, 20, 22, 26, 27, 28, 30, 18]);

function normalise(s: string): string {
  return s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The normalised key of a Name (its TLV within `der`). Multi-valued RDNs are order-independent. */
export function nameKey(der: Uint8Array, name: Tlv): string {
  try {
    const rdns: string[] = [];
    for (const set of children(der, name)) {
      const attrs: string[] = [];
      for (const atv of children(der, set)) {
        const [type, value] = children(der, atv);
        if (!type || !value) throw new Error('bad attribute');
        const v =
          value.cls === 0 && STRING_TAGS.has(value.tag)
            ? `=${normalise(readString(der, value))}`
            : `#${toHex(der.subarray(value.start, value.end))}`;
        attrs.push(`${readOid(der, type)}${v}`);
      }
      rdns.push(attrs.sort().join('+'));
    }
    return rdns.join(',');
  } catch {
    return `#${toHex(der.subarray(name.start, name.end))}`;
  }
}

/** The key of a whole Name given as its own DER (e.g. `DistinguishedName.der`). */
export function nameKeyOfDer(nameDer: Uint8Array): string {
  return nameKey(nameDer, readRoot(nameDer));
}

/** Reads the subject/issuer keys and key identifiers of a certificate DER. Throws DER errors. */
export function rawIndexKeys(der: Uint8Array): RawIndexKeys {
  const root = readRoot(der);
  const tbs = readTlv(der, root.valueStart, root.end);
  let t = readTlv(der, tbs.valueStart, tbs.end);
  if (t.cls === 2 && t.tag === 0) t = readTlv(der, t.end, tbs.end); // version
  const sigAlg = readTlv(der, t.end, tbs.end); // after serial
  const issuer = readTlv(der, sigAlg.end, tbs.end);
  const validity = readTlv(der, issuer.end, tbs.end);
  const subject = readTlv(der, validity.end, tbs.end);
  const spki = readTlv(der, subject.end, tbs.end);
  let ski: string | undefined;
  let aki: string | undefined;
  let pos = spki.end;
  while (pos < tbs.end) {
    const f = readTlv(der, pos, tbs.end);
    pos = f.end;
    if (!(f.cls === 2 && f.tag === 3)) continue;
    const seq = readTlv(der, f.valueStart, f.end);
    for (const ext of children(der, seq)) {
      const parts = children(der, ext);
      const oid = readOid(der, parts[0]!);
      if (oid !== ExtensionOid.subjectKeyIdentifier && oid !== ExtensionOid.authorityKeyIdentifier) continue;
      const octets = parts[parts.length - 1]!;
      const inner = readTlv(der, octets.valueStart, octets.end);
      if (oid === ExtensionOid.subjectKeyIdentifier && inner.cls === 0 && inner.tag === 4) {
        ski = toHex(der.subarray(inner.valueStart, inner.end));
      } else if (oid === ExtensionOid.authorityKeyIdentifier) {
        for (const c of children(der, inner)) {
          if (c.cls === 2 && c.tag === 0) aki = toHex(der.subarray(c.valueStart, c.end));
        }
      }
    }
  }
  return { subject: nameKey(der, subject), issuer: nameKey(der, issuer), ski, aki };
}

/**
 * A 30-bit number from the DER's SHA-256, for duplicate detection (a hit is confirmed byte by byte).
 * 30 bits keep it a small integer, which a Set holds without boxing: 16 bytes less per pooled certificate.
 */
export function derHash30(der: Uint8Array): number {
  const h = createHash('sha256').update(der).digest();
  return h.readUInt32BE(0) >>> 2;
}
