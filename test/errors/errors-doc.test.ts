import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { listErrorCodes } from '../../src/errors/index.js';

describe('docs/errors.md', () => {
  it('is generated from the catalogue and current (run `npm run docs:errors` after adding a code)', () => {
    const onDisk = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderErrorsDoc());
  });

  it('documents every code with a summary, a cause and an action', () => {
    for (const c of listErrorCodes()) {
      expect(c.code).toMatch(/^ERR_[A-Z0-9]+_[A-Z0-9_]+$/);
      expect(c.summary.length, c.code).toBeGreaterThan(10);
      expect(c.cause.length, c.code).toBeGreaterThan(10);
      expect(c.action.length, c.code).toBeGreaterThan(10);
    }
  });

  it('has no code twice across areas', () => {
    const codes = listErrorCodes().map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
