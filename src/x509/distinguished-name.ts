import { inspect } from 'node:util';
import { X509Error } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import { toHex } from '../internal/der/hex.js';
import { checkNested } from '../internal/der/nested.js';
import {
  charsetViolation,
  decodeString,
  invalidStringReason,
  isAsciiBytes,
  STRING_TYPE_NAMES,
} from '../internal/der/strings.js';
import {
  children,
  expectSequence,
  malformed,
  readRoot,
  readTlv,
  type Tlv,
  UniversalTag,
} from '../internal/der/tlv.js';
import { readOid } from '../internal/der/values.js';
import { attributeOid, attributeShortName } from './attribute-types.js';

/**
 * One attribute of a relative distinguished name: `CN=example.com`.
 * @see RFC 5280 section 4.1.2.4
 */
export interface Attribute {
  /** The attribute type OID (`2.5.4.3` for CN). */
  readonly oid: string;
  /** OpenSSL's short name (`CN`, `O`, `emailAddress`, …) or the dotted OID when unknown. */
  readonly shortName: string;
  /** The value as text; values that are not strings are `#` followed by the hex of their DER. */
  readonly value: string;
  /** The ASN.1 universal tag of the value (12 UTF8String, 19 PrintableString, 30 BMPString, …). */
  readonly valueTag: number;
  /**
   * Set when a string value breaks its type. `'charset'`: it holds a character its type does not
   * allow (PrintableString `*`, IA5String `é`); the value is read as written. `'encoding'`: its bytes
   * are not a valid encoding of the type (UTF8String that is not UTF-8, odd-length BMPString, a
   * constructed string); `value` is then the `#` hex form of the DER, as for non-string values, and
   * the attribute compares by those exact bytes.
   */
  readonly problem?: 'charset' | 'encoding';
}

const STRING_TAGS = new Set<number>([
  UniversalTag.utf8String,
  UniversalTag.numericString,
  UniversalTag.printableString,
  UniversalTag.teletexString,
  UniversalTag.ia5String,
  UniversalTag.visibleString,
  UniversalTag.universalString,
  UniversalTag.bmpString,
  21, // VideotexString
  25, // GraphicString
  27, // GeneralString
]);

/**
 * The longest attribute value read, in characters: ub-name (RFC 5280 appendix A.1), the largest upper
 * bound X.520 gives any name attribute. Attribute types with a smaller bound (ub-common-name 64,
 * ub-organization-name 64, …) are read up to this one, since real certificates exceed those; a value that
 * is not a string is bounded to as many octets.
 */
const MAX_NAME_VALUE_CHARS = 32_768;

function tooLarge(oid: string, size: number, unit: string): X509Error {
  return new X509Error(
    'ERR_X509_TOO_LARGE',
    `A name attribute value (${attributeShortName(oid)}) is ${size} ${unit} long; certkit reads at most ${MAX_NAME_VALUE_CHARS} (ub-name, RFC 5280 appendix A.1).`,
    {
      details: {
        field: 'name attribute value',
        oid,
        size,
        limit: MAX_NAME_VALUE_CHARS,
        rule: 'RFC 5280 A.1 ub-name',
      },
    },
  );
}

function characterCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++; // a high surrogate's pair counts once, at its low half
  }
  return n;
}

/** The type and value of an AttributeTypeAndValue, framing and size checked (shared by the two readers). */
function attributeParts(
  der: Uint8Array,
  seq: Tlv,
): { oid: string; valueTlv: Tlv; valueTag: number; octets: number } {
  expectSequence(seq, 'AttributeTypeAndValue');
  const typeTlv = readTlv(der, seq.valueStart, seq.end);
  const valueTlv = readTlv(der, typeTlv.end, seq.end);
  if (valueTlv.end !== seq.end) malformed(valueTlv.end, 'AttributeTypeAndValue has extra fields');
  const oid = readOid(der, typeTlv);
  const valueTag = valueTlv.cls === 0 ? valueTlv.tag : -1;
  const isString = STRING_TAGS.has(valueTag) && !valueTlv.constructed;
  const octets = valueTlv.end - valueTlv.valueStart;
  // No string type spends more than 4 octets on a character: longer values are refused before decoding.
  if (octets > (isString ? 4 : 1) * MAX_NAME_VALUE_CHARS) throw tooLarge(oid, octets, 'octets');
  return { oid, valueTlv, valueTag, octets };
}

