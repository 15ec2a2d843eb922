import * as asn1js from 'asn1js';
import { isCertkitError } from '../../../src/errors/index.js';
import { readRoot, readTlv, type Tlv } from '../../../src/internal/der/index.js';

/**
 * The TLV tree of a DER object as certkit's reader sees it, and as asn1js (a BER decoder written by
 * others) sees it, and the comparison of the two: certkit may accept a structure only when asn1js
 * decodes the same tree, and may refuse one asn1js accepts only for a DER rule asn1js does not check
 * (and that asn1js's own tree shows is broken at that very place).
 */

/** One node: class, tag, form and where it is. */
export interface TreeNode {
  readonly cls: number;
  readonly tag: number;
  readonly constructed: boolean;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
  readonly children: readonly TreeNode[];
}

const MAX_DEPTH = 200;

function certkitNode(bytes: Uint8Array, tlv: Tlv, depth: number): TreeNode {
  const children: TreeNode[] = [];
  if (tlv.constructed) {
    if (depth > MAX_DEPTH) throw new Error('tree deeper than the walk allows');
    let pos = tlv.valueStart;
    while (pos < tlv.end) {
      const child = readTlv(bytes, pos, tlv.end);
      children.push(certkitNode(bytes, child, depth + 1));
      pos = child.end;
    }
  }
  const { cls, tag, constructed, start, valueStart, end } = tlv;
  return { cls, tag, constructed, start, valueStart, end, children };
}

/** certkit's tree of `bytes` (one TLV filling them); throws certkit's error when it refuses. */
export function certkitTree(bytes: Uint8Array): TreeNode {
  return certkitNode(bytes, readRoot(bytes), 0);
}

/** What asn1js made of the bytes. */
export type Asn1jsOutcome =
  | { readonly ok: true; readonly tree: TreeNode; readonly blocks: Map<number, asn1js.AsnType> }
  | { readonly ok: false; readonly reason: string; readonly threw: boolean };

type Block = asn1js.AsnType & {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean; blockLength: number };
  lenBlock: {
    isIndefiniteForm: boolean;
    longFormUsed: boolean;
    length: number;
    blockLength: number;
    warnings: string[];
  };
  valueBeforeDecodeView: Uint8Array;
  valueBlock: { value?: unknown };
};

function asn1jsNode(block: Block, base: number, blocks: Map<number, asn1js.AsnType>): TreeNode {
  const start = block.valueBeforeDecodeView.byteOffset - base;
  blocks.set(start, block);
  const valueStart = start + block.idBlock.blockLength + block.lenBlock.blockLength;
  const end = start + block.valueBeforeDecodeView.byteLength;
  const kids =
    block.idBlock.isConstructed && Array.isArray(block.valueBlock.value) ? block.valueBlock.value : [];
  const children = (kids as Block[])
    .filter(
      (k) => !(k.idBlock.tagClass === 1 && k.idBlock.tagNumber === 0 && block.lenBlock.isIndefiniteForm),
    )
    .map((k) => asn1jsNode(k, base, blocks));
  return {
    cls: block.idBlock.tagClass - 1,
    tag: block.idBlock.tagNumber,
    constructed: block.idBlock.isConstructed,
    start,
    valueStart,
    end,
    children,
  };
}

/** asn1js's tree of `bytes`, or why it could not decode them (`threw` when asn1js itself crashed). */
export function asn1jsTree(bytes: Uint8Array): Asn1jsOutcome {
  const view = Uint8Array.from(bytes);
  let r: ReturnType<typeof asn1js.fromBER>;
  try {
    r = asn1js.fromBER(view, { copyInput: false } as Parameters<typeof asn1js.fromBER>[1]);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e), threw: true };
  }
  if (r.offset === -1) return { ok: false, reason: r.result.error || 'error', threw: false };
  if (r.offset !== view.length) return { ok: false, reason: 'data after the first object', threw: false };
  const blocks = new Map<number, asn1js.AsnType>();
  try {
    return { ok: true, tree: asn1jsNode(r.result as Block, view.byteOffset, blocks), blocks };
  } catch (e) {
    return { ok: false, reason: `tree walk: ${e instanceof Error ? e.message : String(e)}`, threw: true };
  }
}

