import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcspChecker } from '../../../src/chain/revocation/ocsp-checker.js';
import { hasPeerTool } from '../../helpers/peer-tools.js';
import { cert, type LiveResponder, startOpensslResponder } from './fixtures.js';

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('OCSP against a live openssl responder', () => {
  let responder: LiveResponder;
  beforeAll(async () => {
    responder = await startOpensslResponder([
      '-index',
      'index.txt',
      '-CA',
      'ca.pem',
      '-rsigner',
      'ocsp-responder.pem',
      '-rkey',
      'ocsp-responder.key',
      '-ndays',
      '1',
    ]);
  });
  afterAll(() => responder?.stop());
  const ca = cert('ca');

  it('answers good for a valid certificate', async () => {
    const checker = createOcspChecker({ responderUrl: responder.url, nonce: true });
    expect(await checker.check(cert('leaf-good'), ca, { at: new Date(), depth: 0 })).toEqual({
      status: 'good',
      source: 'ocsp',
    });
  });
  it('answers revoked with reason', async () => {
    const checker = createOcspChecker({ responderUrl: responder.url, nonce: true });
    const s = await checker.check(cert('leaf-revoked'), ca, { at: new Date(), depth: 0 });
    expect(s).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'keyCompromise' });
  });
});
