import { defineCodes } from './entry.js';

/** Codes for private and public keys, and for key match. */
export const KEY_CODES = defineCodes({
  ERR_KEY_ENCRYPTED: {
    summary: 'The private key is encrypted and no password was given.',
    cause: 'An `ENCRYPTED PRIVATE KEY` block or a legacy PEM with `Proc-Type: 4,ENCRYPTED`.',
    action:
      'Pass the password (`password` option, or `--password` / `--password-env` on the command line), or decrypt once with `openssl pkey -in KEY -out plain.pem`.',
  },
  ERR_KEY_BAD_PASSWORD: {
    summary: 'The password does not decrypt the private key.',
    cause:
      'A wrong password, the right password in another encoding (certkit uses the UTF-8 bytes of a string), or encrypted data damaged after it was written.',
    action: 'Check the password; `openssl pkey -in KEY -noout` asks for it and tells whether it is right.',
  },
  ERR_KEY_UNSUPPORTED_ALGORITHM: {
    summary: 'The key uses an algorithm or curve certkit does not support.',
    cause: 'A DSA, GOST, SM2 or non-NIST curve key, or an unknown OID.',
    action: 'Use RSA, RSA-PSS, EC P-256/P-384/P-521, Ed25519 or Ed448; `algorithm` names what was found.',
  },
  ERR_KEY_UNSUPPORTED_ENCRYPTION: {
    summary: 'The key is encrypted with a scheme certkit does not support.',
    cause:
      'An uncommon cipher or key derivation function (RC2, RC4, Camellia, MD2-based PBES1), or KDF costs above the limits that keep a hostile file from stalling a parse (PBKDF2 over 10,000,000 iterations, scrypt over 64 MiB).',
    action: 'Re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out new.pem`.',
  },
  ERR_KEY_MALFORMED: {
    summary: 'The bytes are not a well-formed private or public key.',
    cause:
      "A truncated or corrupted key file, a PEM label that does not fit its content (a PKCS#1 body under `PRIVATE KEY`), or a key Node's OpenSSL refuses to load.",
    action: 'Check it with `openssl pkey -in KEY -noout -text`; re-export it if that fails too.',
  },
  ERR_KEY_MISMATCH: {
    summary: 'The private key does not belong to the certificate.',
    cause: 'A key from another certificate (often the previous one after a renewal).',
    action:
      'Find the key whose public key fingerprint equals `certificatePublicKeySha256`; both fingerprints are in the error.',
  },
  ERR_KEY_KDF_LIMIT: {
    summary: 'Opening the key would take more key-derivation work than the budget of this call allows.',
    cause:
      'Iteration counts or scrypt costs that, over every key of the call, pass `maxKdfWork` (default 6,000,000 units, about 1.3 s of CPU; one unit is about one PBKDF2-HMAC-SHA-256 iteration): a hostile file trying to stall the reader, or an unusually expensive one.',
    action:
      'Re-encrypt with a sane cost (`openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000`), or raise `maxKdfWork` for input you trust; `details` gives `work`, `spent` and `limit`.',
  },
});
