import fc from 'fast-check';
import { readRoot, readTlv, type Tlv } from '../../../src/internal/der/index.js';

/**
 * Structure-aware mutations of real DER: the seed is read into a tree, one or two nodes are changed
 * (a length written longer than needed, an indefinite length, a tag in the long form, an INTEGER with
 * a redundant byte, a BOOLEAN 0x01, a broken string or time, an explicit DEFAULT, a dropped or
 * duplicated child, random content) and the tree is written back with every enclosing length fixed,
 * so each input breaks exactly the rule the mutation names and is otherwise well formed. Plus random
 * trees built from nothing and plain byte-level damage.
 */

/** A node of an editable tree. */
export interface EditNode {
  tag: Uint8Array;
  constructed: boolean;
  content: Uint8Array;
  children: EditNode[];
  /** How to write the length: shortest, long form with `pad` leading zero bytes / when < 128, or indefinite. */
  lengthForm: 'der' | 'long' | 'indefinite';
  pad: number;
  /** Write `content` as it is (a constructed node too deep to edit). */
  raw?: boolean;
}

function tagLength(bytes: Uint8Array, start: number): number {
  if ((bytes[start]! & 0x1f) !== 0x1f) return 1;
  let i = start + 1;
  while (bytes[i]! & 0x80) i++;
  return i - start + 1;
}

function toEdit(bytes: Uint8Array, tlv: Tlv, depth: number): EditNode {
  const node: EditNode = {
    tag: bytes.slice(tlv.start, tlv.start + tagLength(bytes, tlv.start)),
    constructed: tlv.constructed,
    content: bytes.subarray(tlv.valueStart, tlv.end),
    children: [],
    lengthForm: 'der',
    pad: 0,
  };
  if (tlv.constructed && depth < 40) {
    let pos = tlv.valueStart;
    while (pos < tlv.end) {
      const c = readTlv(bytes, pos, tlv.end);
      node.children.push(toEdit(bytes, c, depth + 1));
      pos = c.end;
    }
  } else if (tlv.constructed) {
    node.raw = true; // too deep to edit: keep the bytes as they are
  }
  return node;
}

/** The editable tree of a DER object, or undefined when certkit cannot read it. */
export function editTree(bytes: Uint8Array): EditNode | undefined {
  try {
    return toEdit(bytes, readRoot(bytes), 0);
  } catch {
    return undefined;
  }
}

function lengthBytes(n: number, form: EditNode['lengthForm'], pad: number): number[] {
  if (form === 'indefinite') return [0x80];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  if (form === 'der' && n < 0x80) return [n];
  for (let i = 0; i < pad; i++) out.unshift(0);
  if (out.length === 0) out.push(0);
  return [0x80 | out.length, ...out];
}

