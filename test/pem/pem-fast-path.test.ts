import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { decodePemLines } from '../../src/pem/decode-pem.js';
import { decodeInput, decodePem, encodePem, type PemBlock } from '../../src/pem/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js';

/** The PEM blocks decodeInput finds in bytes (a test failure if it takes them for DER). */
function pemBlocksOf(bytes: Uint8Array): readonly PemBlock[] {
  const decoded = decodeInput(bytes);
  if (decoded.kind !== 'pem') throw new Error('decodeInput read the PEM text as DER');
  return decoded.blocks;
}

/** What a decoder made of a text: its blocks, or the code and details of its error. */
function outcome(fn: () => readonly PemBlock[]): unknown {
  try {
    return fn().map((b) => ({ ...b, bytes: Buffer.from(b.bytes).toString('hex') }));
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    return { code: e.code, details: e.details };
  }
}

const latin1 = new TextDecoder('latin1');
const der = fixtureBytes('pem', 'cert.der');
const b64 = Buffer.from(der).toString('base64');
const cert = fixtureText('pem', 'cert.pem');

/** The certificate's base64 in lines of `width`, each ended by `eol`. */
function body(width: number, eol: string): string {
  let out = '';
  for (let i = 0; i < b64.length; i += width) out += `${b64.slice(i, i + width)}${eol}`;
  return out;
}

function block(text: string, eol = '\n'): string {
  return `-----BEGIN CERTIFICATE-----${eol}${text}-----END CERTIFICATE-----${eol}`;
}