/** The first difference between two trees, or undefined when they are the same. */
export function treeDifference(a: TreeNode, b: TreeNode, path = 'root'): string | undefined {
  for (const k of ['cls', 'tag', 'constructed', 'start', 'valueStart', 'end'] as const) {
    if (a[k] !== b[k]) return `${path}.${k}: certkit ${String(a[k])}, asn1js ${String(b[k])}`;
  }
  if (a.children.length !== b.children.length) {
    return `${path}: certkit sees ${a.children.length} children, asn1js ${b.children.length}`;
  }
  for (let i = 0; i < a.children.length; i++) {
    const d = treeDifference(a.children[i]!, b.children[i]!, `${path}[${i}]`);
    if (d) return d;
  }
  return undefined;
}

/** asn1js refusals about a value's content or a type it reserves, not about the TLV structure. */
const ASN1JS_CONTENT_REFUSALS = [
  /^Wrong input string for conversion$/,
  /^BMPString value length must be a multiple of 2$/,
  /^Unused bits for BitString must be in range 0-7$/,
  /^Constructed encoding used for primitive type$/,
  /^UNIVERSAL 37 and upper tags are reserved by ASN.1 standard$/,
  /^Type \[UNIVERSAL 0\] is reserved$/,
  /^\[UNIVERSAL 15\] is reserved by ASN.1 standard$/,
  /may consists of (OCTET|BIT) STRINGs only$/,
  /^Using of "unused bits" inside constructive BIT STRING/,
];

/** The verdict of the TLV-tree differential for one input. */
export type TreeVerdict =
  | { readonly kind: 'same-tree' }
  | { readonly kind: 'both-refuse' }
  | { readonly kind: 'der-rule'; readonly rule: string }
  /** Both refuse; asn1js for a reason about a value's content, certkit for its structure. */
  | { readonly kind: 'oracle-content'; readonly reason: string }
  | { readonly kind: 'oracle-threw'; readonly reason: string }
  | { readonly kind: 'mismatch'; readonly reason: string };

/**
 * Why certkit may refuse what asn1js accepts: a DER rule asn1js (BER) does not check, or a leniency of
 * asn1js, each confirmed in asn1js's own tree at the place certkit names. Undefined when nothing
 * explains it (a mismatch to investigate).
 */
function explainRefusal(
  reason: string,
  offset: number,
  oracle: Asn1jsOutcome & { ok: true },
): string | undefined {
  const all = [...oracle.blocks.entries()] as [number, Block][];
  // The node whose header holds `offset` (the tag byte, or the first length byte).
  const node = all.find(
    ([start, b]) => offset >= start && offset < start + b.idBlock.blockLength + b.lenBlock.blockLength,
  )?.[1];
  if (node !== undefined) {
    const len = node.lenBlock;
    const lengthAt = node.valueBeforeDecodeView[node.idBlock.blockLength];
    // asn1js warns about both forms of a longer length than needed.
    if (/X\.690 10\.1/.test(reason) && /not minimal|leading zero/.test(reason)) {
      if (len.warnings.some((w) => /Needlessly long|Unnecessary usage of long/.test(w)))
        return 'X.690 10.1 minimal length';
    }
    if (/indefinite/.test(reason) && len.isIndefiniteForm) return 'X.690 10.1 definite length';
    if (/8\.1\.2/.test(reason) && node.idBlock.blockLength > 1) return 'X.690 8.1.2 tag form';
    if (/8\.1\.5/.test(reason) && node.idBlock.tagClass === 1 && node.idBlock.tagNumber === 0) {
      return 'X.690 8.1.5 end-of-contents outside an indefinite length';
    }
    if (
      /NULL with contents/.test(reason) &&
      node.idBlock.tagClass === 1 &&
      node.idBlock.tagNumber === 5 &&
      len.length > 0
    ) {
      return 'X.690 8.8.2 NULL without contents';
    }
    if (/X\.690 8\.9\.1, 8\.11\.1, 10\.2/.test(reason) && node.idBlock.tagClass === 1) {
      const constructedType = [8, 11, 16, 17, 29].includes(node.idBlock.tagNumber);
      if (constructedType !== node.idBlock.isConstructed)
        return 'X.690 8.9.1, 8.11.1, 10.2 form of a universal type';
    }
    if (/length too large/.test(reason) && lengthAt !== undefined && (lengthAt & 0x7f) > 4)
      return 'certkit limit: lengths of 5+ bytes';
    if (/tag number too large/.test(reason) && node.idBlock.blockLength > 5)
      return 'certkit limit: tag numbers of 5+ bytes';
  }
  // asn1js does not look inside a constructed string (which DER forbids, X.690 10.2).
  const inString = all.some(
    ([start, b]) =>
      b.idBlock.tagClass === 1 &&
      b.idBlock.isConstructed &&
      b.idBlock.tagNumber !== 16 &&
      b.idBlock.tagNumber !== 17 &&
      offset > start &&
      offset <= start + b.valueBeforeDecodeView.byteLength,
  );
  if (inString) return 'asn1js does not decode inside a constructed string';
  // asn1js lets a value run past the end its container declares (X.690 8.1.3): its "tree" is then
  // not a reading of the bytes at all.
  const overrun = all.some(
    ([, b]) =>
      !b.lenBlock.isIndefiniteForm &&
      b.idBlock.blockLength + b.lenBlock.blockLength + b.lenBlock.length !==
        b.valueBeforeDecodeView.byteLength,
  );
  if (overrun) return 'asn1js lets a value overrun its container';
  return undefined;
}

