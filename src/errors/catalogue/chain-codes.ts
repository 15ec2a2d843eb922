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
  ERR_CHAIN_UNTRUSTED_ROOT: {
    summary: 'The chain ends at a certificate that is not a trust anchor.',
    cause: 'The root (or the last certificate found) is not in the trust anchors you passed.',
    action: 'Add the right root to `trust`, or check that the server sends a chain to a root you trust.',
  },
  ERR_CHAIN_NO_ISSUER: {
    summary: 'No issuer was found for a certificate in the chain.',
    cause:
      'An intermediate certificate is missing from the bundle / pool, or the issuer name does not match any.',
    action: 'Supply the missing intermediate (often linked in the certificate’s AIA caIssuers URL).',
  },
  ERR_CHAIN_EXPIRED: {
    summary: 'A certificate in the chain has expired at the validation time.',
    cause: '`notAfter` is before `at`.',
    action: 'Renew the certificate named by `depth` / `subject`; check the clock if it looks wrong.',
  },
  ERR_CHAIN_NOT_YET_VALID: {
    summary: 'A certificate in the chain is not yet valid at the validation time.',
    cause:
      '`notBefore` is after `at` (a freshly issued certificate and a clock that is behind, or a wrong `at`).',
    action: 'Check the clock, or wait until `notBefore`.',
  },
  ERR_CHAIN_BAD_SIGNATURE: {
    summary: 'A certificate’s signature does not verify with its issuer’s public key.',
    cause: 'The certificate was not signed by the certificate found as its issuer, or was altered.',
    action: 'Supply the real issuer; a certificate whose bytes were changed must be re-issued.',
  },
  ERR_CHAIN_NOT_CA: {
    summary: 'A certificate used as an issuer is not a CA certificate.',
    cause: 'Its basicConstraints extension is missing, or has cA=false.',
    action: 'Only CA certificates may issue others; check that the chain is in the right order and complete.',
  },
  ERR_CHAIN_PATH_LENGTH: {
    summary: 'A CA’s path length constraint is exceeded.',
    cause:
      'More non-self-issued intermediates follow a CA than its basicConstraints pathLenConstraint allows.',
    action: 'Issue from a CA whose path length allows this depth, or shorten the chain.',
  },
  ERR_CHAIN_KEY_USAGE: {
    summary: 'A certificate’s key usage does not allow its role in the chain.',
    cause:
      'An issuer without keyCertSign, a non-CA with keyCertSign, an empty key usage, or a leaf without the usage its purpose needs.',
    action: 'Re-issue the certificate with the right keyUsage bits.',
  },
  ERR_CHAIN_EXTENDED_KEY_USAGE: {
    summary: 'Extended key usage does not allow the requested purpose.',
    cause:
      'The leaf (or, under the web PKI profile, an intermediate) lists EKUs that do not include serverAuth / clientAuth as needed.',
    action: 'Re-issue with the right extendedKeyUsage, or validate with the right `purpose`.',
  },
  ERR_CHAIN_NAME_CONSTRAINTS: {
    summary:
      'A name in the chain violates a CA’s name constraints, or a constraint is malformed or misplaced.',
    cause:
      'A SAN or subject outside the permitted subtrees or inside an excluded one; an invalid constraint; constraints on a leaf.',
    action: 'Use names that the issuing CA is allowed to certify, or a CA without those constraints.',
  },
  ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION: {
    summary: 'A certificate has a critical extension the validator does not understand.',
    cause: 'RFC 5280 requires rejecting a certificate with an unrecognised critical extension.',
    action: 'Re-issue without that extension marked critical; `details.oid` names it.',
  },
  ERR_CHAIN_BAD_EXTENSION: {
    summary: 'An extension is malformed, duplicated, or carries the wrong criticality for its profile.',
    cause:
      'For example a critical AKI/SKI/AIA, a non-critical basicConstraints on a CA, or the same extension twice.',
    action: 'Re-issue the certificate; `details.oid` names the extension.',
  },
  ERR_CHAIN_WEAK_SIGNATURE_ALGORITHM: {
    summary: 'A certificate is signed with an algorithm the policy refuses.',
    cause: 'MD5, SHA-1 (unless `allowSha1`), or an algorithm outside the web PKI list.',
    action: 'Re-issue with SHA-256 or better (RSA PKCS#1 / PSS, ECDSA).',
  },
  ERR_CHAIN_WEAK_KEY: {
    summary: 'A certificate’s public key is too weak or of a forbidden type for the policy.',
    cause:
      'RSA smaller than `minRsaBits` (default 2048), a curve or key type outside the profile (P-192, DSA).',
    action: 'Re-issue with RSA ≥ 2048 bits or P-256 / P-384 / P-521.',
  },
  ERR_CHAIN_UNSUPPORTED_ALGORITHM: {
    summary: 'A signature in the chain uses an algorithm certkit cannot verify.',
    cause: 'The signature algorithm is unknown or its parameters are not supported.',
    action: 'Re-issue with a common algorithm; `details` names it.',
  },
  ERR_CHAIN_HOSTNAME_MISMATCH: {
    summary: 'The leaf certificate is not valid for the requested hostname.',
    cause:
      'No dNSName in subjectAltName matches (wildcards only as a whole left-most label, not over a public suffix).',
    action: 'Connect with a name the certificate lists, or re-issue with that name in subjectAltName.',
  },
  ERR_CHAIN_IP_MISMATCH: {
    summary: 'The leaf certificate is not valid for the requested IP address.',
    cause:
      'No iPAddress entry in subjectAltName equals the address (IP addresses are never matched against DNS names).',
    action: 'Re-issue with the IP in subjectAltName, or connect by a host name the certificate lists.',
  },
  ERR_CHAIN_EMAIL_MISMATCH: {
    summary: 'The leaf certificate is not valid for the requested email address.',
    cause: 'No rfc822Name in subjectAltName matches (local part case-sensitive, domain case-insensitive).',
    action: 'Re-issue with the address in subjectAltName.',
  },
  ERR_CHAIN_INVALID_REFERENCE_NAME: {
    summary: 'The hostname, IP address or email to verify is itself not valid.',
    cause:
      'An empty name, an invalid DNS name (bad characters, empty label), a wildcard, or a malformed address.',
    action:
      'Pass a plain DNS name (A-labels for IDNs), a dotted IPv4 / textual IPv6 address, or an address like user@example.com.',
  },
  ERR_CHAIN_TOO_LONG: {
    summary: 'No path within the maximum depth reaches a trust anchor.',
    cause: 'The chain needs more intermediates than `maxDepth` allows.',
    action: 'Raise `maxDepth` if the long chain is expected.',
  },
  ERR_CHAIN_LOOP: {
    summary: 'Path building found only cycles among the intermediates.',
    cause: 'Cross-signed CAs that issue each other with no path to a trust anchor.',
    action: 'Add the right trust anchor; the intermediates alone cannot form a chain.',
  },
  ERR_CHAIN_BUDGET_EXHAUSTED: {
    summary: 'Path building stopped after trying too many candidate paths.',
    cause: 'A pathological pool (many certificates with the same name or many cross-signatures).',
    action: 'Trim the intermediates pool; the limit protects against denial of service.',
  },
  ERR_CHAIN_POLICY: {
    summary: 'The chain does not satisfy the certificate policy requirements.',
    cause:
      'An explicit policy is required (policyConstraints) but no acceptable policy is valid for the whole path.',
    action: 'Check certificatePolicies, policyMappings and policyConstraints along the chain.',
  },
  ERR_CHAIN_MALFORMED_CERTIFICATE: {
    summary:
      'A certificate in the chain is malformed or breaks a rule RFC 5280 or the profile makes absolute.',
    cause:
      'A field that cannot be decoded, an empty issuer or subject, a version 1 certificate, mismatched signature algorithms.',
    action: 'Re-issue the certificate; `details.reason` says what is wrong.',
  },
  ERR_CHAIN_KEY_IDENTIFIER: {
    summary: 'Authority or subject key identifiers break the profile’s rules.',
    cause:
      'A missing SKI on a CA, a missing AKI on an issued certificate, or an AKI with issuer/serial or no keyIdentifier.',
    action: 'Re-issue with keyIdentifier-only AKI and an SKI on every CA.',
  },
  ERR_CHAIN_SERIAL_NUMBER: {
    summary: 'A certificate’s serial number breaks RFC 5280 section 4.1.2.2.',
    cause: 'A zero or negative serial, or one longer than 20 octets.',
    action: 'Re-issue with a positive serial of at most 20 octets.',
  },
  ERR_CHAIN_SUBJECT_ALT_NAME: {
    summary: 'The subjectAltName extension breaks the profile.',
    cause:
      'Missing where required, critical with a non-empty subject, not critical with an empty subject, or holding an invalid name.',
    action: 'Re-issue with a well-formed subjectAltName.',
  },
  ERR_CHAIN_REVOKED: {
    summary: 'A certificate in the chain is revoked.',
    cause: 'Its issuer’s CRL or an OCSP response lists it as revoked; `details` gives the reason and date.',
    action: 'Replace the certificate; a revoked certificate cannot be un-revoked.',
  },
  ERR_CHAIN_REVOCATION_UNKNOWN: {
    summary: 'The revocation status of a certificate could not be determined (hard-fail policy).',
    cause: 'No CRL or OCSP answer could be fetched, verified or was fresh enough.',
    action: 'Check connectivity to the CRL/OCSP URLs, supply CRLs, or use the soft-fail policy.',
  },
  ERR_BUNDLE_INCOMPLETE: {
    summary: 'The bundle does not reach a root: a certificate’s issuer is missing.',
    cause:
      'An intermediate was left out of the uploaded bundle. `missing` names the certificate whose issuer was not found, with its issuer name and authority key identifier.',
    action:
      'Add the intermediate named by `details.issuer` (often downloadable from the certificate’s AIA caIssuers URL), or pass the root through `trust`.',
  },
  ERR_BUNDLE_EXTRA_CERTIFICATE: {
    summary: 'The bundle holds a certificate that is not part of the chain.',
    cause: 'An unrelated certificate, a second leaf, or an alternative issuer that was not used.',
    action: 'Remove it from the bundle; servers send every certificate they are given.',
  },
  ERR_BUNDLE_DUPLICATE: {
    summary: 'The bundle holds the same certificate more than once.',
    cause: 'A certificate pasted twice (byte-identical DER).',
    action: 'Remove the copy.',
  },
  ERR_BUNDLE_EXPIRED_IN_CHAIN: {
    summary: 'A certificate of the ordered chain has expired at the given time.',
    cause:
      'An old intermediate (or leaf) still in the bundle; CAs re-issue intermediates with the same name and key.',
    action: 'Replace it with the current certificate from the CA.',
  },
  ERR_BUNDLE_NO_LEAF: {
    summary: 'No leaf certificate could be chosen.',
    cause: 'The bundle is empty.',
    action: 'Upload at least the server certificate.',
  },
  ERR_BUNDLE_MULTIPLE_LEAVES: {
    summary: 'More than one certificate could be the leaf.',
    cause:
      'The bundle holds several end-entity certificates (or chains); the one with the longest chain was chosen.',
    action: 'Upload one certificate with its own chain; the others are listed as extra.',
  },
  ERR_BUNDLE_OUT_OF_ORDER: {
    summary: 'The bundle was not in leaf-to-root order.',
    cause:
      'Certificates pasted in another order; TLS (RFC 8446 section 4.4.2) expects the leaf first and each issuer after the certificate it issued.',
    action: 'Use the order in `chain`; `certkit bundle` prints it.',
  },
  ERR_CHAIN_COMMON_NAME: {
    summary: 'The leaf’s subject commonName is not one of its subjectAltName values (web PKI, pedantic).',
    cause:
      'CA/Browser Forum BR 7.1.4.3: a commonName, when present, is exactly one entry that copies a dNSName character for character, or an IP address SAN in its canonical text (RFC 3986 dotted quad, RFC 5952 IPv6).',
    action: 'Re-issue with a commonName copied from the subjectAltName, or without a commonName.',
  },
  ERR_CHAIN_CA_AS_LEAF: {
    summary: 'A CA certificate is used as a TLS leaf (web PKI).',
    cause:
      'The end-entity certificate has basicConstraints cA=true; under the web PKI profile a subscriber (TLS) certificate has cA=false (CA/Browser Forum BR 7.1.2.7.8).',
    action: "Present the server or client certificate, not its CA; or validate with `purpose: 'any'`.",
  },
  ERR_CHAIN_NAME_CONSTRAINTS_BUDGET: {
    summary: 'Checking name constraints would take more comparisons than the budget of this call allows.',
    cause:
      'CAs with many subtrees and certificates with many names (each name is compared with every subtree of its type): over `maxConstraintComparisons`, default 250,000 as in Go, a chain built to stall the validator.',
    action:
      'Such a chain is refused (RFC 5280 4.2.1.10 cannot be shown to hold); raise `maxConstraintComparisons` only for chains you trust. `details` gives `limit` and the CA `caDepth`.',
  },
  ERR_CHAIN_ENCODING_DEVIATION: {
    summary:
      'A certificate in the chain breaks a DER or RFC 5280 encoding rule that certkit reads but does not trust.',
    cause:
      'An encoding deviation real certificates carry (PrintableString `*`, critical FALSE written out, a non-0xFF TRUE, GeneralizedTime before 2050, …); `details.deviations` lists them.',
    action:
      'Re-issue the certificate with a conforming encoder, or set `allowEncodingDeviations: true` if you accept it (trust anchors are exempt).',
  },
});
