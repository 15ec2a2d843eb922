import { defineCodes } from './entry.js';

/**
 * Codes for ACME accounts, orders, challenges and renewal. The `ERR_ACME_*` codes named after an ACME
 * problem type (RFC 8555 section 6.7) carry the problem document in `details.problem`.
 */
export const ACME_CODES = defineCodes({
  ERR_ACME_UNREACHABLE: {
    summary: 'The ACME server cannot be reached.',
    cause:
      'Connection refused, DNS failure, TLS failure or no answer within the timeout, after the retries allowed.',
    action:
      'Check the directory URL, the network and `caCertificates` for a private CA; `details.url` names the request.',
  },
  ERR_ACME_TIMEOUT: {
    summary: 'The ACME server or a challenge did not finish in time.',
    cause: 'A request, an order, an authorization or a challenge self-check passed its deadline.',
    action: 'Raise the timeout named in `details.timeout` or look at the CA or DNS for the stuck step.',
  },
  ERR_ACME_BAD_RESPONSE: {
    summary: 'The ACME server answered something that is not ACME.',
    cause:
      'A directory without the required URLs, a body that is not the JSON expected, a missing Location or Replay-Nonce header, or a certificate chain that cannot be parsed.',
    action:
      'Check that the URL is an ACME directory (RFC 8555 section 7.1.1); `details` names what was missing.',
  },
  ERR_ACME_RATE_LIMITED: {
    summary: 'The CA refused the request because a rate limit was hit.',
    cause:
      'Problem type `rateLimited`; the CA says when to retry in `details.retryAfter` (ISO time) when it sent Retry-After.',
    action:
      'Wait until `details.retryAfter`; do not open new orders meanwhile (certkit resumes the stored one).',
  },
  ERR_ACME_BAD_NONCE: {
    summary: 'The CA kept refusing the anti-replay nonce.',
    cause:
      'Problem type `badNonce` more times in a row than `maxBadNonceRetries` (each one is retried with a fresh nonce).',
    action: 'Retry later; a CA that rejects every nonce is misbehaving.',
  },
  ERR_ACME_UNAUTHORIZED: {
    summary: 'The CA says the account may not do this.',
    cause:
      'Problem type `unauthorized`: the account does not own the order or certificate, or a challenge response was refused.',
    action: 'Check the account and, for a challenge, the problem detail in `details.problem`.',
  },
  ERR_ACME_ACCOUNT_DOES_NOT_EXIST: {
    summary: 'The CA has no account for this key.',
    cause:
      'Problem type `accountDoesNotExist`: the account key was never registered or the account was deactivated.',
    action: 'Create the account (`termsOfServiceAgreed: true`) or use the stored key of the right account.',
  },
  ERR_ACME_EXTERNAL_ACCOUNT_REQUIRED: {
    summary: 'The CA requires External Account Binding.',
    cause:
      'Problem type `externalAccountRequired`, or the directory meta says so and no `externalAccountBinding` was given.',
    action: 'Pass `externalAccountBinding: { kid, hmacKey }` from your CA account.',
  },
  ERR_ACME_TERMS_NOT_AGREED: {
    summary: 'The CA requires agreement to its terms of service.',
    cause:
      'Problem type `userActionRequired`, or a new account without `termsOfServiceAgreed: true` while the directory has a `termsOfService` URL.',
    action: 'Read `details.termsOfService` and pass `termsOfServiceAgreed: true`.',
  },
  ERR_ACME_MALFORMED: {
    summary: 'The CA says the request was malformed.',
    cause:
      'Problem type `malformed`, `badCSR`, `badSignatureAlgorithm`, `badPublicKey`, `badRevocationReason`, `invalidContact` or `unsupportedContact`.',
    action: 'Read `details.problem.detail`; for a CSR check its names and key.',
  },
  ERR_ACME_REJECTED_IDENTIFIER: {
    summary: 'The CA will not issue for a name.',
    cause:
      'Problem type `rejectedIdentifier` or `unsupportedIdentifier` (a policy refuses the name, or the identifier type is unknown).',
    action: 'Remove the name in `details.problem.identifier` or use a CA that issues for it.',
  },
  ERR_ACME_CAA: {
    summary: 'A CAA record forbids this CA from issuing for the name.',
    cause: 'Problem type `caa`.',
    action: 'Add the CA to the CAA records of the domain or remove the CAA record.',
  },
  ERR_ACME_DNS: {
    summary: 'The CA could not look up a DNS record.',
    cause:
      'Problem type `dns`: the TXT record or the A/AAAA record the CA needed was missing or the lookup failed.',
    action: 'Check the record named in `details.problem.detail` from outside your network.',
  },
  ERR_ACME_CONNECTION: {
    summary: 'The CA could not connect to the server answering the challenge.',
    cause: 'Problem type `connection` (HTTP-01 port closed, firewall, wrong address).',
    action: 'Make the HTTP-01 responder reachable on port 80 of every address of the name.',
  },
  ERR_ACME_INCORRECT_RESPONSE: {
    summary: 'The challenge answer the CA saw was not the expected one.',
    cause: 'Problem type `incorrectResponse`: a stale TXT value, or an HTTP-01 answer from another server.',
    action: 'Check that every server for the name answers the same token; remove stale TXT values.',
  },
  ERR_ACME_TLS: {
    summary: 'The CA hit a TLS error while validating.',
    cause: 'Problem type `tls`.',
    action: 'Check the TLS configuration of the server behind the name.',
  },
  ERR_ACME_SERVER_INTERNAL: {
    summary: 'The CA had an internal error.',
    cause: 'Problem type `serverInternal`, or an HTTP 5xx, after the retries allowed.',
    action: 'Retry later; the stored order is resumed.',
  },
  ERR_ACME_ORDER_NOT_READY: {
    summary: 'The order is not in a state for this step.',
    cause:
      'Problem type `orderNotReady`, or an order that is neither pending, ready, processing nor valid when certkit expected one.',
    action: 'Run the order again; certkit resumes or replaces it.',
  },
  ERR_ACME_ALREADY_REVOKED: {
    summary: 'The certificate is already revoked.',
    cause: 'Problem type `alreadyRevoked`.',
    action: 'Nothing to do; replace the certificate.',
  },
  ERR_ACME_PROBLEM: {
    summary: 'The CA answered with a problem type certkit has no own code for.',
    cause: 'A problem document whose type is not one of those above; it is in `details.problem`.',
    action: 'Read `details.problem.type` and `details.problem.detail`.',
  },
  ERR_ACME_ORDER_INVALID: {
    summary: 'The order became invalid.',
    cause:
      'At least one authorization failed; `details.failures` lists each identifier with its problem document (type, detail).',
    action:
      'Fix what each problem says (DNS record, HTTP responder, CAA) and order again; the failed order cannot be reused.',
  },
  ERR_ACME_NO_SOLVER: {
    summary: 'No challenge solver fits an authorization.',
    cause:
      'The CA offers no challenge type the configured solvers handle (a wildcard needs DNS-01), or no solver was configured.',
    action: 'Configure a DNS-01 solver for wildcards, or the solver for a type in `details.offered`.',
  },
  ERR_ACME_SOLVER_FAILED: {
    summary: 'A challenge solver could not publish or remove its record.',
    cause: 'The solver threw (DNS update refused, callback URL failed); the original error is the cause.',
    action: 'Check the solver named in `details.solver` and its credentials.',
  },
  ERR_ACME_SELF_CHECK_FAILED: {
    summary: 'The challenge record did not become visible before the deadline.',
    cause:
      'The TXT record or HTTP-01 token was not seen by the self-check resolvers or URL within `details.timeout` ms.',
    action:
      'Check the record at `details.name` (propagation, wrong zone, firewall); raise the timeout for slow DNS.',
  },
  ERR_ACME_DNS_UPDATE_REFUSED: {
    summary: 'The DNS server refused a dynamic update (RFC 2136).',
    cause:
      'The server answered with an error RCODE (`details.rcode`: REFUSED, NOTAUTH, NOTZONE, SERVFAIL, …) or a TSIG error (`details.tsigError`: BADKEY, BADSIG, BADTIME).',
    action: "Check the zone, the TSIG key name, secret and algorithm, and the server's update-policy.",
  },
  ERR_ACME_DNS_BAD_RESPONSE: {
    summary: 'A DNS server did not give a usable answer.',
    cause:
      'The bytes are not a well-formed DNS message (`details.reason` `malformed`, with `details.offset`), the answer does not match the request (`mismatch`), its TSIG signature is missing or wrong (`unsigned`, `bad-signature`, `bad-time`), or the connection failed (`network`, with `details.errno`).',
    action:
      'Check that `details.server` is the DNS server meant (not a middlebox) and that its TSIG key matches; retry for a network failure.',
  },
  ERR_ACME_CALLBACK_FAILED: {
    summary: 'The validation callback receiver refused the event, or one delivery attempt failed.',
    cause:
      'The callback URL answered HTTP 4xx (other than 408 and 429) or a redirect, which is not tried again; or, as the `cause` of `ERR_ACME_CALLBACK_UNAVAILABLE`, one attempt failed (`details.status` or `details.reason`). The CA is not involved.',
    action: 'Check the callback receiver; `details.status` has the HTTP status when there was one.',
  },
  ERR_ACME_ORDER_LOCKED: {
    summary: 'Another process is ordering or renewing this certificate.',
    cause:
      'The storage lock of the order (`details.id`) is held by a live holder, in this or another process.',
    action: 'Wait for the other process; its lease ends by itself if it dies.',
  },
  ERR_ACME_LOCK_LOST: {
    summary: 'The order lock was lost while ordering.',
    cause:
      'The lease expired (the process stalled longer than the lease) and another holder may have taken it.',
    action: 'Run again; the stored order is resumed. Raise `lockTtlMs` if the process stalls often.',
  },
  ERR_ACME_ACCOUNT_KEY_MISSING: {
    summary: 'The stored account has no usable key.',
    cause: 'The account record in storage is damaged, or its key is encrypted with another passphrase.',
    action: 'Restore the account record or give the right `passphrase`; a new key means a new account.',
  },
  ERR_ACME_CERTIFICATE_MISMATCH: {
    summary: 'The certificate the CA returned does not fit the order.',
    cause: "Its key is not the order's key, or it lacks one of the ordered names.",
    action: 'Report it to the CA; certkit did not store the certificate.',
  },
  ERR_ACME_RENEWAL_INFO: {
    summary: 'ACME Renewal Information could not be used.',
    cause:
      'The certificate lacks an Authority Key Identifier (needed for the ARI certID) or the renewalInfo answer is not valid JSON with a suggestedWindow.',
    action: 'The renewal window falls back to the lifetime fraction; nothing to do unless it repeats.',
  },
  ERR_ACME_CLIENT_INCOMPATIBLE: {
    summary: 'The installed acme-client lacks a member certkit relies on.',
    cause:
      'acme-client is not the version certkit pins (a manual override, a deduplicated install) and renamed or removed one of the members listed in `details.members`.',
    action:
      'Install the acme-client version in `details.tested` (certkit pins it exactly); report it if that version fails.',
  },
  ERR_ACME_CALLBACK_UNAVAILABLE: {
    summary: 'The validation callback receiver did not accept the event in time.',
    cause:
      'Every delivery within the answer window (or before the order deadline) failed: the receiver was unreachable, timed out, or answered 5xx, 408 or 429 (`details.attempts`, `details.last`). The CA is not involved.',
    action:
      'Check the callback receiver named in `details.url`; this is temporary, run again (the order resumes).',
  },
});
