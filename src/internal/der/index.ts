export { berToDer } from './ber.js';
export { toColonHex, toHex } from './hex.js';
export {
  children,
  expectSequence,
  expectUniversal,
  isContext,
  isUniversal,
  malformed,
  readRoot,
  readTlv,
  TagClass,
  type Tlv,
  UniversalTag,
} from './tlv.js';
export {
  isNegativeInteger,
  readBitString,
  readBoolean,
  readIntegerHex,
  readOid,
  readSmallInteger,
  readString,
  readTime,
  tlvBytes,
  valueBytes,
} from './values.js';
export {
  derBitString,
  derBmpString,
  derBoolean,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derUtf8String,
  encodeLength,
  encodeTlv,
} from './writer.js';
