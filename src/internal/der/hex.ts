/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const PAIRS: string[] = [];
for (let i = 0; i < 256; i++) PAIRS.push(i.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case colon-separated hex, as `openssl x509 -fingerprint` prints it (`AB:CD:…`). */
export function toColonHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  let out = PAIRS[bytes[0]!]!;
  for (let i = 1; i < bytes.length; i++) out += `:${PAIRS[bytes[i]!]!}`;
  return out;
}
