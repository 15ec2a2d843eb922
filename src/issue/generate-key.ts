import { generateKeyPair } from 'node:crypto';
import { parsePrivateKey } from '../keys/parse-private-key.js';
import type { PrivateKey } from '../keys/private-key.js';

/** Key types certkit makes fresh keys of. `ec` is P-256 and `rsa` is 2048 bits. */
export type NewKeyType = 'ec' | 'ec-p384' | 'ec-p521' | 'rsa' | 'rsa-3072' | 'rsa-4096' | 'ed25519' | 'ed448';

/** Every {@link NewKeyType}, for option checks. */
export const NEW_KEY_TYPES: readonly NewKeyType[] = Object.freeze([
  'ec',
  'ec-p384',
  'ec-p521',
  'rsa',
  'rsa-3072',
  'rsa-4096',
  'ed25519',
  'ed448',
]);

type Callback = (err: Error | null, publicKey: Buffer, privateKey: Buffer) => void;
const generateLoose = generateKeyPair as unknown as (
  type: string,
  options: object,
  callback: Callback,
) => void;

/** Node's generateKeyPair with DER output, as a promise of the PKCS#8 bytes. */
function generate(type: string, options: object): Promise<Buffer> {
  const encoding = {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  };
  return new Promise((resolve, reject) => {
    generateLoose(type, { ...options, ...encoding }, (err, _pub, priv) =>
      err ? reject(err) : resolve(priv),
    );
  });
}

/**
 * Makes a fresh private key with Node's crypto (OpenSSL's CSPRNG), as a certkit {@link PrivateKey}.
 *
 * @throws TypeError for a type that is not a {@link NewKeyType}.
 * @example
 * ```ts
 * import { generatePrivateKey } from 'certkit/issue';
 * const key = await generatePrivateKey('ec'); // P-256
 * ```
 * @see RFC 5958 (the PKCS#8 form it is held in)
 */
export async function generatePrivateKey(type: NewKeyType = 'ec'): Promise<PrivateKey> {
  const der = await generateDer(type);
  return parsePrivateKey(new Uint8Array(der));
}

async function generateDer(type: NewKeyType): Promise<Buffer> {
  switch (type) {
    case 'ec':
      return generate('ec', { namedCurve: 'P-256' });
    case 'ec-p384':
      return generate('ec', { namedCurve: 'P-384' });
    case 'ec-p521':
      return generate('ec', { namedCurve: 'P-521' });
    case 'rsa':
      return generate('rsa', { modulusLength: 2048 });
    case 'rsa-3072':
      return generate('rsa', { modulusLength: 3072 });
    case 'rsa-4096':
      return generate('rsa', { modulusLength: 4096 });
    case 'ed25519':
    case 'ed448':
      return generate(type, {});
    default:
      throw new TypeError(`key type must be one of ${NEW_KEY_TYPES.join(', ')} (got ${String(type)})`);
  }
}
