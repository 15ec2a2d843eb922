import { defineCodes } from './entry.js';

/** Codes for keystores and truststores: PKCS#12, JKS, PEM bundles, upload checks, references and rotation. */
export const STORE_CODES = defineCodes({});
