import { defineCodes } from './entry.js';

/** Codes for revocation checking (CRL, OCSP) and fetching (CRL distribution points, AIA). */
export const REVOCATION_CODES = defineCodes({});
