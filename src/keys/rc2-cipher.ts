/**
 * RC2 (RFC 2268) CBC decryption, for PKCS#12 files that protect their certificates with
 * pbeWithSHAAnd40BitRC2-CBC (what `openssl pkcs12 -export -legacy`, Windows and older Java write).
 * Written here because Node's OpenSSL 3 has RC2 only in the legacy provider, which Node does not load:
 * `crypto.createDecipheriv('rc2-40-cbc', …)` throws `error:0308010C:digital envelope routines::unsupported`
 * on Node 20. Decryption only; certkit never writes RC2.
 */

/** PITABLE of RFC 2268 section 2. */
const PI_HEX =
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2' +
  '179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
  '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
  '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
  '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ec' +
  'c2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
  '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a9' +
  '0d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad';
const PITABLE = Uint8Array.from(Buffer.from(PI_HEX, 'hex'));

/** RFC 2268 section 2: the 64 16-bit subkeys for `key` with `effectiveBits` effective key bits. */
function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const t = key.length;
  const l = new Uint8Array(128);
  l.set(key.subarray(0, 128));
  const t8 = Math.ceil(effectiveBits / 8);
  const tm = 0xff % 2 ** (8 + effectiveBits - 8 * t8);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  l.fill(0);
  return k;
}

const ROT = [1, 2, 3, 5] as const;

/** Decrypts one 8-byte block in place (RFC 2268 section 4: 5 mix, mash, 6 mix, mash, 5 mix, reversed). */
function decryptBlock(k: Uint16Array, b: Uint8Array, at: number): void {
  const r = [
    b[at]! | (b[at + 1]! << 8),
    b[at + 2]! | (b[at + 3]! << 8),
    b[at + 4]! | (b[at + 5]! << 8),
    b[at + 6]! | (b[at + 7]! << 8),
  ];
  // Rounds from the last: 5 mixing, mashing, 6 mixing, mashing, 5 mixing (no closures: hot loop).
  let j = 63;
  for (let round = 15; round >= 0; round--) {
    for (let i = 3; i >= 0; i--) {
      const s = ROT[i]!;
      let x = r[i]! & 0xffff;
      x = ((x >>> s) | (x << (16 - s))) & 0xffff;
      x -= k[j--]! + (r[(i + 3) & 3]! & r[(i + 2) & 3]!) + (~r[(i + 3) & 3]! & r[(i + 1) & 3]!);
      r[i] = x & 0xffff;
    }
    if (round === 11 || round === 5) {
      for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) & 3]! & 63]!) & 0xffff;
    }
  }
  for (let i = 0; i < 4; i++) {
    b[at + 2 * i] = r[i]! & 0xff;
    b[at + 2 * i + 1] = r[i]! >> 8;
  }
}

/**
 * RC2-CBC decryption with the PKCS#7 padding removed; `undefined` when the padding is wrong (what a
 * wrong password looks like). `data` is a whole number of 8-byte blocks and `iv` 8 bytes (the caller checks).
 * @see RFC 2268 sections 2 and 4
 */
export function rc2CbcDecrypt(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer | undefined {
  const k = expandKey(key, effectiveBits);
  const out = Buffer.from(data);
  let prev = Buffer.from(iv);
  for (let at = 0; at < out.length; at += 8) {
    const cipherBlock = Buffer.from(out.subarray(at, at + 8));
    decryptBlock(k, out, at);
    for (let i = 0; i < 8; i++) out[at + i] = out[at + i]! ^ prev[i]!;
    prev = cipherBlock;
  }
  k.fill(0);
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8) return undefined;
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) return undefined;
  return out.subarray(0, out.length - pad);
}
