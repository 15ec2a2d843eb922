/**
 * What certkit accepts from real certificates although DER or RFC 5280 forbids it, each with the rule
 * it breaks. A deviation is read (the field has its value) and recorded on the certificate;
 * `certkit inspect` shows it as a warning and chain validation refuses a certificate that has one
 * unless the caller sets `allowEncodingDeviations`. Everything else that breaks DER is refused when
 * the field is read. docs/conformance.md lists both sides and why.
 *
 * @see X.690 sections 8, 10 and 11; RFC 5280 section 4
 */
export type EncodingDeviationCode =
  | 'boolean-not-der'
  | 'explicit-default'
  | 'string-charset'
  | 'named-bits-not-der'
  | 'extensions-without-v3'
  | 'empty-extensions'
  | 'generalized-time-before-2050';

/**
 * One recorded encoding deviation.
 *
 * @example
 * ```ts
 * import { parseCertificate } from 'certkit/x509';
 * for (const d of parseCertificate(pem).encodingDeviations) console.warn(`${d.field}: ${d.message} (${d.rule})`);
 * ```
 * @see X.690 section 11, RFC 5280 section 4
 */
export interface EncodingDeviation {
  /** What kind of deviation. */
  readonly code: EncodingDeviationCode;
  /** Where: `subject`, `validity.notAfter`, `version`, `extensions.keyUsage`, `extensions.subjectAltName.critical`, … */
  readonly field: string;
  /** The rule broken, e.g. `X.690 11.5` or `RFC 5280 4.1.2.5`. */
  readonly rule: string;
  /** What was found, e.g. `PrintableString value of CN holds '*'`. */
  readonly message: string;
}

/**
 * The rule each deviation code breaks.
 *
 * @example
 * ```ts
 * import { ENCODING_DEVIATION_RULES } from 'certkit/x509';
 * ENCODING_DEVIATION_RULES['explicit-default']; // 'X.690 11.5'
 * ```
 * @see X.690 section 11, RFC 5280 section 4
 */
export const ENCODING_DEVIATION_RULES: Readonly<Record<EncodingDeviationCode, string>> = {
  'boolean-not-der': 'X.690 11.1',
  'explicit-default': 'X.690 11.5',
  'string-charset': 'X.680 41.4 (RFC 5280 4.1.2.4, 4.2.1.6)',
  'named-bits-not-der': 'X.690 11.2.2',
  'extensions-without-v3': 'RFC 5280 4.1.2.9',
  'empty-extensions': 'RFC 5280 4.1 (Extensions SIZE (1..MAX))',
  'generalized-time-before-2050': 'RFC 5280 4.1.2.5',
};

/** Receives deviations found while decoding one field; `field` is relative to that field. */
export type DeviationReport = (code: EncodingDeviationCode, message: string, field?: string) => void;