function readAttribute(der: Uint8Array, seq: Tlv): Attribute {
  const { oid, valueTlv, valueTag } = attributeParts(der, seq);
  const shortName = attributeShortName(oid);
  if (!STRING_TAGS.has(valueTag)) {
    checkNested(der, valueTlv);
    return { oid, shortName, value: hexValue(der, valueTlv), valueTag };
  }
  const text = valueTlv.constructed ? undefined : decodeString(der, valueTlv);
  if (text === undefined)
    return { oid, shortName, value: hexValue(der, valueTlv), valueTag, problem: 'encoding' };
  if (text.length > MAX_NAME_VALUE_CHARS) {
    const chars = characterCount(text);
    if (chars > MAX_NAME_VALUE_CHARS) throw tooLarge(oid, chars, 'characters');
  }
  if (charsetViolation(der, valueTlv) >= 0)
    return { oid, shortName, value: text, valueTag, problem: 'charset' };
  return { oid, shortName, value: text, valueTag };
}

/**
 * The checks of {@link readAttribute}, with its errors, without keeping anything: false where it
 * would return an attribute with problem `'encoding'`. An ASCII value of a type whose every ASCII
 * string is valid (all but BMPString and UniversalString) is not decoded at all.
 */
function attributeIsValid(der: Uint8Array, seq: Tlv): boolean {
  const { oid, valueTlv, valueTag, octets } = attributeParts(der, seq);
  if (!STRING_TAGS.has(valueTag)) {
    checkNested(der, valueTlv);
    return true;
  }
  if (valueTlv.constructed) return false;
  const wide = valueTag === UniversalTag.bmpString || valueTag === UniversalTag.universalString;
  if (!wide && isAsciiBytes(der.subarray(valueTlv.valueStart, valueTlv.end))) {
    // Decoded, it would be `octets` characters, none a surrogate.
    if (octets > MAX_NAME_VALUE_CHARS) throw tooLarge(oid, octets, 'characters');
    return true;
  }
  const text = decodeString(der, valueTlv);
  if (text === undefined) return false;
  if (text.length > MAX_NAME_VALUE_CHARS) {
    const chars = characterCount(text);
    if (chars > MAX_NAME_VALUE_CHARS) throw tooLarge(oid, chars, 'characters');
  }
  return true;
}

/** The RFC 4514 `#` hex form of a value's whole DER. */
function hexValue(der: Uint8Array, tlv: Tlv): string {
  return `#${toHex(der.subarray(tlv.start, tlv.end))}`;
}

/** Whether the attribute's value is text (a string type whose bytes decoded), not the `#` hex form. */
function isStringValue(a: Attribute): boolean {
  return STRING_TAGS.has(a.valueTag) && a.problem !== 'encoding';
}

/** What is wrong with an attribute that has a `problem`, for messages and deviations. */
export function attributeProblem(a: Attribute): string {
  const type = STRING_TYPE_NAMES[a.valueTag] ?? `tag ${a.valueTag}`;
  if (a.problem === 'encoding') {
    // value is `#` + hex of the whole TLV: its first byte says whether the string was constructed.
    const constructed = (Number.parseInt(a.value.slice(1, 3), 16) & 0x20) !== 0;
    return `the ${type} value of ${a.shortName} is not valid: ${invalidStringReason(a.valueTag, constructed)}`;
  }
  const codes = Uint8Array.from(a.value, (c) => c.charCodeAt(0) & 0xff);
  const at = charsetViolation(codes, {
    cls: 0,
    constructed: false,
    tag: a.valueTag,
    start: 0,
    valueStart: 0,
    end: codes.length,
  });
  return `the ${type} value of ${a.shortName} holds ${JSON.stringify(a.value[at] ?? '')}, outside its character set`;
}