/** Writes the tree back; constructed nodes get their length from their children. */
export function encodeTree(node: EditNode): Uint8Array {
  const parts: Uint8Array[] = [];
  const walk = (n: EditNode): void => {
    const body = n.constructed && n.raw !== true ? concat(n.children.map(encodeTree)) : n.content;
    const indefinite = n.lengthForm === 'indefinite' && n.constructed;
    parts.push(
      n.tag,
      Uint8Array.from(
        lengthBytes(
          body.length,
          indefinite ? 'indefinite' : n.lengthForm === 'indefinite' ? 'der' : n.lengthForm,
          n.pad,
        ),
      ),
      body,
    );
    if (indefinite) parts.push(Uint8Array.of(0, 0));
  };
  walk(node);
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function allNodes(root: EditNode): EditNode[] {
  const out: EditNode[] = [];
  const walk = (n: EditNode) => {
    out.push(n);
    for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}

const isUniversal = (n: EditNode, tag: number) => n.tag.length === 1 && n.tag[0]! === tag;
const STRING_TAGS = [0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e];
const enc = (s: string) => new TextEncoder().encode(s);

/** The kinds of structural mutation. */
export const MUTATIONS = [
  'length-long-form',
  'length-leading-zero',
  'indefinite-length',
  'tag-long-form',
  'integer-redundant-byte',
  'integer-empty',
  'boolean-value',
  'string-content',
  'time-format',
  'bit-string-unused',
  'explicit-default',
  'drop-child',
  'duplicate-child',
  'swap-children',
  'retag',
  'random-content',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

/** Applies one mutation of `kind` to a node chosen by `pick`; returns false when no node fits. */
function mutate(root: EditNode, kind: MutationKind, pick: number, value: number): boolean {
  const nodes = allNodes(root);
  const choose = (f: (n: EditNode) => boolean): EditNode | undefined => {
    const fit = nodes.filter(f);
    return fit.length === 0 ? undefined : fit[pick % fit.length];
  };
  switch (kind) {
    case 'length-long-form':
    case 'length-leading-zero': {
      const n = choose(() => true)!;
      n.lengthForm = 'long';
      n.pad = kind === 'length-leading-zero' ? 1 + (value % 2) : 0;
      return true;
    }
    case 'indefinite-length': {
      const n = choose((x) => x.constructed);
      if (!n) return false;
      n.lengthForm = 'indefinite';
      return true;
    }
    case 'tag-long-form': {
      const n = choose((x) => x.tag.length === 1);
      if (!n) return false;
      n.tag = Uint8Array.of(n.tag[0]! | 0x1f, n.tag[0]! & 0x1f);
      return true;
    }
    case 'integer-redundant-byte': {
      const n = choose((x) => isUniversal(x, 0x02) || isUniversal(x, 0x0a));
      if (!n) return false;
      const first = n.content[0] ?? 0;
      n.content = Uint8Array.of(first & 0x80 ? 0xff : 0x00, ...n.content);
      return true;
    }
    case 'integer-empty': {
      const n = choose((x) => isUniversal(x, 0x02));
      if (!n) return false;
      n.content = new Uint8Array(0);
      return true;
    }
    case 'boolean-value': {
      const n = choose((x) => isUniversal(x, 0x01));
      if (!n) return false;
      n.content = value % 5 === 0 ? Uint8Array.of(0xff, 0xff) : Uint8Array.of(1 + (value % 254));
      return true;
    }
    case 'string-content': {
      const n = choose((x) => x.tag.length === 1 && STRING_TAGS.includes(x.tag[0]!));
      if (!n) return false;
      const variants = [
        enc('*.example.com'),
        enc('a@b&c_d'),
        Uint8Array.of(0x61, 0xc3, 0x28),
        Uint8Array.of(0xc0, 0xaf),
        Uint8Array.of(0xed, 0xa0, 0x80),
        Uint8Array.of(0x61, 0xe9),
        Uint8Array.of(0x00, 0x41, 0x00),
        Uint8Array.of(0xd8, 0x00),
        Uint8Array.of(0xef, 0xbb, 0xbf, 0x41),
        Uint8Array.of(0x00, 0x11, 0x00, 0x00),
        enc('Ünïcödé'),
      ];
      n.content = variants[value % variants.length]!;
      return true;
    }
    case 'time-format': {
      const n = choose((x) => isUniversal(x, 0x17) || isUniversal(x, 0x18));
      if (!n) return false;
      const utc = isUniversal(n, 0x17);
      const variants = utc
        ? [
            '2001010000Z',
            '200101000000+0100',
            '200101000000',
            '200230000000Z',
            '200101000000.5Z',
            '991231235959Z',
            '491231235959Z',
            '200101000060Z',
          ]
        : [
            '20200101000000.123Z',
            '202001010000Z',
            '20200101000000',
            '20200101000000+0000',
            '20491231235959Z',
            '20500101000000Z',
            '99991231235959Z',
          ];
      n.content = enc(variants[value % variants.length]!);
      return true;
    }
    case 'bit-string-unused': {
      const n = choose((x) => isUniversal(x, 0x03) && x.content.length > 0);
      if (!n) return false;
      n.content = Uint8Array.of(value % 9, ...n.content.subarray(1));
      return true;
    }
    case 'explicit-default': {
      const n = choose((x) => isUniversal(x, 0x30) && x.children.length > 0);
      if (!n) return false;
      const at = value % (n.children.length + 1);
      n.children.splice(at, 0, {
        tag: Uint8Array.of(0x01),
        constructed: false,
        content: Uint8Array.of(0),
        children: [],
        lengthForm: 'der',
        pad: 0,
      });
      return true;
    }
    case 'drop-child':
    case 'duplicate-child':
    case 'swap-children': {
      const n = choose((x) => x.children.length > (kind === 'swap-children' ? 1 : 0));
      if (!n) return false;
      const i = value % n.children.length;
      if (kind === 'drop-child') n.children.splice(i, 1);
      else if (kind === 'duplicate-child') n.children.splice(i, 0, n.children[i]!);
      else {
        const j = (i + 1) % n.children.length;
        [n.children[i], n.children[j]] = [n.children[j]!, n.children[i]!];
      }
      return true;
    }
    case 'retag': {
      const n = choose(() => true)!;
      const keepForm = n.tag[0]! & 0x20;
      n.tag = Uint8Array.of((value & 0xdf) | keepForm);
      if ((value & 0x1f) === 0x1f) n.tag = Uint8Array.of(n.tag[0]!, 31 + (value % 90));
      return true;
    }
    case 'random-content': {
      const n = choose((x) => !x.constructed);
      if (!n) return false;
      const len = value % 24;
      n.content = Uint8Array.from({ length: len }, (_, i) => (value * 31 + i * 97) & 0xff);
      return true;
    }
  }
}

/** A structural mutation of one of `seeds`, with the kinds applied (for statistics and reproducers). */
export function structuralMutation(
  seeds: readonly Uint8Array[],
): fc.Arbitrary<{ bytes: Uint8Array; kinds: MutationKind[] }> {
  return fc
    .tuple(
      fc.nat(),
      fc.array(fc.tuple(fc.constantFrom(...MUTATIONS), fc.nat(), fc.nat({ max: 1_000_000 })), {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([s, edits]) => {
      const seed = seeds[s % seeds.length]!;
      const tree = editTree(seed);
      if (!tree) return { bytes: seed, kinds: [] };
      const kinds: MutationKind[] = [];
      for (const [kind, pick, value] of edits) if (mutate(tree, kind, pick, value)) kinds.push(kind);
      return { bytes: encodeTree(tree), kinds };
    });
}

/** Byte-level damage: bytes changed, a cut, a tail, a slice repeated. */
export function byteMutation(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fc.option(fc.nat()),
      fc.uint8Array({ maxLength: 6 }),
    )
    .map(([s, edits, cut, tail]) => {
      const b = Uint8Array.from(seeds[s % seeds.length]!);
      for (const [i, v] of edits) b[i % b.length] = v;
      const body = cut === null ? b : b.subarray(0, cut % (b.length + 1));
      return Uint8Array.from([...body, ...tail]);
    });
}

/** Random TLV trees from nothing: tags asn1js does not interpret, every length form, nesting. */
export function randomTree(): fc.Arbitrary<Uint8Array> {
  const tagByte = fc.oneof(
    fc.constantFrom(0x30, 0x31, 0x04),
    fc.integer({ min: 0, max: 30 }).chain((t) => fc.constantFrom(0x80 | t, 0x40 | t, 0xc0 | t)),
  );
  const form = fc.constantFrom<EditNode['lengthForm']>('der', 'der', 'der', 'der', 'long', 'indefinite');
  const leaf: fc.Arbitrary<EditNode> = fc
    .tuple(tagByte, fc.uint8Array({ maxLength: 140 }), form, fc.nat({ max: 2 }), fc.boolean())
    .map(([t, content, lengthForm, pad, high]) => ({
      // Universal leaves stay OCTET STRINGs: asn1js interprets the content of the other universal types.
      tag:
        (t & 0xc0) === 0
          ? Uint8Array.of(0x04)
          : high
            ? Uint8Array.of((t & 0xc0) | 0x1f, 31 + (content.length % 60))
            : Uint8Array.of(t & ~0x20),
      constructed: false,
      content,
      children: [],
      lengthForm: lengthForm === 'indefinite' ? 'der' : lengthForm,
      pad,
    }));
  const { tree } = fc.letrec<{ tree: EditNode; node: EditNode }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tree')),
    tree: fc
      .tuple(tagByte, fc.array(tie('node'), { maxLength: 4 }), form, fc.nat({ max: 2 }))
      .map(([t, children, lengthForm, pad]) => ({
        tag: Uint8Array.of(t === 0x04 ? 0x30 : t | 0x20),
        constructed: true,
        content: new Uint8Array(0),
        children,
        lengthForm,
        pad,
      })),
  }));
  return tree.map(encodeTree);
}
