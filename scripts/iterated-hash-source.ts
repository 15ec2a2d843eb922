/**
 * Renders src/keys/iterated-hash-rounds.ts and src/keys/iterated-hash-wasm.ts (the same statements
 * compiled to WebAssembly by scripts/iterated-hash-wasm.ts): SHA-1 and SHA-256 (FIPS 180-4 sections 6.1.2 and 6.2.2)
 * specialised for `H^n(x)` of a digest-sized `x`, the inner loop of the PKCS#12 KDF (RFC 7292 appendix
 * B.2) and PBKDF1. Each iteration hashes one padded block whose words 0..4 (SHA-1) or 0..7 (SHA-256) are
 * the previous digest and whose other words are constant (0x80000000, zeros, the bit length), so:
 *
 * - the rounds are fully unrolled, with the working variables renamed instead of shifted;
 * - the message schedule lives in 16 local variables (W_i in w(i mod 16)), each word computed just
 *   before the round that first uses it, with the constant padding words folded in here (XOR with
 *   zero, `K + W` of a constant word) rather than at run time;
 * - each round adds the terms known a round early first and the value just computed last;
 * - nothing is read from or written to a typed array inside the loop;
 * - SHA-256's Maj(a, b, c) is `b ^ ((a ^ b) & (b ^ c))`, where `b ^ c` is the previous round's `a ^ b`
 *   (one operation fewer per round and a shorter dependency chain: about 25 % less CPU per block).
 *
 * `npm run generate:iterated-hash` writes both files; test/keys/iterated-hash.test.ts keeps them current
 * and proves both engines against Node's hashing.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileIterateModule } from './iterated-hash-wasm.js';

/** A message word: a constant (known here) or the name of a local variable of the generated code. */
type Word = number | string;

/** An int32 as a signed hexadecimal literal, so V8 keeps the arithmetic in int32 registers. */
function lit(n: number): string {
  const v = n | 0;
  return v < 0 ? `-0x${(-v).toString(16).padStart(8, '0')}` : `0x${v.toString(16).padStart(8, '0')}`;
}

/** `+ n` or `- |n|` for an int32 constant added to an expression. */
function plusLit(n: number): string {
  const v = n | 0;
  return v < 0 ? `- ${lit(-v)}` : `+ ${lit(v)}`;
}

const rotl = (x: string, n: number): string => `((${x} << ${n}) | (${x} >>> ${32 - n}))`;
const rotr = (x: string, n: number): string => `((${x} >>> ${n}) | (${x} << ${32 - n}))`;
const rotlInt = (x: number, n: number): number => (x << n) | (x >>> (32 - n)) | 0;
const rotrInt = (x: number, n: number): number => (x >>> n) | (x << (32 - n)) | 0;

/**
 * W_i lives in w(i mod 16): its last use is in W_i+16, which overwrites it, so 16 variables hold the
 * whole schedule (fewer locals keep WebAssembly's baseline code in registers).
 */
const ring = (i: number): string => `w${i % 16}`;

/** The working variable playing role `k` (0 = a) in round `i`, when roles rotate instead of values. */
function role(names: readonly string[], k: number, i: number): string {
  return names[(k - (i % names.length) + names.length) % names.length]!;
}

const SHA1_IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const SHA1_K = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];

/** The 80 SHA-1 rounds (FIPS 180-4 section 6.1.2) of a block `h0..h4 || 0x80 || 0… || 160`. */
function sha1Rounds(): string[] {
  const w: Word[] = ['h0', 'h1', 'h2', 'h3', 'h4', 0x80000000 | 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 160];
  const names = ['a', 'b', 'c', 'd', 'e'];
  const out: string[] = [];
  for (let i = 0; i < 80; i++) {
    if (i >= 16) {
      // W_i = ROTL1(W_i-3 ^ W_i-8 ^ W_i-14 ^ W_i-16), constants folded.
      let c = 0;
      const vars: string[] = [];
      for (const t of [w[i - 3]!, w[i - 8]!, w[i - 14]!, w[i - 16]!]) {
        if (typeof t === 'number') c ^= t;
        else vars.push(t);
      }
      if (vars.length === 0) w.push(rotlInt(c, 1));
      else {
        if (c !== 0) vars.push(lit(c));
        out.push(`x = ${vars.join(' ^ ')};`, `${ring(i)} = (x << 1) | (x >>> 31);`);
        w.push(ring(i));
      }
    }
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((k) => role(names, k, i)) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const f =
      i < 20
        ? `(${d} ^ (${b} & (${c} ^ ${d})))`
        : i >= 40 && i < 60
          ? `((${b} & ${c}) | (${d} & (${b} | ${c})))`
          : `(${b} ^ ${c} ^ ${d})`;
    const k = SHA1_K[Math.floor(i / 20)]!;
    const wi = w[i]!;
    const kw = typeof wi === 'number' ? plusLit(k + wi) : `+ ${wi} ${plusLit(k)}`;
    // The terms known a round early first, ROTL5(a) (a is the value just computed) last: V8 adds left
    // to right, so this keeps one addition on the critical path instead of four.
    out.push(`${e} = (${e} ${kw} + ${f} + ${rotl(a, 5)}) | 0;`, `${b} = ${rotl(b, 30)};`);
  }
  return out;
}

