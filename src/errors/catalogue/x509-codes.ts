import { defineCodes } from './entry.js';

/** Codes for certificates, CSRs and CRLs. */
export const X509_CODES = defineCodes({
  ERR_X509_MALFORMED: {
    summary: 'The DER is not a well-formed X.509 certificate.',
    cause: 'A damaged file, or another object (key, CSR, CRL) passed as a certificate.',
    action:
      'Check the file with `openssl x509 -in FILE -noout -text`; `reason` names the structure that failed.',
  },
  ERR_X509_BAD_EXTENSION: {
    summary: 'A certificate extension could not be decoded.',
    cause: 'An extension whose value does not follow its RFC 5280 syntax.',
    action:
      'Such a certificate will be refused by strict validators; ask the issuer for a corrected one. `oid` names the extension.',
  },
  ERR_X509_BAD_BUNDLE_ENTRY: {
    summary: 'One block of a certificate bundle could not be read as a certificate.',
    cause:
      'A damaged or truncated block among several PEM certificates, or a non-certificate block in a bundle.',
    action:
      'Fix or remove the block named by `index` (0-based) and `line` (its BEGIN line); `cause` holds the underlying error.',
  },
  ERR_CSR_MALFORMED: {
    summary: 'The DER is not a well-formed PKCS#10 certificate signing request.',
    cause: 'A damaged file, or another object passed as a CSR.',
    action: 'Check it with `openssl req -in FILE -noout -text`.',
  },
  ERR_CRL_MALFORMED: {
    summary: 'The DER is not a well-formed certificate revocation list.',
    cause: 'A damaged file, or another object passed as a CRL.',
    action: 'Check it with `openssl crl -in FILE -noout -text`.',
  },
  ERR_SIGNATURE_INVALID: {
    summary: 'A signature does not verify with the given public key.',
    cause: 'The object was signed by another key, or its bytes were changed after signing.',
    action: 'Check that the issuer passed is the real signer; a changed object must be re-issued.',
  },
  ERR_SIGNATURE_UNSUPPORTED_ALGORITHM: {
    summary: 'The signature algorithm is unknown or not supported.',
    cause: 'An algorithm certkit does not implement (for example GOST or a post-quantum scheme).',
    action: '`algorithm` names the OID; open an issue if you need it.',
  },
  ERR_X509_TOO_LARGE: {
    summary:
      'A field is longer than the bound certkit reads (a standard’s upper bound, with a documented tolerance).',
    cause:
      'A serial number or CRL number over 32 octets (RFC 5280 allows 20), or a name attribute value over 32,768 characters (ub-name, RFC 5280 appendix A): a hostile object trying to stall the reader, or a broken issuer.',
    action:
      '`details.field`, `details.size` and `details.limit` say which field and by how much; such an object is refused by every strict validator, ask its issuer for a corrected one.',
  },
});
