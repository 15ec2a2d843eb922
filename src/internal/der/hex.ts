/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Upper-case colon-separated hex, as `openssl x509 -fingerprint` prints it (`AB:CD:…`). */
export function toColonHex(bytes: Uint8Array): string {
  const hex = toHex(bytes).toUpperCase();
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += (i ? ':' : '') + hex.slice(i, i + 2);
  return out;
}
