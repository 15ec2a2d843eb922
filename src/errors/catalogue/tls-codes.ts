import { defineCodes } from './entry.js';

/** Codes for TLS profiles, Node TLS options, live rotation and gateway configuration. */
export const TLS_CODES = defineCodes({});
