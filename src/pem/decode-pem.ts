import { PemError } from '../errors/area-errors.js';
import { findBadBase64Line } from './base64.js';
import { checkBlockComplete, checkBlockContent } from './block-content.js';
import { checkInputSize, emptyInput, type InputLimitOptions } from './input-limits.js';
import type { PemBlock } from './pem-block.js';

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
 * surrounding whitespace are accepted.
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
