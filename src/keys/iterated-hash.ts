/**
 * `H^n(x)` for a digest-sized `x`: the inner loop of the PKCS#12 KDF (RFC 7292 appendix B.2), which
 * hashes its own 20- or 32-byte output thousands of times. Each step is a single padded block, so a
 * plain JavaScript SHA-1 / SHA-256 compression on integer words, without allocations, runs it several
 * times faster than a Node hash object (or `crypto.hash`) per iteration, whose per-call overhead
 * dominates for 20 bytes. Checked against Node's createHash in test/stores/formats/iterated-hash.test.ts.
 */

const K256 = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const H256 = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

function sha256Iterate(state: Int32Array, count: number): void {
  const w = new Int32Array(64);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < 8; i++) w[i] = state[i]!;
    w[8] = 0x80000000 | 0;
    for (let i = 9; i < 15; i++) w[i] = 0;
    w[15] = 256;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = H256[0]!;
    let b = H256[1]!;
    let c = H256[2]!;
    let d = H256[3]!;
    let e = H256[4]!;
    let f = H256[5]!;
    let g = H256[6]!;
    let h = H256[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] = (H256[0]! + a) | 0;
    state[1] = (H256[1]! + b) | 0;
    state[2] = (H256[2]! + c) | 0;
    state[3] = (H256[3]! + d) | 0;
    state[4] = (H256[4]! + e) | 0;
    state[5] = (H256[5]! + f) | 0;
    state[6] = (H256[6]! + g) | 0;
    state[7] = (H256[7]! + h) | 0;
  }
}

function sha1Iterate(state: Int32Array, count: number): void {
  const w = new Int32Array(80);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < 5; i++) w[i] = state[i]!;
    w[5] = 0x80000000 | 0;
    for (let i = 6; i < 15; i++) w[i] = 0;
    w[15] = 160;
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = 0x67452301;
    let b = 0xefcdab89 | 0;
    let c = 0x98badcfe | 0;
    let d = 0x10325476;
    let e = 0xc3d2e1f0 | 0;
    let t: number;
    for (let i = 0; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 20; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 40; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 60; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    state[0] = (0x67452301 + a) | 0;
    state[1] = ((0xefcdab89 | 0) + b) | 0;
    state[2] = ((0x98badcfe | 0) + c) | 0;
    state[3] = (0x10325476 + d) | 0;
    state[4] = ((0xc3d2e1f0 | 0) + e) | 0;
  }
}

/**
 * Applies `hash` `count` more times to the digest `x` (`H^count(x)`), in place semantics aside:
 * returns a new buffer. Fast path for SHA-1 and SHA-256; `undefined` for other hashes or a `x` that is
 * not exactly one digest long, so the caller falls back to Node's hashing.
 */
export function iterateDigest(hash: string, x: Uint8Array, count: number): Buffer | undefined {
  const words = hash === 'sha1' ? 5 : hash === 'sha256' ? 8 : 0;
  if (words === 0 || x.length !== words * 4) return undefined;
  const state = new Int32Array(words);
  for (let i = 0; i < words; i++)
    state[i] = (x[4 * i]! << 24) | (x[4 * i + 1]! << 16) | (x[4 * i + 2]! << 8) | x[4 * i + 3]!;
  if (words === 5) sha1Iterate(state, count);
  else sha256Iterate(state, count);
  const out = Buffer.alloc(words * 4);
  for (let i = 0; i < words; i++) out.writeInt32BE(state[i]!, 4 * i);
  state.fill(0);
  return out;
}
