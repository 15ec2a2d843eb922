import { defineCodes } from './entry.js';

/** Codes for PEM framing (RFC 7468 and the RFC 1421 headers OpenSSL still writes). */
export const PEM_CODES = defineCodes({
  ERR_PEM_NO_BLOCK: {
    summary: 'The text contains no `-----BEGIN …-----` line.',
    cause: 'A file that is not PEM, or PEM whose BEGIN line was lost (copied without its first line).',
    action: 'Pass the PEM file itself; if it is binary DER, pass the bytes, not a string.',
  },
  ERR_PEM_TRUNCATED: {
    summary: 'A BEGIN line has no matching END line.',
    cause: 'The file was cut short (a partial copy, a full disk, a truncated paste).',
    action:
      'Copy the whole block again, up to and including its `-----END …-----` line; `line` names the BEGIN.',
  },
  ERR_PEM_LABEL_MISMATCH: {
    summary: 'The END line names a different label than its BEGIN line.',
    cause: 'Two blocks spliced together, or a hand-edited file.',
    action:
      'Make the END label equal to the BEGIN label (`label` and `endLabel` say both), or re-export the object.',
  },
  ERR_PEM_BAD_BASE64: {
    summary: 'The body of a PEM block is not valid base64.',
    cause: 'Characters outside the base64 alphabet, misplaced padding, or a line damaged in transit.',
    action: 'Re-copy the block; `line` names the first bad line.',
  },
  ERR_PEM_BAD_HEADER: {
    summary: 'A PEM header line (such as `Proc-Type` or `DEK-Info`) is malformed.',
    cause: 'A legacy encrypted key whose headers were edited, or text between BEGIN and the body.',
    action: 'Re-export the key; `line` names the bad header.',
  },
  ERR_PEM_CONTENT_MISMATCH: {
    summary: 'A PEM block does not contain the DER object its label says.',
    cause: 'A mislabelled block (for example a key labelled CERTIFICATE) or a damaged body.',
    action: 'Check the file; `label` is what the block claims, `line` where it starts.',
  },
});
