export { berToDer } from './ber.js';
export { toColonHex, toHex } from './hex.js';
export { checkNested } from './nested.js';
export {
  charsetViolation,
  decodeString,
  decodeUtf8,
  invalidStringReason,
  readString,
  STRING_TYPE_NAMES,
} from './strings.js';
export { isGeneralizedTimeBefore2050, readTime } from './time.js';
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
  checkInteger,
  isDerBoolean,
  isDerNamedBitList,
  isNegativeInteger,
  readBitString,
  readBoolean,
  readInteger,
  readIntegerHex,
  readOid,
  readSmallInteger,
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
