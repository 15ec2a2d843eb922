import { AcmeError } from '../../errors/area-errors.js';

/** The acme-client release certkit is built and tested against (package.json pins it exactly). */
export const ACME_CLIENT_TESTED_VERSION = '5.4.0';

/** One member of an acme-client `Client` that certkit relies on. */
export interface AcmeClientMember {
  /** Path from the Client instance, e.g. `http.signedRequest`. */
  readonly path: string;
  /** What `typeof` must answer. */
  readonly type: 'function' | 'number' | 'string';
  /** Whether acme-client documents it (public) or certkit reaches inside (private). */
  readonly access: 'public' | 'private';
  /** What certkit needs it for. */
  readonly usedFor: string;
}

/**
 * Every member of acme-client's `Client` certkit calls or replaces. The private ones are not in
 * acme-client's public API and can change in any release: each is here because no public call does the
 * same job (the reason is in `usedFor`).
 */
export const ACME_CLIENT_CONTRACT: readonly AcmeClientMember[] = [
  {
    path: 'http.request',
    type: 'function',
    access: 'private',
    usedFor: 'replaced by the transport (deadlines, bounded retries, coded problem documents)',
  },
  {
    path: 'http.signedRequest',
    type: 'function',
    access: 'private',
    usedFor: 'wrapped by the transport to count badNonce retries and code the last one',
  },
  {
    path: 'http.maxBadNonceRetries',
    type: 'number',
    access: 'private',
    usedFor: 'set to the maxBadNonceRetries option',
  },
  {
    path: 'http.directoryUrl',
    type: 'string',
    access: 'private',
    usedFor: 'recognising the directory request, which the transport checks',
  },
  {
    path: 'http.getJwk',
    type: 'function',
    access: 'private',
    usedFor:
      'key rollover: the old key in the keyChange request (the public updateAccountKey bypasses the transport)',
  },
  {
    path: 'http.getResourceUrl',
    type: 'function',
    access: 'private',
    usedFor: 'key rollover: the keyChange URL the inner JWS is signed for',
  },
  {
    path: 'http.createSignedBody',
    type: 'function',
    access: 'private',
    usedFor: 'key rollover: the inner JWS signed by the new key (RFC 8555 section 7.3.5)',
  },
  {
    path: 'api.apiResourceRequest',
    type: 'function',
    access: 'private',
    usedFor: 'keyChange, and revocation signed by the certificate key (JWK, no account kid)',
  },
  {
    path: 'api.apiRequest',
    type: 'function',
    access: 'private',
    usedFor: "POST-as-GET of the account's orders list, to find an order a crash left unrecorded",
  },
  {
    path: 'api.getOrder',
    type: 'function',
    access: 'private',
    usedFor: 'polling an order with its Retry-After header (the public getOrder drops headers)',
  },
  {
    path: 'api.getAuthorization',
    type: 'function',
    access: 'private',
    usedFor: 'polling an authorization with its Retry-After header',
  },
  { path: 'createAccount', type: 'function', access: 'public', usedFor: 'registering and finding accounts' },
  { path: 'getAccountUrl', type: 'function', access: 'public', usedFor: 'the account URL (kid)' },
  {
    path: 'updateAccount',
    type: 'function',
    access: 'public',
    usedFor: 'the account object (its orders list) after a crash',
  },
  { path: 'createOrder', type: 'function', access: 'public', usedFor: 'new orders' },
  { path: 'finalizeOrder', type: 'function', access: 'public', usedFor: 'finalizing with the CSR' },
  { path: 'getCertificate', type: 'function', access: 'public', usedFor: 'downloading the chain' },
  {
    path: 'getChallengeKeyAuthorization',
    type: 'function',
    access: 'public',
    usedFor: 'key authorizations',
  },
  { path: 'completeChallenge', type: 'function', access: 'public', usedFor: 'telling the CA to validate' },
  {
    path: 'revokeCertificate',
    type: 'function',
    access: 'public',
    usedFor: 'revocation signed by the account',
  },
];

function memberType(root: unknown, path: string): string {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return 'undefined';
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value;
}

/**
 * Checks that an acme-client `Client` still has every member certkit relies on
 * ({@link ACME_CLIENT_CONTRACT}). The order client runs it on each protocol client it makes, before the
 * first request, so an acme-client release that renamed one of them fails with a code that names the
 * member instead of a TypeError deep inside an order.
 *
 * @throws AcmeError `ERR_ACME_CLIENT_INCOMPATIBLE` (`details.members`: each missing or changed member,
 *   with what it was expected to be and what certkit needs it for; `details.tested`: the acme-client
 *   version certkit is tested with).
 * @example
 * ```ts
 * import { checkAcmeClientContract } from 'certkit/acme';
 * import * as acme from 'acme-client';
 * checkAcmeClientContract(new acme.Client({ directoryUrl, accountKey }));
 * ```
 */
export function checkAcmeClientContract(client: unknown): void {
  const broken = ACME_CLIENT_CONTRACT.flatMap((member) => {
    const found = memberType(client, member.path);
    return found === member.type
      ? []
      : [{ path: member.path, expected: member.type, found, access: member.access, usedFor: member.usedFor }];
  });
  if (broken.length === 0) return;
  throw new AcmeError(
    'ERR_ACME_CLIENT_INCOMPATIBLE',
    `The installed acme-client lacks what certkit relies on: ${broken
      .map(
        (b) => `${b.path} (${b.access}, expected a ${b.expected}, found ${b.found}; used for ${b.usedFor})`,
      )
      .join('; ')}. certkit is tested with acme-client ${ACME_CLIENT_TESTED_VERSION} exactly.`,
    { details: { members: broken, tested: ACME_CLIENT_TESTED_VERSION } },
  );
}
