import { isCertkitError } from '../../errors/is-certkit-error.js';
import { parsePrivateKey } from '../../keys/parse-private-key.js';
import { PrivateKey } from '../../keys/private-key.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/**
 * @internal Check "key readable": the private key parses (with the password when one came with it).
 * `ERR_KEYSTORE_KEY_ENCRYPTED` when it is encrypted and no password was given,
 * `ERR_KEYSTORE_KEY_UNREADABLE` for anything else.
 */
export function keyReadable(
  privateKey: PrivateKey | string | Uint8Array,
  password: string | undefined,
): { readonly key?: PrivateKey; readonly findings: readonly KeyEntryFinding[] } {
  if (privateKey instanceof PrivateKey) return { key: privateKey, findings: [] };
  try {
    return { key: parsePrivateKey(privateKey, password === undefined ? {} : { password }), findings: [] };
  } catch (e) {
    if (!isCertkitError(e)) throw e;
    const encrypted = e.code === 'ERR_KEY_ENCRYPTED';
    return {
      findings: [
        entryFinding(
          encrypted ? 'ERR_KEYSTORE_KEY_ENCRYPTED' : 'ERR_KEYSTORE_KEY_UNREADABLE',
          'blocking',
          encrypted
            ? 'The private key is encrypted and no password was given with the entry.'
            : `The private key cannot be read: ${e.message}`,
          { details: { keyError: e.code } },
        ),
      ],
    };
  }
}
