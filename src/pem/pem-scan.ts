/**
 * The fast paths of PEM decoding: no per-line strings, no per-line regular expressions.
 *
 * Both accept only the common shape (marker lines, bodies of base64 characters, `=` padding at the end,
 * line ends, any text between blocks) and answer `undefined` for anything else: RFC 1421 headers,
 * whitespace inside a body, a character outside the base64 alphabet, misplaced padding, a missing or
 * mismatched END line, an END line outside a block. The line-by-line decoder then reads the text and
 * says exactly what is wrong, so every path gives the same blocks and the same errors (a differential
 * property test holds them to it). Neither throws.
 *
 * - `checked`: one pass over the character codes of each body, validating the alphabet and the padding
 *   as the line-by-line decoder does.
 * - `layout`: for bodies in fixed-width lines (what every tool writes), checks only where the line ends
 *   fall and leaves the alphabet to Node's base64 decoder, which skips any character outside it: the
 *   caller compares the bytes decoded with `size` (computed as if every character were valid) and
 *   refuses a block that decodes shorter. That comparison catches any invalid character, because the
 *   decoded length is strictly increasing in the number of valid characters for every length the
 *   padding rules allow (not 1 modulo 4). The characters Node's decoder takes although they are not
 *   base64 are kept out beforehand: `-` cannot be in a body (the first `-` ends it), `_` is searched
 *   for, and code units above 0xFF (which the decoder truncates to a byte) send the text to `checked`.
 */

/** Read access to PEM text held as a string or as bytes (each byte one Latin-1 character). */
export interface PemSource {
  readonly length: number;
  /** Character code (or byte) at `i`; NaN or undefined past the end. */
  code(i: number): number;
  indexOf(s: string, from: number): number;
  /** The text between two offsets, as a string. */
  slice(from: number, to: number): string;
}

/** A string as a {@link PemSource}. */
export function stringSource(text: string): PemSource {
  return {
    length: text.length,
    code: (i) => text.charCodeAt(i),
    indexOf: (s, from) => text.indexOf(s, from),
    slice: (from, to) => text.slice(from, to),
  };
}

/** Bytes as a {@link PemSource}. */
export function bytesSource(bytes: Uint8Array): PemSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    length: buf.length,
    code: (i) => buf[i]!,
    // A one-character needle searches by byte value; longer ones are made into bytes once.
    indexOf: (s, from) => buf.indexOf(s.length === 1 ? s.charCodeAt(0) : needle(s), from),
    slice: (from, to) => buf.toString('latin1', from, to),
  };
}

const NEEDLES = new Map<string, Buffer>();

function needle(s: string): Buffer {
  let b = NEEDLES.get(s);
  if (b === undefined) {
    b = Buffer.from(s, 'latin1');
    NEEDLES.set(s, b);
  }
  return b;
}

/** Where one block's parts are in the text. */
export interface ScannedBlock {
  readonly label: string;
  /** 1-based line of the BEGIN line. */
  readonly line: number;
  /** 1-based line of the END line. */
  readonly endLine: number;
  /** Offsets of the body in the text (from the line after BEGIN to the start of the END line). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The number of bytes the body decodes to (when every character is valid, for `layout`). */
  readonly size: number;
}

const LF = 10;
const CR = 13;
const DASH = 45;
const EQUALS = 61;

/** 1 for the 64 characters of the base64 alphabet (RFC 4648 section 4), 0 for every other code below 128. */
const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  ALPHABET[c.charCodeAt(0)] = 1;

/** The label of a trimmed line that matches `^-----(BEGIN|END) ([^-]*)-----$`, or undefined. */
function markerLabel(trimmed: string, kind: 'BEGIN' | 'END'): string | undefined {
  const head = kind === 'BEGIN' ? '-----BEGIN ' : '-----END ';
  if (trimmed.length < head.length + 5 || !trimmed.startsWith(head) || !trimmed.endsWith('-----')) {
    return undefined;
  }
  const label = trimmed.slice(head.length, trimmed.length - 5);
  return label.includes('-') ? undefined : label;
}

/** Offset of the first line end (`\n` or `\r`) at or after `from`, or the length. */
function lineEnd(src: PemSource, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src.code(i);
    if (c === LF || c === CR) return i;
  }
  return src.length;
}

/** Offset just past the line end at `at` (`\r\n` counts as one). */
function skipLineEnd(src: PemSource, at: number): number {
  return src.code(at) === CR && src.code(at + 1) === LF ? at + 2 : at + 1;
}

/** Number of line ends (`\n`, `\r\n`, lone `\r`) in [from, to). */
function countLineEnds(src: PemSource, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = src.code(i);
    if (c === LF || (c === CR && src.code(i + 1) !== LF)) count++;
  }
  return count;
}

/** Offset of the first character of the line that holds `at`, no earlier than `floor` (a line start). */
function lineStart(src: PemSource, at: number, floor: number): number {
  for (let i = at - 1; i >= floor; i--) {
    const c = src.code(i);
    if (c === LF || c === CR) return i + 1;
  }
  return floor;
}

/** The body scan's result: where the END line starts, its line number, and the decoded size. */
interface BodyScan {
  readonly endLineStart: number;
  readonly endLineNumber: number;
  readonly size: number;
}

