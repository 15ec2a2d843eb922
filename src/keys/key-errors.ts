import { InputError, KeyError } from '../errors/area-errors.js';
import type { ErrorDetails } from '../errors/certkit-error.js';

/**
 * Builders for the errors of this layer. Messages and details never carry key bytes or passwords:
 * only names, offsets, OIDs and reasons.
 */

/** `ERR_KEY_MALFORMED`: truncated, corrupted, or structurally wrong key data. */
export function keyMalformed(reason: string, cause?: unknown, details: ErrorDetails = {}): KeyError {
  return new KeyError('ERR_KEY_MALFORMED', `Malformed private key: ${reason}.`, {
    details: { reason, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `ERR_KEY_UNSUPPORTED_ALGORITHM`. */
export function unsupportedAlgorithm(
  algorithm: string,
  details: ErrorDetails = {},
  cause?: unknown,
): KeyError {
  return new KeyError(
    'ERR_KEY_UNSUPPORTED_ALGORITHM',
    `Unsupported key algorithm ${algorithm}: certkit reads RSA, RSA-PSS, EC P-256/P-384/P-521, Ed25519 and Ed448 keys.`,
    { details: { algorithm, ...details }, ...(cause === undefined ? {} : { cause }) },
  );
}

/** `ERR_KEY_UNSUPPORTED_ENCRYPTION`. */
export function unsupportedEncryption(what: string, details: ErrorDetails = {}): KeyError {
  return new KeyError(
    'ERR_KEY_UNSUPPORTED_ENCRYPTION',
    `The private key is encrypted with ${what}, which certkit does not support; re-encrypt it with \`openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out new.pem\`.`,
    { details: { encryption: what, ...details } },
  );
}

/** `ERR_KEY_ENCRYPTED`: encrypted and no password given. */
export function keyEncrypted(scheme: string): KeyError {
  return new KeyError(
    'ERR_KEY_ENCRYPTED',
    `The private key is encrypted (${scheme}) and no password was given: pass the \`password\` option (\`--password\` on the command line), or decrypt it once with \`openssl pkey -in KEY -out plain.pem\`.`,
    { details: { encryption: scheme } },
  );
}

/** `ERR_KEY_BAD_PASSWORD`: the password does not decrypt the key. */
export function badPassword(scheme: string, cause?: unknown): KeyError {
  return new KeyError(
    'ERR_KEY_BAD_PASSWORD',
    `The password does not decrypt the private key (${scheme}); check the password and its encoding (certkit uses UTF-8), or whether the file was damaged.`,
    { details: { encryption: scheme }, ...(cause === undefined ? {} : { cause }) },
  );
}

/** `ERR_INPUT_UNEXPECTED_OBJECT`: a certificate (or other object) where a key was expected. */
export function unexpectedObject(expected: string, found: string, details: ErrorDetails = {}): InputError {
  return new InputError(
    'ERR_INPUT_UNEXPECTED_OBJECT',
    `Expected ${expected}, but the input holds ${found}.`,
    {
      details: { expected, found, ...details },
    },
  );
}
