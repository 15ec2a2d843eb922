import { PemError } from '../errors/area-errors.js';
import { findBadBase64Line } from './base64.js';
import { checkBlockComplete, checkBlockContent } from './block-content.js';
import { checkInputSize, emptyInput, type InputLimitOptions } from './input-limits.js';
import type { PemBlock } from './pem-block.js';
import { type PemSource, type ScannedBlock, scanPem, stringSource } from './pem-scan.js';

/** Options for {@link decodePem}. */
export interface PemDecodeOptions extends InputLimitOptions {
  /**
   * Check that each block holds the DER structure its label names (a certificate under
   * `CERTIFICATE`, a key under `PRIVATE KEY`, …). Default `true`.
   */
  readonly checkContent?: boolean;
}

const BEGIN = /^-----BEGIN ([^-]*)-----$/;
const END = /^-----END ([^-]*)-----$/;

/**
 * Decodes every PEM block in a text, with its label, RFC 1421 headers and line numbers. Text before,
 * between and after blocks is ignored (for example `openssl x509 -text` output); CRLF, blank lines and
 * surrounding whitespace are accepted. Linear in the text: the common shape is read without a string per
 * line (src/pem/pem-scan.ts), anything else line by line, with the same result either way.
 *
 * @throws InputError `ERR_INPUT_EMPTY`, `ERR_INPUT_TOO_LARGE`
 * @throws PemError `ERR_PEM_NO_BLOCK`, `ERR_PEM_TRUNCATED`, `ERR_PEM_LABEL_MISMATCH`, `ERR_PEM_BAD_BASE64`,
 *   `ERR_PEM_BAD_HEADER`, `ERR_PEM_CONTENT_MISMATCH`; each names the line in `details.line`.
 * @throws DerError `ERR_DER_TRUNCATED` when a block's base64 is clean but the DER object it holds is cut
 *   short (`expected` and `found` bytes, `line`).
 * @example
 * ```ts
 * import { decodePem } from 'certkit/pem';
 * for (const block of decodePem(text)) console.log(block.label, block.line, block.bytes.length);
 * ```
 * @see RFC 7468, RFC 1421 section 4.4
 */
export function decodePem(text: string, options: PemDecodeOptions = {}): PemBlock[] {
  if (typeof text !== 'string') throw new TypeError('decodePem expects a string');
  checkInputSize(text.length, options);
  if (text.trim() === '') emptyInput();
  const blocks = decodeFast(stringSource(text), !WIDE_CHAR.test(text));
  if (blocks === undefined) return decodePemLines(text, options);
  checkBlocks(blocks, options);
  return blocks;
}

/** A UTF-16 code unit above 0xFF: Node's base64 decoder would read only its low byte. */
const WIDE_CHAR = /[\u0100-\uffff]/;

/**
 * The fast paths (src/pem/pem-scan.ts) in turn: `layout`, then `checked`; undefined when the text needs
 * the line-by-line decoder. `layout` is taken only when `layoutSafe` (no code unit above 0xFF).
 */
export function decodeFast(src: PemSource, layoutSafe: boolean): PemBlock[] | undefined {
  if (layoutSafe) {
    const scanned = scanPem(src, 'layout');
    const blocks = scanned === undefined ? undefined : materialise(src, scanned);
    if (blocks !== undefined) return blocks;
  }
  const scanned = scanPem(src, 'checked');
  return scanned === undefined ? undefined : materialise(src, scanned);
}

/** The per-block checks every path runs, in block order: DER truncation, then content. */
export function checkBlocks(blocks: readonly PemBlock[], options: PemDecodeOptions): void {
  for (let k = 0; k < blocks.length; k++) {
    checkBlockComplete(blocks[k]!, k);
    if (options.checkContent !== false) checkBlockContent(blocks[k]!);
  }
}

/**
 * Labels whose content is public (certificates, CRLs, requests, public keys, PKCS#7): their bodies are
 * decoded into one shared buffer, each block a view of its own bytes, so a bundle costs one allocation
 * and a kept certificate no buffer of its own. Every other label (private keys above all) gets a buffer
 * of its own, so a key's bytes never sit in the buffer behind a certificate's `der`.
 */
const SHARED_LABELS = new Set([
  'CERTIFICATE',
  'X509 CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'X509 CRL',
  'CERTIFICATE REQUEST',
  'NEW CERTIFICATE REQUEST',
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
  'PKCS7',
  'CMS',
]);

/**
 * Decodes the scanned bodies with Node's base64 decoder, straight into their buffers; undefined when a
 * body decodes to fewer bytes than its scan counted (a character outside the alphabet), or none was found.
 */
