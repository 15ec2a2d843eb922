import { describe, expect, it } from 'vitest';
import { decodePem, encodePem } from '../../src/pem/index.js';
import { thrownError } from '../helpers/coded-error.js';
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js';

describe('decodePem', () => {
  it('decodes a certificate block to the same DER openssl writes', () => {
    const [block] = decodePem(fixtureText('pem', 'cert.pem'));
    expect(block!.label).toBe('CERTIFICATE');
    expect(block!.line).toBe(1);
    expect(Buffer.from(block!.bytes).equals(Buffer.from(fixtureBytes('pem', 'cert.der')))).toBe(true);
  });

  it('ignores `openssl x509 -text` output before the block', () => {
    const blocks = decodePem(fixtureText('pem', 'cert-with-text.pem'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.line).toBeGreaterThan(10);
    expect(Buffer.from(blocks[0]!.bytes).equals(Buffer.from(fixtureBytes('pem', 'cert.der')))).toBe(true);
  });

  it('reads every block of a bundle with text between blocks, with line numbers', () => {
    const blocks = decodePem(fixtureText('pem', 'bundle-with-text.pem'));
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(blocks[0]!.line).toBe(2);
    expect(blocks[1]!.line).toBe(blocks[0]!.endLine + 3);
  });

  it('accepts CRLF line ends and surrounding whitespace', () => {
    const text = `\n\n   ${fixtureText('pem', 'cert-crlf.pem')}   \n\n`;
    const [block] = decodePem(text);
    expect(Buffer.from(block!.bytes).equals(Buffer.from(fixtureBytes('pem', 'cert.der')))).toBe(true);
  });

  it('reads RFC 1421 headers of a legacy encrypted key', () => {
    const [block] = decodePem(fixtureText('pem', 'rsa-legacy-encrypted.pem'));
    expect(block!.label).toBe('RSA PRIVATE KEY');
    expect(block!.headers['Proc-Type']).toBe('4,ENCRYPTED');
    expect(block!.headers['DEK-Info']).toMatch(/^AES-256-CBC,[0-9A-F]{32}$/);
  });

  it('round-trips through encodePem', () => {
    const der = fixtureBytes('pem', 'cert.der');
    const text = encodePem('CERTIFICATE', der);
    expect(text).toBe(fixtureText('pem', 'cert.pem'));
    const withHeaders = encodePem('RSA PRIVATE KEY', Uint8Array.of(1, 2, 3), { 'Proc-Type': '4,ENCRYPTED' });
    const [block] = decodePem(withHeaders, { checkContent: false });
    expect(block!.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED' });
    expect([...block!.bytes]).toEqual([1, 2, 3]);
  });

  it('distinguishes every kind of broken input, naming the line', () => {
    expect(thrownError(() => decodePem('')).code).toBe('ERR_INPUT_EMPTY');
    expect(thrownError(() => decodePem('  \n \r\n')).code).toBe('ERR_INPUT_EMPTY');
    expect(thrownError(() => decodePem(fixtureText('pem', 'no-block.txt'))).code).toBe('ERR_PEM_NO_BLOCK');
    const truncated = thrownError(() => decodePem(fixtureText('pem', 'truncated.pem')));
    expect(truncated).toMatchObject({
      code: 'ERR_PEM_TRUNCATED',
      details: { line: 1, label: 'CERTIFICATE' },
    });
    const mismatch = thrownError(() => decodePem(fixtureText('pem', 'label-mismatch.pem')));
    expect(mismatch.code).toBe('ERR_PEM_LABEL_MISMATCH');
    expect(mismatch.details).toMatchObject({ label: 'CERTIFICATE', endLabel: 'X509 CRL' });
    expect(thrownError(() => decodePem(fixtureText('pem', 'bad-base64.pem')))).toMatchObject({
      code: 'ERR_PEM_BAD_BASE64',
      details: { line: 3 },
    });
    expect(thrownError(() => decodePem(fixtureText('pem', 'wrong-label.pem')))).toMatchObject({
      code: 'ERR_PEM_CONTENT_MISMATCH',
      details: { label: 'PRIVATE KEY', found: 'certificate' },
    });
  });

  it('reports a truncated block even when another block follows it', () => {
    const cert = fixtureText('pem', 'cert.pem');
    const cut = cert.split('\n').slice(0, 4).join('\n');
    expect(thrownError(() => decodePem(`${cut}\n${cert}`))).toMatchObject({
      code: 'ERR_PEM_TRUNCATED',
      details: { line: 1 },
    });
  });

  it('refuses misplaced padding and bad header blocks', () => {
    const bad = '-----BEGIN X-----\nAA==AA==\n-----END X-----\n';
    expect(thrownError(() => decodePem(bad)).code).toBe('ERR_PEM_BAD_BASE64');
    const badHeader = '-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END X-----\n';
    expect(thrownError(() => decodePem(badHeader))).toMatchObject({
      code: 'ERR_PEM_BAD_HEADER',
      details: { line: 3 },
    });
  });

  it('enforces the input size limit', () => {
    expect(
      thrownError(() => decodePem(fixtureText('pem', 'cert.pem'), { maxInputBytes: 100 })),
    ).toMatchObject({
      code: 'ERR_INPUT_TOO_LARGE',
      details: { limit: 100 },
    });
  });

  it('throws TypeError on misuse', () => {
    expect(() => decodePem(42 as unknown as string)).toThrow(TypeError);
  });
});