describe('decodePem fast paths', () => {
  it('decode what the line-by-line decoder decodes, with the same lines, for every line width and line end', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const width of [1, 4, 63, 64, 65, 76, 1000]) {
        const text = `text before${eol}${block(body(width, eol), eol)}${eol}between${eol}${block(body(64, eol), eol)}`;
        const blocks = decodePem(text);
        expect(blocks).toHaveLength(2);
        expect(Buffer.from(blocks[0]!.bytes).equals(Buffer.from(der))).toBe(true);
        expect(outcome(() => decodePem(text))).toEqual(outcome(() => decodePemLines(text)));
        const bytes = Buffer.from(text, 'latin1');
        expect(outcome(() => pemBlocksOf(bytes))).toEqual(outcome(() => decodePemLines(text)));
      }
    }
  });

  it('accept blank lines and surrounding whitespace as the line-by-line decoder does', () => {
    const lines = body(64, '\n').split('\n');
    const text = `  ${block(`\n${lines.slice(0, 3).join('\n')}\n\n  ${lines.slice(3).join('\n')}`)}  `;
    expect(Buffer.from(decodePem(text)[0]!.bytes).equals(Buffer.from(der))).toBe(true);
  });

  it('refuse a bad character in the middle of a line, naming its line', () => {
    for (const bad of ['*', ' ', '\t', '_', '-', '.', '\u00e9', '\u0141', '\u2028']) {
      const lines = body(64, '\n').split('\n');
      lines[2] = `${lines[2]!.slice(0, 30)}${bad}${lines[2]!.slice(31)}`;
      const text = block(lines.join('\n'));
      expect(thrownError(() => decodePem(text))).toMatchObject({
        code: 'ERR_PEM_BAD_BASE64',
        details: { line: 4 },
      });
    }
  });

  it('refuse padding in the middle, more than two padding characters and impossible lengths', () => {
    const lines = body(64, '\n').split('\n');
    lines[1] = `${lines[1]!.slice(0, 62)}==`;
    // The padding itself is fine; the line after it, where base64 goes on, is the bad one.
    expect(thrownError(() => decodePem(block(lines.join('\n'))))).toMatchObject({
      code: 'ERR_PEM_BAD_BASE64',
      details: { line: 4 },
    });
    expect(thrownError(() => decodePem(block('AAAAA===\n')))).toMatchObject({ code: 'ERR_PEM_BAD_BASE64' });
    expect(thrownError(() => decodePem(block('AAAAA\n')))).toMatchObject({ code: 'ERR_PEM_BAD_BASE64' });
    expect(thrownError(() => decodePem(block('AA=\n')))).toMatchObject({ code: 'ERR_PEM_BAD_BASE64' });
  });

  it('read padding split over lines and unpadded bodies as the line-by-line decoder does', () => {
    for (const text of ['AA=\n=\n', 'AA\n==\n', 'AAA\n', 'AA\n', '\n']) {
      const pem = `-----BEGIN X-----\n${text}-----END X-----\n`;
      expect(outcome(() => decodePem(pem))).toEqual(outcome(() => decodePemLines(pem)));
    }
  });

  it('refuse a code unit above 0xFF whose low byte is a base64 character', () => {
    // U+0141 ends in 0x41 ('A'): a decoder that reads bytes would take it for an 'A'.
    const lines = body(64, '\n').split('\n');
    lines[0] = `\u0141${lines[0]!.slice(1)}`;
    expect(thrownError(() => decodePem(block(lines.join('\n'))))).toMatchObject({
      code: 'ERR_PEM_BAD_BASE64',
      details: { line: 2 },
    });
  });

  it('keep the framing errors', () => {
    expect(thrownError(() => decodePem(`${cert}-----END CERTIFICATE-----\n`))).toMatchObject({
      code: 'ERR_PEM_NO_BLOCK',
      details: { line: cert.split('\n').length },
    });
    expect(
      thrownError(() => decodePem(cert.replace('-----END CERTIFICATE-----', '-----END X509 CRL-----'))),
    ).toMatchObject({ code: 'ERR_PEM_LABEL_MISMATCH' });
    expect(thrownError(() => decodePem(cert.replace('-----END CERTIFICATE-----\n', '')))).toMatchObject({
      code: 'ERR_PEM_TRUNCATED',
      details: { line: 1 },
    });
  });

  it('give each certificate of a bundle its own bytes, and a private key a buffer of its own', () => {
    const key = fixtureText('pem', 'key.pem');
    const blocks = decodePem(`${cert}${key}${cert}`);
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE']);
    expect(blocks[0]!.bytes.buffer).toBe(blocks[2]!.bytes.buffer);
    expect(blocks[1]!.bytes.buffer).not.toBe(blocks[0]!.bytes.buffer);
    expect(blocks[1]!.bytes.buffer.byteLength).toBe(blocks[1]!.bytes.byteLength);
    blocks[0]!.bytes[0] = 0;
    expect(blocks[2]!.bytes[0]).toBe(0x30);
  });

  it('match the line-by-line decoder on texts built from PEM pieces', () => {
    const piece = fc.constantFrom(
      '-----BEGIN CERTIFICATE-----',
      '-----END CERTIFICATE-----',
      '-----BEGIN X-----',
      '-----END X-----',
      ' -----END X-----',
      '-----END X----- ',
      'Proc-Type: 4,ENCRYPTED',
      '',
      ' ',
      'MIIB',
      'MIIBgjCC',
      'AA==',
      'AAA=',
      'AA=',
      '=',
      '====',
      'AB_C',
      'AB-C',
      'A\u0141AA',
      'AA\u00e9A',
      'AAAA\t',
      b64.slice(0, 64),
      b64.slice(64, 128),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, eol), { maxLength: 24 }), (parts) => {
        const text = parts.map(([p, e]) => p + e).join('');
        if (text.trim() === '') return;
        expect(outcome(() => decodePem(text))).toEqual(outcome(() => decodePemLines(text)));
        const bytes = Buffer.from(text, 'utf8');
        if (!text.includes('-----BEGIN ')) return; // not PEM to decodeInput: another path
        expect(outcome(() => pemBlocksOf(bytes))).toEqual(
          outcome(() => decodePemLines(latin1.decode(bytes))),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('match the line-by-line decoder on mutated real PEM text', () => {
    const text = `${fixtureText('pem', 'bundle-with-text.pem')}${encodePem('X', Uint8Array.of(1, 2, 3, 4))}`;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.string({ maxLength: 3 }), (at, insert) => {
        const mutated = text.slice(0, at) + insert + text.slice(at + 1);
        expect(outcome(() => decodePem(mutated, { checkContent: false }))).toEqual(
          outcome(() => decodePemLines(mutated, { checkContent: false })),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
