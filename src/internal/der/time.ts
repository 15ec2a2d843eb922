import { malformed, type Tlv, UniversalTag } from './tlv.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function digits(bytes: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = bytes[at + i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Why a time of the wrong length is wrong, in the words of the rule it breaks. */
function shapeProblem(bytes: Uint8Array, tlv: Tlv, isUtc: boolean): string {
  const rule = isUtc ? 'RFC 5280 4.1.2.5.1' : 'RFC 5280 4.1.2.5.2';
  const form = isUtc ? 'YYMMDDHHMMSSZ' : 'YYYYMMDDHHMMSSZ';
  const last = tlv.end > tlv.valueStart ? bytes[tlv.end - 1] : undefined;
  for (let i = tlv.valueStart; i < tlv.end; i++) {
    if (bytes[i] === 0x2e) return `fractional seconds are not allowed: the time must be ${form} (${rule})`;
  }
  if (last !== 0x5a) return `the time must be in UTC, ending in Z: ${form} (${rule})`;
  if (tlv.end - tlv.valueStart === (isUtc ? 11 : 13))
    return `seconds are missing: the time must be ${form} (${rule})`;
  return `the time must be ${form} (${rule})`;
}

/**
 * Decodes UTCTime or GeneralizedTime as RFC 5280 section 4.1.2.5 requires them (and X.690 11.7/11.8
 * for DER): exactly `YYMMDDHHMMSSZ` (years 1950-2049) or `YYYYMMDDHHMMSSZ`, seconds present, no
 * fractional seconds, no time-zone offset, a real calendar date. Anything else is refused; OpenSSL
 * refuses the same times when it verifies ("error in certificate's notBefore field").
 */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  const isUtc = tlv.cls === 0 && tlv.tag === UniversalTag.utcTime;
  const isGen = tlv.cls === 0 && tlv.tag === UniversalTag.generalizedTime;
  if (!isUtc && !isGen) malformed(tlv.start, 'expected UTCTime or GeneralizedTime');
  if (tlv.constructed) malformed(tlv.start, 'constructed time (X.690 10.2)');
  const yearDigits = isUtc ? 2 : 4;
  if (tlv.end - tlv.valueStart !== yearDigits + 11 || bytes[tlv.end - 1] !== 0x5a) {
    malformed(tlv.start, shapeProblem(bytes, tlv, isUtc));
  }
  const p = tlv.valueStart;
  let year = digits(bytes, p, yearDigits);
  const month = digits(bytes, p + yearDigits, 2);
  const day = digits(bytes, p + yearDigits + 2, 2);
  const hour = digits(bytes, p + yearDigits + 4, 2);
  const minute = digits(bytes, p + yearDigits + 6, 2);
  const second = digits(bytes, p + yearDigits + 8, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    malformed(tlv.start, 'time contains a non-digit');
  }
  if (isUtc) year += year < 50 ? 2000 : 1900;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    malformed(tlv.start, 'time field out of range (not a calendar date and time)');
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  // Date.UTC maps years 0-99 to 1900-1999; GeneralizedTime years are literal.
  if (year < 100) date.setUTCFullYear(year);
  return date;
}

/** Whether `tlv` is a GeneralizedTime before 2050, which RFC 5280 4.1.2.5 says CAs MUST write as UTCTime. */
export function isGeneralizedTimeBefore2050(bytes: Uint8Array, tlv: Tlv): boolean {
  if (tlv.cls !== 0 || tlv.tag !== UniversalTag.generalizedTime || tlv.end - tlv.valueStart < 4) return false;
  const year = digits(bytes, tlv.valueStart, 4);
  return year >= 0 && year < 2050;
}
