import type { Certificate } from '../../x509/certificate.js';
import type { RevocationCheckContext, RevocationChecker, RevocationStatus } from '../revocation-checker.js';
import { unknownFromError, unknownStatus } from './unknown-status.js';

/**
 * Combines checkers: asks each in order and returns the first definitive answer (`good` or
 * `revoked`). When every one answers `unknown`, the result is `unknown` with the first checker's code
 * and every reason joined, so a hard-fail policy can say what was tried. A checker that throws counts
 * as `unknown`.
 *
 * @throws TypeError when `checkers` is empty or holds something without a `check` method.
 * @example
 * ```ts
 * import { combineCheckers, createCrlChecker, createOcspChecker, verifyChain } from 'certkit/chain';
 * const revocation = combineCheckers([createOcspChecker(), createCrlChecker()]);
 * const result = await verifyChain(leaf, { trust, revocation, revocationPolicy: 'hard-fail' });
 * ```
 * @see RFC 5280 section 6.3, RFC 6960
 */
export function combineCheckers(checkers: readonly RevocationChecker[]): RevocationChecker {
  if (!Array.isArray(checkers) || checkers.length === 0) {
    throw new TypeError('combineCheckers needs at least one checker');
  }
  for (const c of checkers) {
    if (c === null || typeof c !== 'object' || typeof c.check !== 'function') {
      throw new TypeError('every checker must have a check(cert, issuer, context) method');
    }
  }
  const list = checkers.slice();
  return {
    async check(cert: Certificate, issuer: Certificate, context: RevocationCheckContext) {
      const unknowns: Extract<RevocationStatus, { status: 'unknown' }>[] = [];
      for (const checker of list) {
        let status: RevocationStatus;
        try {
          status = await checker.check(cert, issuer, context);
        } catch (e) {
          status = unknownFromError(e, 'ERR_REVOCATION_NO_SOURCE', 'revocation checker failed');
        }
        if (status.status !== 'unknown') return status;
        unknowns.push(status);
      }
      return unknownStatus(unknowns[0]!.code, unknowns.map((u) => u.reason).join('; '));
    },
  };
}