/**
 * Throws `ERR_DER_MALFORMED` when an attribute of `dn` is not a valid encoding of its string type
 * (RFC 3629 for UTF8String, X.680 41.16): the name of a signed object is then refused, as OpenSSL
 * refuses it. Character-set violations pass (they are recorded as encoding deviations instead).
 * Reads the name without keeping its decoded RDNs (see {@link DistinguishedName}).
 */
export function requireValidStrings(dn: DistinguishedName): void {
  const der = nameBytes(dn);
  let bad: Tlv | undefined;
  undecodable(() => {
    walkAttributes(der, (a) => {
      if (!attributeIsValid(der, a)) bad ??= a;
    });
  });
  if (bad !== undefined) malformed(0, attributeProblem(readAttribute(der, bad)));
}

/** Calls `visit` with every AttributeTypeAndValue of the Name `der`, checking its RDN structure. */
function walkAttributes(der: Uint8Array, visit: (attribute: Tlv, first: boolean) => void): void {
  const root = expectSequence(readRoot(der), 'Name');
  let pos = root.valueStart;
  while (pos < root.end) {
    const set = readTlv(der, pos, root.end);
    if (set.cls !== 0 || set.tag !== UniversalTag.set || !set.constructed) {
      malformed(set.start, 'RelativeDistinguishedName: expected a SET');
    }
    const attributes = children(der, set);
    for (let i = 0; i < attributes.length; i++) visit(attributes[i]!, i === 0);
    if (attributes.length === 0) malformed(set.start, 'RelativeDistinguishedName is empty');
    pos = set.end;
  }
}

function decodeRdns(der: Uint8Array): Attribute[][] {
  const rdns: Attribute[][] = [];
  walkAttributes(der, (a, first) => {
    if (first) rdns.push([]);
    rdns[rdns.length - 1]!.push(readAttribute(der, a));
  });
  return rdns;
}

/** Runs `read`, turning an exception that is not a CertkitError into `ERR_DER_MALFORMED`. */
function undecodable<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isCertkitError(e)) throw e;
    // e.g. a UniversalString holding a value that is not a Unicode code point
    return malformed(0, `Name holds an undecodable value (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The Name bytes of a DistinguishedName (set in the class's static block). */
let nameBytes: (dn: DistinguishedName) => Uint8Array;

function hex2(code: number): string {
  return `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Escapes one attribute value for RFC 4514 (and OpenSSL's `esc_2253,esc_ctrl`): `,+"\\<>;` with a
 * backslash, a leading `#` or space and a trailing space, control characters as `\\XX`.
 *
 * @example
 * ```ts
 * import { escapeRfc4514 } from 'certkit/x509';
 * escapeRfc4514('Example, Inc.'); // 'Example\\, Inc.'
 * ```
 * @see RFC 4514 section 2.4
 */
export function escapeRfc4514(value: string): string {
  if (!needsEscape(value)) return value;
  let out = '';
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === ',' || ch === '+' || ch === '"' || ch === '\\' || ch === '<' || ch === '>' || ch === ';') {
      out += `\\${ch}`;
    } else if ((ch === '#' && i === 0) || (ch === ' ' && (i === 0 || i === last))) {
      out += `\\${ch}`;
    } else if (code < 0x20 || code === 0x7f) {
      out += hex2(code);
    } else {
      out += ch;
    }
  }
  return out;
}

/** Whether {@link escapeRfc4514} changes anything in `value`. */
function needsEscape(value: string): boolean {
  const last = value.length - 1;
  if (last < 0) return false;
  const first = value.charCodeAt(0);
  if (first === 0x23 || first === 0x20 || value.charCodeAt(last) === 0x20) return true;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x2c || c === 0x2b || c === 0x22 || c === 0x5c) return true;
    if (c === 0x3c || c === 0x3e || c === 0x3b) return true;
  }
  return false;
}

