import type { Certificate } from '../../x509/index.js';

/**
 * Orders a chain for a store entry: the leaf, then each issuer found by name (RFC 5280 section 7.1
 * comparison) among `pool`, until a self-issued certificate or no issuer is found. Used by the PKCS#12
 * and PEM bundle readers; full path validation is the chain layer's job.
 */
export function completeChain(leaf: Certificate, pool: readonly Certificate[]): Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (chain.length < 16 && !current.isSelfIssued) {
    const issuer = pool.find((c) => !chain.includes(c) && c.subject.equals(current.issuer));
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
