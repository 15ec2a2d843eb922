/**
 * `H^n(x)` for a digest-sized `x`: the inner loop of the PKCS#12 KDF (RFC 7292 appendix B.2) and
 * PBKDF1, which hash their own 20- or 32-byte output thousands of times. Each step is a single padded
 * block, so SHA-1 / SHA-256 written out for that block (rounds unrolled, the constant padding folded
 * in: scripts/iterated-hash-source.ts generates both forms) runs it 10-20 times faster than a Node
 * hash object or `crypto.hash` per iteration, whose per-call overhead (1-2 µs) dominates.
 *
 * The loop runs as WebAssembly where the runtime has it: compiled code from the first iteration, where
 * a JavaScript function this large is interpreted for a few thousand iterations before V8 optimizes it
 * (which made the first PKCS#12 read of a process slower than the old compact loop). The same
 * statements as JavaScript (iterated-hash-rounds.ts) run where WebAssembly is unavailable
 * (`node --jitless`). Both are proven against Node's createHash in test/keys/iterated-hash.test.ts.
 */
import { sha1Iterate, sha256Iterate } from './iterated-hash-rounds.js';
import { ITERATED_HASH_WASM } from './iterated-hash-wasm.js';

/** What the module exports (see scripts/iterated-hash-wasm.ts). */
interface IterateExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly sha1: (count: number) => void;
  readonly sha256: (count: number) => void;
}

/** The part of the WebAssembly global used here (Node's types do not declare it). */
interface WasmGlobal {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/**
 * Iterations per call into WebAssembly: V8 first runs the module's baseline code and swaps in optimized
 * code between calls, so a long derivation is cut into calls short enough to pick it up early.
 */
const WASM_CHUNK = 256;

let wasm: IterateExports | null | undefined;

/** The instantiated module, compiled on first use; `null` where WebAssembly is unavailable. */
function wasmLoop(): IterateExports | null {
  if (wasm !== undefined) return wasm;
  const api = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  try {
    if (api === undefined) throw new Error('no WebAssembly');
    const module = new api.Module(Buffer.from(ITERATED_HASH_WASM, 'base64'));
    wasm = new api.Instance(module, {}).exports as IterateExports;
  } catch {
    wasm = null;
  }
  return wasm;
}

/** Which implementation `iterateDigest` runs here: `wasm`, or `js` where WebAssembly is unavailable. */
export function iteratedHashEngine(): 'wasm' | 'js' {
  return wasmLoop() === null ? 'js' : 'wasm';
}

/** `H^count` of the words through WebAssembly memory (state little-endian at byte 0, zeroed after). */
function iterateInWasm(
  loop: IterateExports,
  hash: 'sha1' | 'sha256',
  state: Int32Array,
  count: number,
): void {
  const view = new DataView(loop.memory.buffer, 0, state.length * 4);
  for (let i = 0; i < state.length; i++) view.setInt32(4 * i, state[i]!, true);
  const run = hash === 'sha1' ? loop.sha1 : loop.sha256;
  for (let left = count; left > 0; left -= WASM_CHUNK) run(Math.min(WASM_CHUNK, left));
  for (let i = 0; i < state.length; i++) state[i] = view.getInt32(4 * i, true);
  for (let i = 0; i < state.length; i++) view.setInt32(4 * i, 0);
}

/**
 * Applies `hash` `count` more times to the digest `x` (`H^count(x)`) and returns a new buffer. Fast path
 * for SHA-1 and SHA-256; `undefined` for other hashes or an `x` that is not exactly one digest long, so
 * the caller falls back to Node's hashing. `engine` forces one implementation (tests prove both).
 */
export function iterateDigest(
  hash: string,
  x: Uint8Array,
  count: number,
  engine: 'auto' | 'js' = 'auto',
): Buffer | undefined {
  const words = hash === 'sha1' ? 5 : hash === 'sha256' ? 8 : 0;
  if (words === 0 || x.length !== words * 4) return undefined;
  const state = new Int32Array(words);
  for (let i = 0; i < words; i++)
    state[i] = (x[4 * i]! << 24) | (x[4 * i + 1]! << 16) | (x[4 * i + 2]! << 8) | x[4 * i + 3]!;
  const loop = engine === 'auto' ? wasmLoop() : null;
  if (loop !== null) iterateInWasm(loop, words === 5 ? 'sha1' : 'sha256', state, count);
  else if (words === 5) sha1Iterate(state, count);
  else sha256Iterate(state, count);
  const out = Buffer.alloc(words * 4);
  for (let i = 0; i < words; i++) out.writeInt32BE(state[i]!, 4 * i);
  state.fill(0);
  return out;
}
