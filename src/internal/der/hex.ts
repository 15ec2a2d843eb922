/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');

/**
 * Upper-case colon-separated hex, as `openssl x509 -fingerprint` prints it (`AB:CD:…`), as one flat
 * string (kept fingerprints cost their characters, not a rope of pieces).
 */
export function toColonHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  const out = Buffer.allocUnsafe(bytes.length * 3 - 1);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[3 * i] = DIGITS[b >> 4]!;
    out[3 * i + 1] = DIGITS[b & 15]!;
    if (i + 1 < bytes.length) out[3 * i + 2] = 0x3a;
  }
  return out.toString('latin1');
}
