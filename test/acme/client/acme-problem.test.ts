import { describe, expect, it } from 'vitest';
import { problemToError } from '../../../src/acme/index.js';
import { ERROR_CATALOGUE } from '../../../src/errors/index.js';

const cases: Array<[string, string]> = [
  ['rateLimited', 'ERR_ACME_RATE_LIMITED'],
  ['badNonce', 'ERR_ACME_BAD_NONCE'],
  ['unauthorized', 'ERR_ACME_UNAUTHORIZED'],
  ['accountDoesNotExist', 'ERR_ACME_ACCOUNT_DOES_NOT_EXIST'],
  ['externalAccountRequired', 'ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED'],
  ['userActionRequired', 'ERR_ACME_TERMS_NOT_AGREED'],
  ['badCSR', 'ERR_ACME_MALFORMED'],
  ['rejectedIdentifier', 'ERR_ACME_REJECTED_IDENTIFIER'],
  ['caa', 'ERR_ACME_CAA'],
  ['dns', 'ERR_ACME_DNS'],
  ['connection', 'ERR_ACME_CONNECTION'],
  ['incorrectResponse', 'ERR_ACME_INCORRECT_RESPONSE'],
  ['tls', 'ERR_ACME_TLS'],
  ['serverInternal', 'ERR_ACME_SERVER_INTERNAL'],
  ['orderNotReady', 'ERR_ACME_ORDER_NOT_READY'],
  ['alreadyRevoked', 'ERR_ACME_ALREADY_REVOKED'],
  ['somethingNew', 'ERR_ACME_PROBLEM'],
];

describe('problemToError', () => {
  for (const [type, code] of cases) {
    it(`maps ${type} to ${code}, a documented code`, () => {
      const err = problemToError({ type: `urn:ietf:params:acme:error:${type}`, detail: 'why' });
      expect(err.code).toBe(code);
      expect(Object.keys(ERROR_CATALOGUE.acme)).toContain(code);
      expect(err.details.problem).toEqual({ type: `urn:ietf:params:acme:error:${type}`, detail: 'why' });
    });
  }

  it('keeps identifier and subproblems, drops unknown fields, and carries Retry-After', () => {
    const retryAfter = new Date('2026-11-22T10:00:00Z');
    const err = problemToError(
      {
        type: 'urn:ietf:params:acme:error:malformed',
        detail: 'Some identifiers were rejected',
        subproblems: [
          {
            type: 'urn:ietf:params:acme:error:rejectedIdentifier',
            detail: 'bad',
            identifier: { type: 'dns', value: 'x.test' },
          },
        ],
        extra: { secret: 1 },
      } as never,
      { url: 'https://ca/new-order', status: 400, retryAfter },
    );
    expect(err.details).toEqual({
      problem: {
        type: 'urn:ietf:params:acme:error:malformed',
        detail: 'Some identifiers were rejected',
        subproblems: [
          {
            type: 'urn:ietf:params:acme:error:rejectedIdentifier',
            detail: 'bad',
            identifier: { type: 'dns', value: 'x.test' },
          },
        ],
      },
      url: 'https://ca/new-order',
      status: 400,
      retryAfter: '2026-11-22T10:00:00.000Z',
    });
    expect(err.message).toContain('malformed');
  });
});