/**
 * The bytes with every universal node other than SEQUENCE and SET re-tagged context-specific (same
 * number and form), so asn1js reads only the TLV structure and does not interpret INTEGER, OID, time or
 * string contents. Only the class bits of tag bytes change; asn1js still finds every boundary itself.
 */
export function neutralise(bytes: Uint8Array, tree: TreeNode): Uint8Array {
  const out = Uint8Array.from(bytes);
  const walk = (n: TreeNode): void => {
    if (n.cls === 0 && !(n.constructed && (n.tag === 16 || n.tag === 17)))
      out[n.start] = (out[n.start]! & 0x3f) | 0x80;
    for (const c of n.children) walk(c);
  };
  walk(tree);
  return out;
}

function sameShape(a: TreeNode, b: TreeNode, path = 'root'): string | undefined {
  const cls = a.cls === 0 && !(a.constructed && (a.tag === 16 || a.tag === 17)) ? 2 : a.cls;
  return (
    treeDifference({ ...a, cls, children: [] }, { ...b, children: [] }, path) ??
    (a.children.length !== b.children.length
      ? `${path}: certkit sees ${a.children.length} children, asn1js ${b.children.length}`
      : a.children.map((c, i) => sameShape(c, b.children[i]!, `${path}[${i}]`)).find((d) => d !== undefined))
  );
}

/** Runs both decoders on `bytes` and judges the pair (see the module comment). */
export function compareTrees(bytes: Uint8Array): TreeVerdict {
  let mine: TreeNode | undefined;
  let refusal: { reason: string; offset: number } | undefined;
  try {
    mine = certkitTree(bytes);
  } catch (e) {
    if (!isCertkitError(e)) return { kind: 'mismatch', reason: `certkit threw a non-coded ${String(e)}` };
    refusal = { reason: String(e.details.reason ?? e.message), offset: Number(e.details.offset ?? -1) };
  }
  if (mine !== undefined) {
    // certkit accepts: asn1js must find the same boundaries, tags and forms.
    const theirs = asn1jsTree(neutralise(bytes, mine));
    if (!theirs.ok)
      return { kind: 'mismatch', reason: `certkit accepts, asn1js refuses the structure: ${theirs.reason}` };
    const d = sameShape(mine, theirs.tree);
    return d === undefined ? { kind: 'same-tree' } : { kind: 'mismatch', reason: d };
  }
  const theirs = asn1jsTree(bytes);
  if (!theirs.ok) {
    if (theirs.threw) return { kind: 'oracle-threw', reason: theirs.reason };
    return ASN1JS_CONTENT_REFUSALS.some((r) => r.test(theirs.reason))
      ? { kind: 'oracle-content', reason: theirs.reason }
      : { kind: 'both-refuse' };
  }
  const rule = explainRefusal(refusal!.reason, refusal!.offset, theirs);
  return rule === undefined
    ? {
        kind: 'mismatch',
        reason: `asn1js accepts, certkit refuses: ${refusal!.reason} at ${refusal!.offset}`,
      }
    : { kind: 'der-rule', rule };
}
