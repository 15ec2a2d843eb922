import { defineCodes } from './entry.js';

/** Codes for reading raw input (bytes, strings, files) before any format is decoded. */
export const INPUT_CODES = defineCodes({
  ERR_INPUT_EMPTY: {
    summary: 'The input is empty (no bytes, or only whitespace).',
    cause: 'An empty file, an unset environment variable, or a read that returned nothing.',
    action: 'Check the path or variable you passed; the file must contain a PEM block or DER bytes.',
  },
  ERR_INPUT_TOO_LARGE: {
    summary: 'The input is larger than the configured size limit.',
    cause: 'A file far larger than any certificate material (default limit 10 MiB), often the wrong file.',
    action: 'Pass the right file, or raise `maxInputBytes` in the options if the input is really that large.',
  },
  ERR_INPUT_UNREADABLE: {
    summary: 'The input file could not be read.',
    cause: 'The path does not exist, is a directory, or is not readable by this process.',
    action: 'Check the path and its permissions; `cause` holds the operating system error.',
  },
  ERR_INPUT_UNKNOWN_FORMAT: {
    summary: 'The bytes are not PEM, a DER certificate, a DER key, PKCS#12 or JKS.',
    cause: 'A file of another kind (text, JSON, a compressed archive) or a badly damaged one.',
    action:
      'Check that the file is the certificate or key you meant; `openssl asn1parse -in FILE` shows DER structure.',
  },
  ERR_INPUT_UNEXPECTED_OBJECT: {
    summary: 'The input holds a different kind of object than the one asked for.',
    cause: 'A key passed where a certificate was expected, a CSR where a CRL was expected, and so on.',
    action: 'Pass the file holding the object named in `expected`; `found` says what this one holds.',
  },
});
