/**
 * Compiles the straight-line int32 statements that scripts/iterated-hash-source.ts generates for the
 * iterated SHA-1 / SHA-256 loops into a WebAssembly module (the binary format of the WebAssembly core
 * specification, section 5). The same statements become the JavaScript fallback, so both are one
 * algorithm. The grammar is only what the generator writes:
 *
 *   statement := ('const' | 'let')? name '=' expr ';'  |  'let' name ': number;'
 *   expr      := int32 arithmetic with + - ^ & | << >>> ( ), names, integer literals; `x | 0` is x;
 *                `(x << n) | (x >>> 32-n)` is a rotation.
 *
 * The module exports `memory` (the state words at byte 0, little-endian) and one function per hash,
 * `(count: i32) => void`, which applies the hash `count` times to the state in memory.
 */

type Expr =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr };

const PRECEDENCE: Readonly<Record<string, number>> = {
  '|': 1,
  '^': 2,
  '&': 3,
  '<<': 4,
  '>>>': 4,
  '+': 5,
  '-': 5,
};

function tokenize(src: string): string[] {
  const tokens = src.match(/0x[0-9a-f]+|\d+|[a-z_][a-z0-9_]*|>>>|<<|[-+^&|()]/gi) ?? [];
  if (tokens.join('') !== src.replace(/\s+/g, '')) throw new Error(`cannot compile expression: ${src}`);
  return tokens;
}

/** A precedence-climbing parser for the expressions the generator writes. */
function parse(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const primary = (): Expr => {
    const tok = tokens[pos++];
    if (tok === '(') {
      const inner = binary(0);
      if (tokens[pos++] !== ')') throw new Error(`missing ) in ${src}`);
      return inner;
    }
    if (tok === '-') {
      const operand = primary();
      if (operand.kind !== 'const') throw new Error(`unary minus on a non-constant in ${src}`);
      return { kind: 'const', value: -operand.value | 0 };
    }
    if (tok !== undefined && /^(0x[0-9a-f]+|\d+)$/i.test(tok))
      return { kind: 'const', value: Number(tok) | 0 };
    if (tok !== undefined && /^[a-z_]/i.test(tok)) return { kind: 'name', name: tok };
    throw new Error(`unexpected ${tok} in ${src}`);
  };
  const binary = (min: number): Expr => {
    let left = primary();
    for (;;) {
      const op = tokens[pos];
      const prec = op === undefined ? undefined : PRECEDENCE[op];
      if (op === undefined || prec === undefined || prec <= min) return left;
      pos++;
      left = { kind: 'binary', op, left, right: binary(prec) };
    }
  };
  const out = binary(0);
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${src}`);
  return out;
}

const OPCODE: Readonly<Record<string, number>> = {
  '+': 0x6a,
  '-': 0x6b,
  '&': 0x71,
  '|': 0x72,
  '^': 0x73,
  '<<': 0x74,
  '>>>': 0x76,
};

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** `(x << n) | (x >>> 32 - n)` (or the mirror): the rotated name and the left-rotation count. */
function rotation(e: Expr): { x: Expr; left: number } | undefined {
  if (e.kind !== 'binary' || e.op !== '|') return undefined;
  const [l, r] = [e.left, e.right];
  if (l.kind !== 'binary' || r.kind !== 'binary' || l.left.kind !== 'name' || r.left.kind !== 'name') return;
  if (l.left.name !== r.left.name || l.right.kind !== 'const' || r.right.kind !== 'const') return;
  if (l.right.value + r.right.value !== 32) return;
  if (l.op === '<<' && r.op === '>>>') return { x: l.left, left: l.right.value };
  if (l.op === '>>>' && r.op === '<<') return { x: l.left, left: r.right.value };
  return undefined;
}

/** A function body under construction: its locals by name and its code. */
class FunctionBuilder {
  readonly locals = new Map<string, number>();
  readonly code: number[] = [];

  constructor(readonly params: readonly string[]) {
    for (const [i, p] of params.entries()) this.locals.set(p, i);
  }

  local(name: string): number {
    let index = this.locals.get(name);
    if (index === undefined) {
      index = this.locals.size;
      this.locals.set(name, index);
    }
    return index;
  }

  expr(e: Expr): void {
    if (e.kind === 'const') this.code.push(0x41, ...sleb(e.value));
    else if (e.kind === 'name') {
      if (!this.locals.has(e.name)) throw new Error(`${e.name} read before it is set`);
      this.code.push(0x20, ...uleb(this.local(e.name)));
    } else if (e.op === '|' && e.right.kind === 'const' && e.right.value === 0) this.expr(e.left);
    else {
      const rot = rotation(e);
      if (rot !== undefined) {
        this.expr(rot.x);
        this.code.push(0x41, ...sleb(rot.left), 0x77); // i32.rotl
        return;
      }
      this.expr(e.left);
      this.expr(e.right);
      this.code.push(OPCODE[e.op]!);
    }
  }

  /** One generated statement. */
  statement(line: string): void {
    const s = line.trim();
    if (/^let [a-z_][a-z0-9_]*: number;$/i.test(s)) return;
    const m = /^(?:const |let )?([a-z_][a-z0-9_]*) = (.+);$/i.exec(s);
    if (m === null) throw new Error(`cannot compile statement: ${s}`);
    this.expr(parse(m[2]!));
    this.code.push(0x21, ...uleb(this.local(m[1]!)));
  }

  /** The function's code entry: its locals past the parameters (all i32), its body, `end`. */
  encode(): number[] {
    const extra = this.locals.size - this.params.length;
    const body = [...uleb(1), ...uleb(extra), 0x7f, ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** Statements of one iteration, with the names of the state words (`h0`…) kept across iterations. */
export interface IterateBody {
  readonly export: string;
  readonly words: number;
  readonly statements: readonly string[];
}

/**
 * `(count) => { load h0..; while (count) { statements; count-- } store h0.. }` over memory at byte 0.
 * The statements set h0.. at their end, as the JavaScript loop body does.
 */
function iterateFunction(body: IterateBody): number[] {
  const f = new FunctionBuilder(['count']);
  for (let i = 0; i < body.words; i++) {
    f.code.push(0x41, 0, 0x28, 2, ...uleb(4 * i), 0x21, ...uleb(f.local(`h${i}`))); // h_i = load(4i)
  }
  f.code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  f.code.push(0x20, 0, 0x45, 0x0d, 1); // if count == 0: break
  for (const s of body.statements) f.statement(s);
  f.code.push(0x20, 0, 0x41, 1, 0x6b, 0x21, 0, 0x0c, 0, 0x0b, 0x0b); // count--, continue; end, end
  for (let i = 0; i < body.words; i++) {
    f.code.push(0x41, 0, 0x20, ...uleb(f.local(`h${i}`)), 0x36, 2, ...uleb(4 * i)); // store(4i, h_i)
  }
  return f.encode();
}

function section(id: number, items: readonly number[][]): number[] {
  const content = [...uleb(items.length), ...items.flat()];
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Buffer.from(s, 'utf8')];
}

/** The module: one memory page, one `(i32) => ()` function per body. */
export function compileIterateModule(bodies: readonly IterateBody[]): Uint8Array {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [[0x60, 1, 0x7f, 0]]),
    ...section(
      3,
      bodies.map(() => [0]),
    ),
    ...section(5, [[0x00, 1]]),
    ...section(7, [
      [...name('memory'), 0x02, 0],
      ...bodies.map((b, i) => [...name(b.export), 0x00, ...uleb(i)]),
    ]),
    ...section(10, bodies.map(iterateFunction)),
  ];
  return Uint8Array.from(bytes);
}