function materialise(src: PemSource, scanned: readonly ScannedBlock[]): PemBlock[] | undefined {
  if (scanned.length === 0) return undefined;
  let sharedSize = 0;
  for (const s of scanned) if (SHARED_LABELS.has(s.label)) sharedSize += s.size;
  // Not zero-filled: every byte is written by the decode, or the buffer is dropped (size mismatch).
  const shared = Buffer.allocUnsafeSlow(sharedSize);
  let offset = 0;
  const blocks: PemBlock[] = [];
  for (const s of scanned) {
    const isShared = SHARED_LABELS.has(s.label);
    const target = isShared ? shared : Buffer.allocUnsafeSlow(s.size);
    const at = isShared ? offset : 0;
    const written = target.write(src.slice(s.bodyStart, s.bodyEnd), at, s.size, 'base64');
    if (written !== s.size) return undefined;
    const bytes = new Uint8Array(target.buffer, target.byteOffset + at, s.size);
    if (isShared) offset += s.size;
    blocks.push({ label: s.label, headers: {}, bytes, line: s.line, endLine: s.endLine });
  }
  return blocks;
}

/** The line-by-line decoder: reads every shape the fast scan declines, and names what is wrong. */
export function decodePemLines(text: string, options: PemDecodeOptions = {}): PemBlock[] {
  const lines = text.split(/\r\n|\n|\r/);
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i]!.trim());
    if (!begin) {
      if (END.test(lines[i]!.trim())) {
        throw new PemError('ERR_PEM_NO_BLOCK', `END line without a BEGIN line at line ${i + 1}.`, {
          details: { line: i + 1 },
        });
      }
      i++;
      continue;
    }
    const label = begin[1]!;
    const beginLine = i + 1;
    let j = i + 1;
    while (j < lines.length) {
      const t = lines[j]!.trim();
      if (t.startsWith('-----END ') || t.startsWith('-----BEGIN ')) break;
      j++;
    }
    const endText = j < lines.length ? lines[j]!.trim() : '';
    const end = END.exec(endText);
    if (!end) {
      throw new PemError(
        'ERR_PEM_TRUNCATED',
        `The ${label} block that begins at line ${beginLine} has no END line: the text was cut short.`,
        { details: { line: beginLine, label } },
      );
    }
    if (end[1] !== label) {
      throw new PemError(
        'ERR_PEM_LABEL_MISMATCH',
        `The block that begins at line ${beginLine} as "${label}" ends at line ${j + 1} as "${end[1]}".`,
        { details: { line: j + 1, beginLine, label, endLabel: end[1] } },
      );
    }
    const { headers, bodyStart } = readHeaders(lines, i + 1, j);
    const body = lines.slice(bodyStart, j).map((l) => l.trim());
    const bad = findBadBase64Line(body);
    if (bad >= 0) {
      throw new PemError(
        'ERR_PEM_BAD_BASE64',
        `Invalid base64 at line ${bodyStart + bad + 1} in the ${label} block.`,
        {
          details: { line: bodyStart + bad + 1, beginLine, label },
        },
      );
    }
    const bytes = new Uint8Array(Buffer.from(body.join(''), 'base64'));
    const block: PemBlock = { label, headers, bytes, line: beginLine, endLine: j + 1 };
    checkBlockComplete(block, blocks.length);
    if (options.checkContent !== false) checkBlockContent(block);
    blocks.push(block);
    i = j + 1;
  }
  if (blocks.length === 0) {
    throw new PemError('ERR_PEM_NO_BLOCK', 'No PEM block (-----BEGIN …-----) was found in the text.', {
      details: { lines: lines.length },
    });
  }
  return blocks;
}

const HEADER = /^([A-Za-z0-9-]+):\s*(.*)$/;

/** Reads RFC 1421 headers (`Name: value`, continuation lines indented) ended by a blank line. */
function readHeaders(
  lines: readonly string[],
  from: number,
  to: number,
): { headers: Record<string, string>; bodyStart: number } {
  const headers: Record<string, string> = {};
  const first = lines[from]?.trim() ?? '';
  if (from >= to || !first.includes(':')) return { headers, bodyStart: from };
  let k = from;
  let last: string | undefined;
  while (k < to) {
    const raw = lines[k]!;
    if (raw.trim() === '') return { headers, bodyStart: k + 1 };
    if (/^\s/.test(raw) && last !== undefined) {
      headers[last] += raw.trim();
    } else {
      const m = HEADER.exec(raw.trim());
      if (!m) break;
      last = m[1]!;
      headers[last] = m[2]!;
    }
    k++;
  }
  throw new PemError(
    'ERR_PEM_BAD_HEADER',
    `Malformed PEM header at line ${k + 1}: headers must end with a blank line.`,
    {
      details: { line: k + 1 },
    },
  );
}
