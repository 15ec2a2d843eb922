/** One HTTP-01 challenge: serve `keyAuthorization` at `http://<domain>/.well-known/acme-challenge/<token>`. */
export interface Http01Challenge {
  /** The identifier being validated. */
  readonly domain: string;
  /** The challenge token (the last path segment). */
  readonly token: string;
  /** The body to answer with (`token.thumbprint`). */
  readonly keyAuthorization: string;
}

/**
 * Makes HTTP-01 answers available to the responders (for example through shared storage) and removes them.
 *
 * @example
 * ```ts
 * import { StorageHttp01Solver } from 'certkit/acme';
 * import { FileStorage } from 'certkit/storage';
 * const http01 = new StorageHttp01Solver(new FileStorage({ dir: '/var/lib/certkit' }));
 * ```
 * @see RFC 8555 section 8.3
 */
export interface Http01Solver {
  /** A short name for events and errors. */
  readonly name: string;
  /** Makes the answer for this token available. */
  present(challenge: Http01Challenge): Promise<void>;
  /** Removes the answer for this token. */
  cleanup(challenge: Http01Challenge): Promise<void>;
}
