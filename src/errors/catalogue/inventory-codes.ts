import { defineCodes } from './entry.js';

/** Codes for the certificate inventory and its storage backends. */
export const INVENTORY_CODES = defineCodes({});