/** Formats a value the way OpenSSL's default `oneline`-style output does (quotes instead of escapes). */
function quoteOneline(value: string): string {
  let needsQuotes = value.length > 0 && (value[0] === ' ' || value[0] === '#' || value.endsWith(' '));
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '"' || ch === '\\') body += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) body += hex2(code);
    else if (code > 0x7f) {
      // OpenSSL's default output escapes every byte of a non-ASCII character's UTF-8 encoding.
      const cp = value.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) body += hex2(b);
    } else {
      if (ch === ',' || ch === '+' || ch === '<' || ch === '>' || ch === ';') needsQuotes = true;
      body += ch;
    }
  }
  return needsQuotes ? `"${body}"` : body;
}

function normaliseValue(a: Attribute): string {
  if (!isStringValue(a)) return a.value;
  return a.value.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/**
 * An X.501 distinguished name (a certificate's subject or issuer): its RDNs and attributes, decoded on
 * first use, an RFC 4514 string, and RFC 5280 name comparison.
 *
 * @example
 * ```ts
 * import { parseCertificate } from 'certkit/x509';
 * const cert = parseCertificate(pem);
 * console.log(cert.subject.toString(), cert.subject.commonName, cert.subject.get('OU'));
 * ```
 * @see RFC 5280 section 4.1.2.4, RFC 4514, RFC 5280 section 7.1
 */
export class DistinguishedName {
  // The Name is bytes[start, end). A certificate's names point into its DER: no view is made until
  // `der` is asked for, and the decoded RDNs are kept only when `rdns` (or a getter built on it) is
  // asked for; `toString()` and `canonical` decode, build their string, keep only the string.
  #bytes: Uint8Array;
  #start: number;
  #end: number;
  #der: Uint8Array | undefined;
  #rdns: Attribute[][] | undefined;
  #string: string | undefined;
  #canonical: string | undefined;

  /**
   * @throws DerError `ERR_DER_MALFORMED` later, from the getters, when the Name is not well formed.
   */
  constructor(der: Uint8Array) {
    this.#bytes = der;
    this.#start = 0;
    this.#end = der.length;
    this.#der = der;
  }

  /** @internal The Name at bytes[start, end), without a view until one is asked for. */
  static fromRange(bytes: Uint8Array, start: number, end: number): DistinguishedName {
    const dn = new DistinguishedName(bytes);
    dn.#start = start;
    dn.#end = end;
    dn.#der = start === 0 && end === bytes.length ? bytes : undefined;
    return dn;
  }

  static {
    nameBytes = (dn) => dn.#view();
  }

  /** The Name SEQUENCE bytes (a view into the certificate). */
  get der(): Uint8Array {
    this.#der ??= this.#bytes.subarray(this.#start, this.#end);
    return this.#der;
  }

  /** The Name's bytes: the kept view, or a passing one. */
  #view(): Uint8Array {
    return this.#der ?? this.#bytes.subarray(this.#start, this.#end);
  }

  /** The RDNs: the kept ones, or decoded for one use. */
  #decoded(): readonly (readonly Attribute[])[] {
    return this.#rdns ?? undecodable(() => decodeRdns(this.#view()));
  }

  /**
   * Reads a Name from its DER (the SEQUENCE of RDNs) and decodes it at once.
   *
   * @throws DerError `ERR_DER_MALFORMED` / `ERR_DER_TRAILING_DATA` when the bytes are not a Name.
   * @throws X509Error `ERR_X509_TOO_LARGE` when an attribute value is longer than
   *   32,768 characters (ub-name, RFC 5280 appendix A.1).
   * @example
   * ```ts
   * import { DistinguishedName } from 'certkit/x509';
   * const dn = DistinguishedName.fromDer(nameDer);
   * ```
   */
  static fromDer(der: Uint8Array): DistinguishedName {
    const dn = new DistinguishedName(der);
    void dn.rdns;
    return dn;
  }

  /** The RDNs in encoded order (least specific first, usually C or DC), each a list of attributes. */
  get rdns(): readonly (readonly Attribute[])[] {
    this.#rdns ??= undecodable(() => decodeRdns(this.#view()));
    return this.#rdns;
  }

  /** Whether the name has no RDNs (allowed for a subject whose identity is in subjectAltName). */
  get isEmpty(): boolean {
    return this.rdns.length === 0;
  }

  /** Every value of one attribute type, by short name (`CN`, `O`, `OU`, …), long name or OID, in order. */
  get(shortNameOrOid: string): string[] {
    const oid = attributeOid(shortNameOrOid);
    const out: string[] = [];
    if (oid === undefined) return out;
    for (const rdn of this.rdns) for (const a of rdn) if (a.oid === oid) out.push(a.value);
    return out;
  }

  /** The most specific common name (the last CN), or undefined. */
  get commonName(): string | undefined {
    const all = this.get('2.5.4.3');
    return all[all.length - 1];
  }

  /** The organization (first O). */
  get organization(): string | undefined {
    return this.get('2.5.4.10')[0];
  }

  /** The country (first C). */
  get country(): string | undefined {
    return this.get('2.5.4.6')[0];
  }

  /**
   * The name as an RFC 4514 string: most specific RDN first, `,` between RDNs, `+` inside a
   * multi-valued RDN, OpenSSL short names, special characters escaped, non-ASCII text as is.
   * Equals `openssl x509 -noout -subject -nameopt RFC2253,-esc_msb`.
   */
  toString(): string {
    if (this.#string === undefined) {
      const rdns = this.#decoded();
      const parts: string[] = [];
      for (let i = rdns.length - 1; i >= 0; i--) {
        const rdn = rdns[i]!;
        // OpenSSL reverses the flat attribute list, so a multi-valued RDN is reversed too.
        const values: string[] = [];
        for (let j = rdn.length - 1; j >= 0; j--) {
          const a = rdn[j]!;
          values.push(`${a.shortName}=${isStringValue(a) ? escapeRfc4514(a.value) : a.value}`);
        }
        parts.push(values.join('+'));
      }
      this.#string = parts.join(',');
    }
    return this.#string;
  }

  /**
   * The name as OpenSSL 3 prints it by default (`openssl x509 -noout -subject`): encoded order,
   * `, ` between RDNs, ` + ` inside one, `=` surrounded by spaces, values quoted when needed.
   */
  toOpenSslString(): string {
    return this.#decoded()
      .map((rdn) =>
        rdn.map((a) => `${a.shortName} = ${isStringValue(a) ? quoteOneline(a.value) : a.value}`).join(' + '),
      )
      .join(', ');
  }

  /**
   * A normalised key for RFC 5280 section 7.1 name comparison: values case-folded, NFKC-normalised,
   * whitespace trimmed and collapsed, attributes of a multi-valued RDN sorted. A value that is not
   * text (a non-string type, or a string whose bytes are not valid for its type) enters as the hex of
   * its exact DER, so it only ever equals the same bytes. Two names are equal in the RFC 5280 sense
   * when their canonical keys are equal; use it to index certificate pools.
   */
  get canonical(): string {
    if (this.#canonical === undefined) {
      this.#canonical = this.#decoded()
        .map((rdn) =>
          rdn
            .map((a) => `${a.oid}=${isStringValue(a) ? escapeRfc4514(normaliseValue(a)) : a.value}`)
            .sort()
            .join('+'),
        )
        .join(',');
    }
    return this.#canonical;
  }

  /**
   * RFC 5280 section 7.1 comparison: byte-identical names, or names equal after normalisation of
   * their decoded values. Values whose bytes are not valid for their string type are compared by
   * their exact bytes, never by a lossy decoding.
   */
  equals(other: DistinguishedName): boolean {
    const mine = this.#view();
    const theirs = other.#view();
    if (mine.length === theirs.length && Buffer.compare(mine, theirs) === 0) return true;
    return this.canonical === other.canonical;
  }

  /** JSON form: the RFC 4514 string. */
  toJSON(): string {
    return this.toString();
  }

  /** `util.inspect` shows the RFC 4514 string. */
  [inspect.custom](): string {
    return `DistinguishedName <${this.toString()}>`;
  }
}
