import { defineCodes } from './entry.js';

/** Codes for the DER (ASN.1) layer shared by certificates, keys, CSRs and CRLs. */
export const DER_CODES = defineCodes({
  ERR_DER_MALFORMED: {
    summary: 'The bytes are not valid DER at the given offset.',
    cause: 'A truncated or corrupted file, a length that runs past the end, or an indefinite length (BER).',
    action: 'Re-export the object; `offset` names the first byte that could not be decoded.',
  },
  ERR_DER_TRAILING_DATA: {
    summary: 'Extra bytes follow the end of the DER object.',
    cause: 'Two objects concatenated in one DER file, or padding appended by a transfer.',
    action: 'Split the file (PEM can hold several objects), or strip the trailing bytes.',
  },
});
