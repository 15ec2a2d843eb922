import { defineCodes } from './entry.js';

/**
 * Codes for chain building and path validation (RFC 5280 section 6, the web PKI profile, hostnames).
 * Each is also the `code` of a chain problem, so a rejected chain says exactly which check failed.
 */
export const CHAIN_CODES = defineCodes({
  ERR_CHAIN_INVALID: {
    summary: 'The chain is not valid; `problems` lists every reason.',
    cause: 'One or more path validation checks failed (the asserting `assertValidChain` raises this).',
    action: 'Read `details.problems`: each has its own code, the depth of the certificate and a message.',
  },
});
