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
  ERR_DER_TRUNCATED: {
    summary: 'The DER object is cut short: its header announces more bytes than there are.',
    cause:
      'A file copied or uploaded only in part, a paste that lost its end, or a PEM block whose base64 is whole but holds only part of the object.',
    action:
      'Copy or export the object again in full; `expected` is the size its header announces, `found` the bytes present (and `line` the PEM block).',
  },
});
