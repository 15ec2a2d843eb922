import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIssuerFile } from '../../../src/chain/fetch/issuer-file.js';
import { createOcspChecker } from '../../../src/chain/revocation/ocsp-checker.js';
import { isCertkitError } from '../../../src/errors/index.js';
import { buildOcspRequest } from '../../../src/x509/ocsp-request.js';
import { parseOcspResponse } from '../../../src/x509/ocsp-response.js';
import { parsePkcs7Certificates } from '../../../src/x509/pkcs7-certificates.js';
import { hasPeerTool, run } from '../../helpers/peer-tools.js';
import { cert, FIXTURES, fixtureBytes } from './fixtures.js';

/** Runs `f`; passes when it returns or throws a CertkitError, fails on any other exception. */
function valueOrCertkitError(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (isCertkitError(e)) return true;
    throw e;
  }
}

/** A real byte string with some bytes changed, cut, or extended. */
const mutated = (seed: Uint8Array) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.option(fc.nat()),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([edits, cut, tail]) => {
      const b = Uint8Array.from(seed);
      for (const [i, v] of edits) b[i % b.length] = v;
      const body = cut === null ? b : b.subarray(0, cut % (b.length + 1));
      return Uint8Array.from([...body, ...tail]);
    });

const ca = cert('ca');
const good = cert('leaf-good');
let ocspDer: Uint8Array = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03);
const dir = mkdtempSync(join(tmpdir(), 'certkit-prop-'));

beforeAll(() => {
  if (!hasPeerTool('openssl', 'openssl')) return;
  const req = join(dir, 'req.der');
  const resp = join(dir, 'resp.der');
  writeFileSync(req, buildOcspRequest(good, ca, { nonce: new Uint8Array(16).fill(1) }).der);
  run('openssl', [
    'ocsp',
    '-index',
    join(FIXTURES, 'index.txt'),
    '-CA',
    join(FIXTURES, 'ca.pem'),
    '-rsigner',
    join(FIXTURES, 'ocsp-responder.pem'),
    '-rkey',
    join(FIXTURES, 'ocsp-responder.key'),
    '-reqin',
    req,
    '-respout',
    resp,
    '-ndays',
    '1',
  ]);
  ocspDer = new Uint8Array(readFileSync(resp));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsers never throw anything but a CertkitError', () => {
  it('parseOcspResponse on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => valueOrCertkitError(() => parseOcspResponse(b))),
    );
  });

  it('parseOcspResponse on mutations of a real openssl response', () => {
    expect(parseOcspResponse(ocspDer).responseStatus).toBe('successful');
    fc.assert(
      fc.property(mutated(ocspDer), (b) => valueOrCertkitError(() => parseOcspResponse(b))),
      { numRuns: 500 },
    );
  });

  it('the OCSP checker answers a status (never throws) for mutated responses', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(ocspDer), async (b) => {
        const checker = createOcspChecker({
          transport: { post: async () => b },
          responderUrl: 'http://ocsp.test/',
        });
        const s = await checker.check(good, ca, { at: new Date(), depth: 0 });
        return ['good', 'revoked', 'unknown'].includes(s.status);
      }),
      { numRuns: 200 },
    );
  });

  it('parsePkcs7Certificates and readIssuerFile on arbitrary bytes and mutated openssl bundles', () => {
    const p7 = fixtureBytes('chain-int1-root.p7c');
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 512 }), mutated(p7)),
        (b) =>
          valueOrCertkitError(() => parsePkcs7Certificates(b)) &&
          valueOrCertkitError(() => readIssuerFile(b)),
      ),
      { numRuns: 500 },
    );
  });
});