const SHA256_IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

/** σ0 and σ1 of FIPS 180-4 section 4.1.2 (4.6, 4.7), as code and as constants. */
const smallSigma0 = (x: string): string => `(${rotr(x, 7)} ^ ${rotr(x, 18)} ^ (${x} >>> 3))`;
const smallSigma1 = (x: string): string => `(${rotr(x, 17)} ^ ${rotr(x, 19)} ^ (${x} >>> 10))`;
const smallSigma0Int = (x: number): number => (rotrInt(x, 7) ^ rotrInt(x, 18) ^ (x >>> 3)) | 0;
const smallSigma1Int = (x: number): number => (rotrInt(x, 17) ^ rotrInt(x, 19) ^ (x >>> 10)) | 0;

/** The 64 SHA-256 rounds (FIPS 180-4 section 6.2.2) of a block `h0..h7 || 0x80 || 0… || 256`. */
function sha256Rounds(): string[] {
  const w: Word[] = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 0x80000000 | 0, 0, 0, 0, 0, 0, 0, 256];
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const out: string[] = [];
  for (let i = 0; i < 64; i++) {
    if (i >= 16) {
      // W_i = σ1(W_i-2) + W_i-7 + σ0(W_i-15) + W_i-16, constants folded.
      // The sigmas go through `t` (free until the round starts) to keep lines short.
      const parts: string[] = [];
      let c = 0;
      const [w16, w15, w7, w2] = [w[i - 16]!, w[i - 15]!, w[i - 7]!, w[i - 2]!];
      if (typeof w15 === 'number') c += smallSigma0Int(w15);
      else {
        out.push(`t = ${smallSigma0(w15)};`);
        parts.push('t');
      }
      if (typeof w2 === 'number') c += smallSigma1Int(w2);
      else {
        out.push(parts.length === 0 ? `t = ${smallSigma1(w2)};` : `t = (t + ${smallSigma1(w2)}) | 0;`);
        if (parts.length === 0) parts.push('t');
      }
      if (typeof w16 === 'number') c += w16;
      else parts.push(w16);
      if (typeof w7 === 'number') c += w7;
      else parts.push(w7);
      c |= 0;
      if (parts.length === 0) w.push(c);
      else {
        out.push(`${ring(i)} = (${parts.join(' + ')}${c === 0 ? '' : ` ${plusLit(c)}`}) | 0;`);
        w.push(ring(i));
      }
    }
    // c only enters through Maj's b ^ c, carried over from the previous round.
    const [a, b, , d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => role(names, k, i)) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const wi = w[i]!;
    const kw = typeof wi === 'number' ? plusLit(SHA256_K[i]! + wi) : `+ ${wi} ${plusLit(SHA256_K[i]!)}`;
    // T1 = h + Σ1(e) + Ch(e, f, g) + K_i + W_i; d += T1; h = T1 + Σ0(a) + Maj(a, b, c); roles rotate.
    // h + K_i + W_i (known a round early) first, the terms of the new e last.
    out.push(
      `t = (${h} ${kw} + (${g} ^ (${e} & (${f} ^ ${g})))) | 0;`,
      `t = (t + (${rotr(e, 6)} ^ ${rotr(e, 11)} ^ ${rotr(e, 25)})) | 0;`,
      `${d} = (${d} + t) | 0;`,
      `${h} = (t + (${rotr(a, 2)} ^ ${rotr(a, 13)} ^ ${rotr(a, 22)})) | 0;`,
      // Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)); this round's b ^ c is the last round's a ^ b.
      `${i % 2 === 0 ? 'y' : 'z'} = ${a} ^ ${b};`,
      `${h} = (${h} + (${b} ^ (y & z))) | 0;`,
    );
  }
  return out;
}