/** Bytes that `count` base64 characters, `padded` of them `=`, decode to; -1 for a length base64 cannot have. */
function decodedSize(count: number, padded: number): number {
  if (count % 4 === 1 || (padded > 0 && count % 4 !== 0)) return -1;
  return Math.floor(((count - padded) * 3) / 4);
}

/**
 * `checked`: validates a body from `from` to the END line as `findBadBase64Line` does (alphabet, at
 * most two `=` and nothing after them, a length base64 can have).
 */
function scanCheckedBody(src: PemSource, from: number, line: number): BodyScan | undefined {
  let count = 0;
  let padded = 0;
  let i = from;
  let atLineStart = true;
  while (i < src.length) {
    const c = src.code(i);
    if (c < 128 && ALPHABET[c] === 1) {
      if (padded > 0) return undefined;
      count++;
      atLineStart = false;
      i++;
    } else if (c === LF || c === CR) {
      line++;
      i = c === CR && src.code(i + 1) === LF ? i + 2 : i + 1;
      atLineStart = true;
    } else if (c === EQUALS) {
      if (++padded > 2) return undefined;
      count++;
      atLineStart = false;
      i++;
    } else if (c === DASH && atLineStart) {
      const size = decodedSize(count, padded);
      return size < 0 ? undefined : { endLineStart: i, endLineNumber: line, size };
    } else {
      return undefined;
    }
  }
  return undefined; // no END line: the text was cut short
}

/** State of the `layout` scan across blocks: where the next `_` is (amortised, one pass over the text). */
interface LayoutState {
  underscore: number;
}

/**
 * `layout`: a body of lines of one width (the first line's), each ended by the same `\n` or `\r\n`,
 * the last one possibly shorter. Checks where the line ends fall and counts the characters; the
 * caller's decode checks the alphabet (see the file comment).
 */
function scanLayoutBody(
  src: PemSource,
  from: number,
  line: number,
  state: LayoutState,
): BodyScan | undefined {
  const dash = src.indexOf('-', from);
  if (dash < 0) return undefined;
  if (state.underscore >= 0 && state.underscore < from) state.underscore = src.indexOf('_', from);
  if (state.underscore >= 0 && state.underscore < dash) return undefined;
  if (dash === from) return { endLineStart: dash, endLineNumber: line, size: 0 };
  if (src.code(dash - 1) !== LF) return undefined;
  const crlf = dash - 2 >= from && src.code(dash - 2) === CR;
  const eol = crlf ? 2 : 1;
  const width = src.indexOf('\n', from) - from - (eol - 1);
  if (width < 1) return undefined;
  let pos = from;
  let lines = 0;
  while (pos < dash) {
    const end = Math.min(pos + width, dash - eol);
    if (end < pos) return undefined;
    if (src.code(end + eol - 1) !== LF || (crlf && src.code(end) !== CR)) return undefined;
    lines++;
    pos = end + eol;
  }
  const count = dash - from - lines * eol;
  let padded = 0;
  const last = dash - eol - 1;
  while (padded < 3 && last - padded >= from && src.code(last - padded) === EQUALS) padded++;
  if (padded > 2) return undefined;
  const size = decodedSize(count, padded);
  return size < 0 ? undefined : { endLineStart: dash, endLineNumber: line + lines, size };
}

/**
 * Finds every PEM block in the common shape, or returns `undefined` when the text needs another path
 * (see the file comment). `layout` blocks still need their decoded length compared with `size`.
 */
export function scanPem(src: PemSource, mode: 'checked' | 'layout'): ScannedBlock[] | undefined {
  const blocks: ScannedBlock[] = [];
  const state: LayoutState = { underscore: mode === 'layout' ? src.indexOf('_', 0) : -1 };
  let pos = 0; // where scanning resumes: the start of a line
  let line = 1; // the line number at `pos`
  for (;;) {
    const mark = src.indexOf('-----', pos);
    if (mark < 0) return blocks;
    const start = lineStart(src, mark, pos);
    const end = lineEnd(src, mark);
    line += countLineEnds(src, pos, start);
    const trimmed = src.slice(start, end).trim();
    const label = markerLabel(trimmed, 'BEGIN');
    if (label === undefined) {
      if (markerLabel(trimmed, 'END') !== undefined) return undefined; // an END line without a BEGIN line
      if (end >= src.length) return blocks;
      pos = skipLineEnd(src, end);
      line++;
      continue;
    }
    if (end >= src.length) return undefined; // BEGIN on the last line: the text was cut short
    const bodyStart = skipLineEnd(src, end);
    const body =
      mode === 'checked'
        ? scanCheckedBody(src, bodyStart, line + 1)
        : scanLayoutBody(src, bodyStart, line + 1, state);
    if (body === undefined) return undefined;
    const closeEnd = lineEnd(src, body.endLineStart);
    if (markerLabel(src.slice(body.endLineStart, closeEnd).trim(), 'END') !== label) return undefined;
    blocks.push({
      label,
      line,
      endLine: body.endLineNumber,
      bodyStart,
      bodyEnd: body.endLineStart,
      size: body.size,
    });
    line = body.endLineNumber;
    if (closeEnd >= src.length) return blocks;
    pos = skipLineEnd(src, closeEnd);
    line++;
  }
}
