import { inspect } from 'node:util';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CertkitError, isCertkitError, KeyError, PemError } from '../../src/errors/index.js';

describe('CertkitError', () => {
  it('carries a stable code, structured details and the cause', () => {
    const cause = new Error('low level');
    const e = new PemError('ERR_PEM_TRUNCATED', 'cut short', { cause, details: { line: 3 } });
    expect(e).toBeInstanceOf(CertkitError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PemError');
    expect(e.code).toBe('ERR_PEM_TRUNCATED');
    expect(e.details).toEqual({ line: 3 });
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toEqual({
      name: 'PemError',
      code: 'ERR_PEM_TRUNCATED',
      message: 'cut short',
      details: { line: 3 },
      cause: { name: 'Error', message: 'low level' },
    });
  });

  it('never shows secrets in details, JSON or inspect output', () => {
    const e = new KeyError('ERR_KEY_BAD_PASSWORD', 'wrong password', {
      details: {
        password: 'hunter2',
        nested: { privateKey: 'MIIEv-secret' },
        keyBytes: Buffer.from('secret'),
      },
    });
    const shown = [JSON.stringify(e), inspect(e), String(e), e.message].join('\n');
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('MIIEv-secret');
    expect(shown).not.toContain('secret"');
    expect(e.details).toEqual({
      password: '[redacted]',
      nested: { privateKey: '[redacted]' },
      keyBytes: '[6 bytes]',
    });
  });

  it('isCertkitError works across realms and checks the code', () => {
    const e = new PemError('ERR_PEM_NO_BLOCK', 'none');
    expect(isCertkitError(e)).toBe(true);
    expect(isCertkitError(e, 'ERR_PEM_NO_BLOCK')).toBe(true);
    expect(isCertkitError(e, 'ERR_PEM_TRUNCATED')).toBe(false);
    expect(isCertkitError(new Error('x'))).toBe(false);
    expect(isCertkitError(null)).toBe(false);
    // An object made in another realm (a vm context) with the same global symbol brand.
    const foreign = runInNewContext(
      "const e = new Error('x'); e[Symbol.for('certkit.error')] = true; e.code = 'ERR_PEM_NO_BLOCK'; e",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(isCertkitError(foreign, 'ERR_PEM_NO_BLOCK')).toBe(true);
  });
});