/** The statements of one iteration: working variables from the IV, the rounds, h_i += the result. */
function iterationBody(iv: readonly number[], rounds: readonly string[]): string[] {
  const vars = 'abcdefgh'.slice(0, iv.length).split('');
  return [
    `let ${iv.length === 5 ? 'x' : 't'}: number;`,
    ...Array.from({ length: 16 }, (_, i) => `let w${i}: number;`),
    ...(iv.length === 8 ? ['let y: number;', `let z = ${lit(iv[1]! ^ iv[2]!)};`] : []),
    ...vars.map((v, i) => `let ${v} = ${lit(iv[i]!)};`),
    ...rounds,
    ...vars.map((v, i) => `h${i} = (${v} + ${lit(iv[i]!)}) | 0;`),
  ];
}

const SHA1_BODY = iterationBody(SHA1_IV, sha1Rounds());
const SHA256_BODY = iterationBody(SHA256_IV, sha256Rounds());

/** One exported function: state words in, `count` iterations, state words out. */
function iterateFunction(name: string, summary: string, words: number, body: readonly string[]): string {
  const lines = [
    `/** ${summary} */`,
    '// biome-ignore format: generated by scripts/iterated-hash-source.ts, one statement per line',
    `export function ${name}(state: Int32Array, count: number): void {`,
    ...Array.from({ length: words }, (_, i) => `  let h${i} = state[${i}]! | 0;`),
    '  for (let n = 0; n < count; n++) {',
    ...body.map((r) => `    ${r}`),
    '  }',
    ...Array.from({ length: words }, (_, i) => `  state[${i}] = h${i};`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** The source of src/keys/iterated-hash-rounds.ts (the JavaScript loops). */
export function renderIteratedHashSource(): string {
  return [
    '// GENERATED by scripts/iterated-hash-source.ts (`npm run generate:iterated-hash`): do not edit by hand.',
    '// SHA-1 and SHA-256 (FIPS 180-4) applied `count` times to a digest held as big-endian int32 words:',
    '// one padded block per iteration, rounds unrolled, the constant padding words folded in. The same',
    '// statements are compiled to WebAssembly in iterated-hash-wasm.ts; these run where it is unavailable.',
    '// Proven against Node hashing in test/keys/iterated-hash.test.ts.',
    '',
    iterateFunction(
      'sha1Iterate',
      '`state` (5 words) becomes SHA-1 applied `count` times to it.',
      5,
      SHA1_BODY,
    ),
    iterateFunction(
      'sha256Iterate',
      '`state` (8 words) becomes SHA-256 applied `count` times to it.',
      8,
      SHA256_BODY,
    ),
  ].join('\n');
}

/** The source of src/keys/iterated-hash-wasm.ts (the same loops as a WebAssembly module, base64). */
export function renderIteratedHashWasmSource(): string {
  const module = compileIterateModule([
    { export: 'sha1', words: 5, statements: SHA1_BODY },
    { export: 'sha256', words: 8, statements: SHA256_BODY },
  ]);
  const base64 = Buffer.from(module).toString('base64');
  const chunks = base64.match(/.{1,100}/g) ?? [];
  return [
    '// GENERATED by scripts/iterated-hash-source.ts (`npm run generate:iterated-hash`): do not edit by hand.',
    '// The statements of iterated-hash-rounds.ts compiled to WebAssembly (scripts/iterated-hash-wasm.ts):',
    '// exports `memory` (state words at byte 0, little-endian), `sha1(count)` and `sha256(count)`.',
    '',
    '/** The WebAssembly module, base64. */',
    'export const ITERATED_HASH_WASM = [',
    ...chunks.map((c) => `  '${c}',`),
    "].join('');",
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../src/keys/iterated-hash-rounds.ts', import.meta.url), renderIteratedHashSource());
  writeFileSync(
    new URL('../src/keys/iterated-hash-wasm.ts', import.meta.url),
    renderIteratedHashWasmSource(),
  );
  console.log('src/keys/iterated-hash-rounds.ts and src/keys/iterated-hash-wasm.ts written');
}
