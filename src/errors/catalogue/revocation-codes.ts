import { defineCodes } from './entry.js';

/**
 * Codes for revocation checking (CRL, OCSP) and fetching (CRL distribution points, AIA caIssuers).
 * A revocation checker answers `unknown` with one of these codes instead of throwing, so the chain
 * layer's hard-fail / soft-fail policy can say exactly why revocation information could not be had.
 */
export const REVOCATION_CODES = defineCodes({
  ERR_REVOCATION_NO_SOURCE: {
    summary: 'No revocation information is available for the certificate.',
    cause:
      'No CRL was passed for its issuer, and it has no usable CRL distribution point (or fetching is off) or no OCSP URL in its Authority Information Access.',
    action:
      'Pass the issuer’s CRL through `crls`, enable fetching, or use a checker that matches what the CA publishes (CRL or OCSP).',
  },
  ERR_REVOCATION_FETCH_FAILED: {
    summary: 'Fetching revocation information or an issuer certificate failed.',
    cause:
      'The server could not be reached, answered with a non-2xx HTTP status, or the URL scheme is not HTTP(S). `url` and `status` say which.',
    action: 'Check the URL and network access from this host; retry later if the server is down.',
  },
  ERR_REVOCATION_FETCH_TIMEOUT: {
    summary: 'A fetch took longer than its time limit.',
    cause: 'A slow or unresponsive CRL, OCSP or AIA server. `timeoutMs` says the limit.',
    action: 'Retry later, or raise `timeoutMs` if the server is known to be slow.',
  },
  ERR_REVOCATION_FETCH_TOO_LARGE: {
    summary: 'A fetched response is larger than the size limit.',
    cause:
      'A very large CRL, or a server sending something other than what was asked. `maxBytes` says the limit.',
    action: 'Raise `maxBytes` if the CRL really is that large; otherwise treat the server as misbehaving.',
  },
  ERR_REVOCATION_CRL_ISSUER_MISMATCH: {
    summary: 'No CRL from the certificate’s issuer was found.',
    cause: 'The CRLs passed in or fetched are issued by another name than the certificate’s issuer.',
    action: 'Pass the CRL published by the CA that issued the certificate.',
  },
  ERR_REVOCATION_CRL_BAD_SIGNATURE: {
    summary: 'The CRL signature does not verify with the issuer’s key or an authorised CRL signer’s key.',
    cause:
      'A CRL signed by another key than the issuing CA’s (an impostor, or a CA re-keyed), or a damaged CRL.',
    action:
      'Fetch the CRL again from the CA; if the CA signs CRLs with a separate key, pass that signer certificate.',
  },
  ERR_REVOCATION_CRL_SIGNER_UNAUTHORISED: {
    summary: 'The key that signed the CRL is not allowed to sign CRLs.',
    cause: 'The issuer’s (or the CRL signer’s) key usage extension does not include cRLSign.',
    action: 'The CA must publish CRLs signed by a key with the cRLSign key usage.',
  },
  ERR_REVOCATION_CRL_STALE: {
    summary: 'The CRL has expired: its nextUpdate is not after the validation time.',
    cause: 'An old cached or passed-in CRL, or a CA that stopped publishing. `nextUpdate` and `at` say when.',
    action: 'Fetch a current CRL from the distribution point.',
  },
  ERR_REVOCATION_CRL_NOT_YET_VALID: {
    summary: 'The CRL’s thisUpdate is after the validation time.',
    cause: 'Validating at a past time with a newer CRL, or a wrong clock.',
    action: 'Use a CRL that was current at `at`, or check the clock.',
  },
  ERR_REVOCATION_CRL_OUT_OF_SCOPE: {
    summary: 'The CRL does not cover this certificate.',
    cause:
      'Its issuingDistributionPoint limits it to user or CA certificates, attribute certificates, some reasons only, or another distribution point.',
    action: 'Use the CRL named by the certificate’s own CRL distribution point.',
  },
  ERR_REVOCATION_CRL_INDIRECT_UNSUPPORTED: {
    summary: 'Indirect CRLs are not supported.',
    cause: 'The CRL’s issuingDistributionPoint has indirectCRL set (it lists certificates of other CAs).',
    action: 'Use OCSP or a direct CRL from the issuing CA.',
  },
  ERR_REVOCATION_CRL_DELTA_IGNORED: {
    summary: 'Only a delta CRL was available; delta CRLs are ignored.',
    cause: 'The CRL carries a deltaCRLIndicator extension. certkit checks complete CRLs only.',
    action: 'Pass (or publish) the complete base CRL.',
  },
  ERR_REVOCATION_CRL_UNKNOWN_CRITICAL_EXTENSION: {
    summary: 'The CRL has a critical extension certkit does not understand.',
    cause:
      'RFC 5280 section 5.2 forbids using a CRL with an unrecognised critical extension. `oid` names it.',
    action: 'Use OCSP, or ask the CA about the extension.',
  },
  ERR_REVOCATION_OCSP_MALFORMED: {
    summary: 'The OCSP response could not be parsed.',
    cause: 'A damaged response, an HTML error page, or a response type other than id-pkix-ocsp-basic.',
    action: 'Check the responder URL; `reason` names the structure that failed.',
  },
  ERR_REVOCATION_OCSP_STATUS: {
    summary: 'The OCSP responder did not answer successfully.',
    cause:
      'Its responseStatus is malformedRequest, internalError, tryLater, sigRequired or unauthorized (`responseStatus`).',
    action:
      'tryLater and internalError: retry later. unauthorized: the responder does not serve this CA. malformedRequest / sigRequired: the responder wants a different request.',
  },
  ERR_REVOCATION_OCSP_BAD_SIGNATURE: {
    summary: 'The OCSP response signature does not verify.',
    cause: 'A response changed in transit, or signed by a key other than the one its certificate names.',
    action: 'Treat the response as untrusted; retry, and report persistent failures to the CA.',
  },
  ERR_REVOCATION_OCSP_UNAUTHORISED_RESPONDER: {
    summary: 'The OCSP response was signed by a responder not authorised for this issuer.',
    cause:
      'The signer is neither the issuing CA nor a certificate issued by it with the id-kp-OCSPSigning extended key usage, valid at `at`.',
    action: 'Check the responder configuration; a delegated responder certificate needs the OCSPSigning EKU.',
  },
  ERR_REVOCATION_OCSP_STALE: {
    summary: 'The OCSP response is not fresh at the validation time.',
    cause:
      'Its nextUpdate has passed, its thisUpdate is in the future beyond the clock skew, or (without nextUpdate) it is older than `maxAgeSeconds`.',
    action: 'Ask the responder again; check the clock if thisUpdate is in the future.',
  },
  ERR_REVOCATION_OCSP_NONCE_MISMATCH: {
    summary: 'The OCSP response does not echo the nonce that was sent.',
    cause: 'A replayed or cached response, or a responder that ignores nonces.',
    action: 'Retry; if the responder never echoes nonces, turn the `nonce` option off.',
  },
  ERR_REVOCATION_OCSP_CERT_ID_MISMATCH: {
    summary: 'The OCSP response has no answer for the certificate that was asked about.',
    cause: 'Its CertIDs (issuer name hash, issuer key hash, serial number) name other certificates.',
    action: 'Check that the right issuer was used; the responder may serve another CA.',
  },
  ERR_REVOCATION_OCSP_UNKNOWN_CERT: {
    summary: 'The OCSP responder does not know the certificate.',
    cause:
      'It answered certStatus unknown: the certificate is not in its database (possibly never issued by this CA).',
    action: 'Use the CRL, or ask the CA whether it issued the certificate.',
  },
  ERR_REVOCATION_AIA_LIMIT: {
    summary: 'The limit of AIA caIssuers fetches was reached.',
    cause:
      'A long or looping chain of caIssuers URLs, or one fetcher used for many chains. `maxFetches` says the limit.',
    action: 'Create one AIA fetcher per chain, share a cache between them, or raise `maxFetches`.',
  },
  ERR_REVOCATION_PKCS7_MALFORMED: {
    summary: 'A fetched issuer file is neither a certificate nor a PKCS#7 certs-only bundle.',
    cause: 'A damaged download, an HTML error page, or a PKCS#7 type other than SignedData.',
    action: 'Check the caIssuers URL with `openssl pkcs7 -inform DER -print_certs`.',
  },
  ERR_REVOCATION_CRL_NUMBER: {
    summary: 'The CRL has no CRL number, or marks it critical.',
    cause:
      'RFC 5280 section 5.2.3: conforming CRL issuers include a non-critical cRLNumber extension in every CRL; a CRL without one (or with a critical one) is not used.',
    action: 'Ask the CA to publish a conforming CRL, or use OCSP.',
  },
  ERR_REVOCATION_CRL_PROFILE: {
    summary:
      'The CRL breaks the CA/Browser Forum CRL profile (checked with `pedantic` under the web PKI profile).',
    cause:
      'CA/B BR 7.2.2.1: a partitioned CRL names its distribution point by fullName with URIs only (no nameRelativeToCRLIssuer, no other name type); RFC 5280 5.1.2.6: a serial number is listed once at most. Such a CRL is not used, so the status is unknown.',
    action: 'Ask the CA to publish a conforming CRL, use OCSP, or validate without `pedantic`.',
  },
});
