import { AcmeError } from '../../../errors/area-errors.js';
import type { Storage } from '../../../storage/storage.js';
import type { Http01Challenge, Http01Solver } from '../http-01-solver.js';
import { http01Prefix, http01StorageKey, isHttp01Token } from './token-key.js';

/** Options of `StorageHttp01Solver`. */
export interface StorageHttp01SolverOptions {
  /**
   * The storage folder of the answers, without a trailing `/`. Default `acme/http-01`. The responders
   * (`createHttp01Handler`, `startHttp01Responder`) must use the same prefix.
   */
  readonly prefix?: string;
}

function checkChallenge(challenge: Http01Challenge, prefix: string): void {
  if (typeof challenge !== 'object' || challenge === null) throw new TypeError('challenge must be an object');
  if (typeof challenge.token !== 'string') throw new TypeError('challenge.token must be a string');
  if (typeof challenge.keyAuthorization !== 'string') {
    throw new TypeError('challenge.keyAuthorization must be a string');
  }
  if (!isHttp01Token(challenge.token, prefix)) {
    throw new AcmeError(
      'ERR_ACME_BAD_RESPONSE',
      'The HTTP-01 token is not a base64url string of a usable length (RFC 8555 section 8.3).',
      { details: { token: challenge.token.slice(0, 80), tokenLength: challenge.token.length } },
    );
  }
  if (!challenge.keyAuthorization.startsWith(`${challenge.token}.`)) {
    throw new TypeError('challenge.keyAuthorization must be "<token>.<account key thumbprint>"');
  }
}

/**
 * Publishes HTTP-01 answers into a shared {@link Storage} at `acme/http-01/<token>` (the key
 * authorization as UTF-8), so every replica that serves `createHttp01Handler` or
 * `startHttp01Responder` over the same storage answers the CA, whichever replica placed the order.
 *
 * @example
 * ```ts
 * import { StorageHttp01Solver, startHttp01Responder } from 'certkit/acme';
 * import { FileStorage } from 'certkit/storage';
 * const storage = new FileStorage({ dir: '/var/lib/certkit' });
 * await startHttp01Responder({ storage, port: 80 }); // on every replica
 * const http01 = new StorageHttp01Solver(storage);   // given to the order client
 * ```
 * @see RFC 8555 section 8.3
 */
export class StorageHttp01Solver implements Http01Solver {
  /** `storage-http-01`. */
  readonly name = 'storage-http-01';
  readonly #storage: Storage;
  readonly #prefix: string;

  /** @throws TypeError when `storage` is not a Storage or `prefix` is not a storage path. */
  constructor(storage: Storage, options: StorageHttp01SolverOptions = {}) {
    if (typeof storage?.put !== 'function' || typeof storage.delete !== 'function') {
      throw new TypeError('storage must be a certkit Storage');
    }
    this.#storage = storage;
    this.#prefix = http01Prefix(options.prefix);
  }

  /**
   * Stores the key authorization under the token (overwriting an earlier answer for the same token).
   *
   * @throws AcmeError `ERR_ACME_BAD_RESPONSE` when the token is not base64url (the CA sent nonsense).
   * @throws InventoryError from the storage (`ERR_STORAGE_*`).
   * @throws TypeError when the challenge is not an {@link Http01Challenge} whose key authorization starts
   *   with `<token>.`.
   */
  async present(challenge: Http01Challenge): Promise<void> {
    checkChallenge(challenge, this.#prefix);
    const key = http01StorageKey(this.#prefix, challenge.token);
    await this.#storage.put(key, new TextEncoder().encode(challenge.keyAuthorization));
  }

  /**
   * Removes the answer for the token; a token that is already gone is fine.
   *
   * @throws InventoryError from the storage (`ERR_STORAGE_*`).
   * @throws TypeError when the challenge is not an {@link Http01Challenge}.
   */
  async cleanup(challenge: Http01Challenge): Promise<void> {
    if (typeof challenge !== 'object' || challenge === null)
      throw new TypeError('challenge must be an object');
    if (typeof challenge.token !== 'string') throw new TypeError('challenge.token must be a string');
    if (!isHttp01Token(challenge.token, this.#prefix)) return; // never stored
    await this.#storage.delete(http01StorageKey(this.#prefix, challenge.token));
  }
}
