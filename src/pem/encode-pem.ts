/**
 * Encodes DER bytes as one PEM block: 64-character base64 lines, LF line ends, optional RFC 1421
 * headers (for example `Proc-Type` and `DEK-Info`) followed by a blank line.
 *
 * @example
 * ```ts
 * import { encodePem } from 'certkit/pem';
 * const text = encodePem('CERTIFICATE', der);
 * ```
 * @see RFC 7468 section 2
 */
export function encodePem(
  label: string,
  der: Uint8Array,
  headers?: Readonly<Record<string, string>>,
): string {
  if (typeof label !== 'string' || !/^[\x21-\x2c\x2e-\x7e]+( [\x21-\x2c\x2e-\x7e]+)*$/.test(label)) {
    throw new TypeError('encodePem: the label must be printable ASCII without "-"');
  }
  if (!(der instanceof Uint8Array)) throw new TypeError('encodePem expects DER bytes (Uint8Array)');
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let out = `-----BEGIN ${label}-----\n`;
  if (headers && Object.keys(headers).length > 0) {
    for (const [k, v] of Object.entries(headers)) out += `${k}: ${v}\n`;
    out += '\n';
  }
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return `${out}-----END ${label}-----\n`;
}
