import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { decodeRecord, encodeRecord } from '../../src/storage/file-record.js';
import { assertStorageKey } from '../../src/storage/index.js';
import { parseLockFile } from '../../src/storage/lock-file.js';

describe('record file format', () => {
  it('round-trips any value and version', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.boolean(),
        (value, version, deleted) => {
          const back = decodeRecord(encodeRecord({ value, version, deleted }), 'p');
          expect(back.version).toBe(version);
          expect(back.deleted).toBe(deleted);
          expect([...back.value]).toEqual([...value]);
        },
      ),
    );
  });

  it('any byte string decodes or fails with ERR_STORAGE_CORRUPT, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          decodeRecord(bytes, 'p');
        } catch (error) {
          expect(isCertkitError(error) && error.code).toBe('ERR_STORAGE_CORRUPT');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation or extension of a record is detected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), (value, cut) => {
        const full = encodeRecord({ value, version: 3, deleted: false });
        const at = cut % full.byteLength;
        expect(() => decodeRecord(full.slice(0, at), 'p')).toThrow();
        const longer = new Uint8Array(full.byteLength + 1);
        longer.set(full);
        expect(() => decodeRecord(longer, 'p')).toThrow();
      }),
    );
  });

  it('lock file text parses to a complete holder record or to undefined, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseLockFile(text);
        if (parsed !== undefined) expect(typeof parsed.pid).toBe('number');
      }),
    );
  });
});

describe('storage keys', () => {
  it('any string is a valid key or ERR_STORAGE_INVALID_KEY; valid keys cannot escape the directory', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z./_~#-]{0,12}$/)), (key) => {
        try {
          assertStorageKey(key);
        } catch (error) {
          expect(isCertkitError(error) && error.code).toBe('ERR_STORAGE_INVALID_KEY');
          return;
        }
        expect(key.split('/')).not.toContain('..');
        expect(key).not.toMatch(/^\/|\/$|~|#|\\/);
      }),
      { numRuns: 2000 },
    );
  });
});
