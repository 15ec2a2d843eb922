import { decodeString } from './strings.js';
import { readTime } from './time.js';
import { malformed, readTlv, type Tlv, UniversalTag } from './tlv.js';
import { checkInteger, readBitString, readBoolean, readOid } from './values.js';

/** Checks the contents of a universal primitive value by the rules of its type (X.690 8). */
function checkPrimitive(bytes: Uint8Array, tlv: Tlv): void {
  if (tlv.cls !== 0) return;
  switch (tlv.tag) {
    case UniversalTag.boolean:
      readBoolean(bytes, tlv);
      return;
    case UniversalTag.integer:
    case UniversalTag.enumerated:
      checkInteger(bytes, tlv);
      return;
    case UniversalTag.bitString:
      readBitString(bytes, tlv);
      return;
    case UniversalTag.oid:
      readOid(bytes, tlv);
      return;
    case 13: // RELATIVE-OID: whole arcs, no leading 0x80 (X.690 8.20)
      if (tlv.end === tlv.valueStart || bytes[tlv.end - 1]! & 0x80)
        malformed(tlv.start, 'RELATIVE-OID ends in the middle of an arc');
      for (let i = tlv.valueStart; i < tlv.end; i++) {
        if (bytes[i] === 0x80 && (i === tlv.valueStart || !(bytes[i - 1]! & 0x80)))
          malformed(i, 'RELATIVE-OID arc with a leading 0x80 byte');
      }
      return;
    case UniversalTag.utcTime:
    case UniversalTag.generalizedTime:
      readTime(bytes, tlv);
      return;
    case UniversalTag.utf8String:
    case UniversalTag.bmpString:
    case UniversalTag.universalString:
      if (decodeString(bytes, tlv) === undefined)
        malformed(tlv.start, 'a string that is not a valid encoding of its type (X.680 41.16)');
      return;
    default:
      return;
  }
}

/**
 * Checks that a value certkit keeps opaque (an `ANY`: a name attribute of a non-string type, algorithm
 * parameters, an otherName) is itself DER: a constructed value holds whole TLVs (X.690 8.1.1), and
 * every universal primitive inside follows the rules of its type (INTEGER minimal, BIT STRING unused
 * bits, OBJECT IDENTIFIER arcs, times as RFC 5280 writes them, strings valid). Nesting is capped at
 * 64 levels.
 */
export function checkNested(bytes: Uint8Array, tlv: Tlv, depth = 0): void {
  if (!tlv.constructed) {
    checkPrimitive(bytes, tlv);
    return;
  }
  if (depth >= 64) malformed(tlv.start, 'nesting deeper than 64 levels');
  let pos = tlv.valueStart;
  while (pos < tlv.end) {
    const child = readTlv(bytes, pos, tlv.end);
    checkNested(bytes, child, depth + 1);
    pos = child.end;
  }
}
