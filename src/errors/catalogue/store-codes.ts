import { defineCodes } from './entry.js';

/** Codes for keystores and truststores: PKCS#12, JKS, PEM bundles, upload checks, references and rotation. */
export const STORE_CODES = defineCodes({
  ERR_PKCS12_BAD_PASSWORD: {
    summary: 'The password does not open the PKCS#12 file.',
    cause:
      'A wrong password (checked through the MAC first, or through decryption when the file has no MAC), or the right one typed in another form: PKCS#12 uses the password as UTF-16 for its MAC and legacy ciphers and as UTF-8 for PBES2.',
    action:
      'Check the password with `openssl pkcs12 -info -noout -in FILE` (add `-legacy` for old files); an empty password is a password (`""`).',
  },
  ERR_PKCS12_PASSWORD_REQUIRED: {
    summary: 'The PKCS#12 file is protected and no password was given.',
    cause: 'The file has a MAC or encrypted bags, and neither no password nor the empty one opens it.',
    action: 'Pass the password (`password` option, `--password-env` on the command line).',
  },
  ERR_PKCS12_INTEGRITY: {
    summary: 'The PKCS#12 MAC does not match, although the password decrypts the file.',
    cause:
      'The file was altered or damaged after it was written (a flipped byte in the MAC or in the protected data).',
    action: 'Get a fresh copy of the file; do not use its contents.',
  },
  ERR_PKCS12_MALFORMED: {
    summary: 'The bytes are not a well-formed PKCS#12 file.',
    cause:
      'A truncated or corrupted file, another format under a .p12/.pfx name, or bags whose decrypted content is not what they claim.',
    action: 'Check it with `openssl pkcs12 -info -noout -in FILE`; `reason` and `offset` say where it broke.',
  },
  ERR_PKCS12_UNSUPPORTED: {
    summary: 'The PKCS#12 file uses a feature or algorithm certkit does not support.',
    cause:
      'Public-key integrity mode, RC4 or other rare ciphers, an unknown MAC digest, or a bag type certkit does not read; `what` names it.',
    action: 'Re-export with `openssl pkcs12 -export` (modern defaults) or certkit `writePkcs12`.',
  },
  ERR_PKCS12_ITERATION_LIMIT: {
    summary: 'The PKCS#12 file asks for more key-derivation work than certkit allows.',
    cause:
      'An iteration count above the per-run limit (10,000,000 for PBKDF2, 1,000,000 for the PKCS#12 KDF of the MAC and legacy ciphers), or a file whose MAC and encrypted bags together pass the `maxKdfWork` budget of the read (default 6,000,000 units, about 1.3 s): a hostile file trying to stall the reader, or a misconfigured writer.',
    action:
      'Re-export the file with a sane iteration count (openssl: `-iter`, `-maciter`), or raise `maxKdfWork` for a file you trust; `details` gives `work`, `spent` and `limit`.',
  },
  ERR_JKS_BAD_PASSWORD: {
    summary: 'The store password does not match the JKS integrity digest.',
    cause:
      'A wrong store password, or a file altered or damaged after it was written (the digest covers every byte).',
    action: 'Check it with `keytool -list -keystore FILE -storetype JKS`.',
  },
  ERR_JKS_BAD_KEY_PASSWORD: {
    summary: 'The key password does not decrypt a JKS private key entry.',
    cause:
      'The entry was written with a key password (`keytool -keypass`) other than the one given (default: the store password).',
    action: 'Pass `keyPassword` (a string, or a function of the alias for per-entry passwords).',
  },
  ERR_JKS_MALFORMED: {
    summary: 'The bytes are not a well-formed JKS keystore.',
    cause: 'A truncated or corrupted file, or another format under a .jks name.',
    action: 'Check it with `keytool -list -keystore FILE`; `reason` and `offset` say where it broke.',
  },
  ERR_JKS_UNSUPPORTED: {
    summary: 'The Java keystore uses a format or algorithm certkit does not read.',
    cause:
      'A JCEKS store (magic 0xCECECECE), a JKS version other than 2, a non-X.509 certificate, or a key protected by another algorithm.',
    action:
      'Convert it to PKCS#12: `keytool -importkeystore -srckeystore FILE -destkeystore out.p12 -deststoretype PKCS12`.',
  },
  ERR_PEM_BUNDLE_EMPTY: {
    summary: 'The PEM bundle holds no certificate and no private key.',
    cause: 'An empty file, or only blocks of other kinds (CSR, CRL, parameters).',
    action: 'Give a file with `CERTIFICATE` blocks (a CA bundle) or a private key and its certificates.',
  },
  ERR_PEM_BUNDLE_SEVERAL_KEYS: {
    summary: 'The PEM bundle holds more than one private key.',
    cause: 'Two keys concatenated into one file; a bundle is one key and its chain.',
    action: 'Split the file: one key with its chain per bundle.',
  },
  // --- keystore / truststore model, upload checks (model helper) ---
  ERR_STORE_ALIAS_EXISTS: {
    summary: 'The store already holds an entry under this alias.',
    cause: '`withEntry` / `withCertificate` was given an alias that is taken, without `replace: true`.',
    action:
      'Pick another alias, or pass `replace: true` to replace the entry (the result is a new store value).',
  },
  ERR_STORE_ALIAS_NOT_FOUND: {
    summary: 'The store has no entry under this alias.',
    cause:
      'A typo in the alias, or the entry was removed; `details.aliases` lists the aliases the store holds.',
    action: 'Use one of `details.aliases`.',
  },
  ERR_KEYSTORE_ENTRY_REJECTED: {
    summary: 'A key entry failed its upload checks.',
    cause:
      'Thrown only when the blocking findings have several codes and a single one cannot be named; `details.findings` lists every finding (normally the error carries the code of the first blocking finding itself).',
    action: 'Read `details.findings`: each has its own code, severity and message.',
  },
  ERR_KEYSTORE_KEY_ENCRYPTED: {
    summary: 'The private key given as PEM text is encrypted and no password was given.',
    cause:
      'An `ENCRYPTED PRIVATE KEY` block or a legacy encrypted PEM added to a keystore without `password`.',
    action: 'Pass the key password with the entry (`{ privateKey, chain, password }`).',
  },
  ERR_KEYSTORE_KEY_UNREADABLE: {
    summary: 'The private key given with the entry cannot be read.',
    cause: 'A wrong password, a damaged key, or an unsupported algorithm; `cause` holds the key error.',
    action: 'Check the key with `openssl pkey -in KEY -noout`; the cause names the exact problem.',
  },
  ERR_KEYSTORE_CHAIN_UNREADABLE: {
    summary: 'The certificate chain given with the entry cannot be read.',
    cause: 'PEM text or bytes that do not hold well-formed certificates; `cause` holds the parse error.',
    action:
      'Check the chain with `openssl crl2pkcs7 -nocrl -certfile CHAIN | openssl pkcs7 -print_certs -noout`.',
  },
  ERR_KEYSTORE_CHAIN_EMPTY: {
    summary: 'The key entry has no certificate.',
    cause: 'An empty chain: a keystore entry needs at least the certificate of its key.',
    action: 'Pass the certificate (and its intermediates) as `chain`, leaf first.',
  },
  ERR_KEYSTORE_KEY_MISMATCH: {
    summary: 'The private key does not belong to the leaf certificate of the entry.',
    cause:
      'A key from another certificate (often the previous one after a renewal), or a chain whose leaf is not the certificate of this key.',
    action:
      'Pair the key with its own certificate; `details.keyPublicKeySha256` and `details.certificatePublicKeySha256` tell them apart.',
  },
  ERR_KEYSTORE_CHAIN_INCOMPLETE: {
    summary: 'The chain does not reach a root.',
    cause:
      'An intermediate is missing, and neither the chain nor the `trust` passed with the checks holds the issuer of the top certificate.',
    action:
      'Add the missing intermediate (see `details.issuer` and `details.caIssuers`), pass your roots as `trust`, or pass `allowIncompleteChain: true`.',
  },
  ERR_KEYSTORE_CHAIN_OUT_OF_ORDER: {
    summary: 'The chain was not given leaf first, each certificate followed by its issuer.',
    cause:
      'A bundle concatenated in another order. The entry stores the ordered chain (a warning) unless `strictOrder: true` makes it blocking.',
    action: 'Nothing, if the reordered chain is what you want; else give the chain leaf first.',
  },
  ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE: {
    summary: 'The chain holds a certificate that is not part of the leaf’s chain, or a duplicate.',
    cause:
      'An unrelated certificate or a repeated one in the bundle; it is left out of the stored chain (a warning) unless `strictOrder: true`.',
    action: 'Remove it from the bundle.',
  },
  ERR_KEYSTORE_CERT_EXPIRED: {
    summary: 'A certificate of the entry has expired at the check time.',
    cause: '`notAfter` is before `at`; `details.depth` says which one (0 is the leaf).',
    action:
      'Renew the certificate (or the intermediate) before adding it; check the clock if the date looks wrong.',
  },
  ERR_KEYSTORE_CERT_NOT_YET_VALID: {
    summary: 'A certificate of the entry is not yet valid at the check time.',
    cause: '`notBefore` is after `at`; `details.depth` says which one.',
    action: 'Wait until `details.notBefore`, or check the clock of the machine that issued or checks it.',
  },
  ERR_KEYSTORE_CERT_REVOKED: {
    summary: 'A certificate of the entry is revoked according to the revocation data passed in.',
    cause:
      'Its serial number is on a current CRL of its issuer (or OCSP says revoked); `details.reason` and `details.revokedAt` say why and when.',
    action: 'Do not deploy it: obtain a new certificate (and a new key if the reason is keyCompromise).',
  },
  ERR_KEYSTORE_REVOCATION_UNKNOWN: {
    summary: 'The revocation status of a certificate of the entry could not be established.',
    cause:
      'No usable CRL or OCSP answer for it (`details.revocationCode` says why: a fetch that failed, a stale CRL, or `ERR_REVOCATION_NO_SOURCE` when it names neither OCSP nor CRL). A warning under the default soft-fail, blocking with `revocation: "hard-fail"` (or `revocationPolicy: "hard-fail"` with a checker).',
    action: 'Make the CRL / OCSP responder reachable, pass the issuer’s current CRL, or accept the warning.',
  },
  ERR_KEYSTORE_SELF_SIGNED: {
    summary: 'The leaf certificate is self-signed and the upload checks refuse self-signed certificates.',
    cause:
      'The leaf is its own issuer. Refused by default (as certificate managers do); `allowPrivateCa: true` (or `refuseSelfSigned: false`) accepts it.',
    action:
      'Use a certificate issued by a CA, or pass `allowPrivateCa` (`--allow-private-ca`) for a private PKI.',
  },
  ERR_KEYSTORE_UNTRUSTED: {
    summary: 'The entry’s chain does not validate to a configured trust anchor.',
    cause:
      'The chain reaches a configured anchor (`trust`, default Node’s public roots) or a root of `requireTrustedBy` but path validation fails (RFC 5280 section 6.1); `details.problems` lists the chain problems (codes `ERR_CHAIN_*`).',
    action: 'Add the missing intermediate to the chain, or the right root to the truststore.',
  },
  ERR_KEYSTORE_PRIVATE_CA: {
    summary: 'The entry’s chain ends at a root that is not a configured trust anchor (a private CA).',
    cause:
      'Only configured anchors are trusted (`trust`, default Node’s public CA roots); a root carried inside the uploaded chain never is. Blocking unless `allowPrivateCa`, then a warning.',
    action:
      'Pass the private root in `trust`, or `allowPrivateCa: true` (`--allow-private-ca`) to accept private PKIs.',
  },
  // --- references and the registry (model helper) ---
  ERR_STORE_NOT_FOUND: {
    summary: 'No store of that name is in the registry.',
    cause: 'A typo, a store not yet added, or one deleted; `details.name` is the name asked for.',
    action: 'Add it with `putKeystore` / `putTruststore`, or use one of `details.stores`.',
  },
  ERR_STORE_KIND_MISMATCH: {
    summary: 'A keystore was found where a truststore is needed, or the other way round.',
    cause: 'A reference or name that points at the wrong kind of store, or a name reused for the other kind.',
    action: 'Point the reference at a store of the kind in `details.expected`, or use another name.',
  },
  ERR_STORE_IN_USE: {
    summary: 'The store cannot be deleted: references point at it.',
    cause: 'Deleting a store that `details.references` still point at would break whatever uses them.',
    action: 'Re-point (or delete) every reference in `details.references` first.',
  },
  ERR_STORE_REFERENCE_INVALID: {
    summary: 'The text is not a valid store reference, name or variable.',
    cause:
      'Names are 1-200 characters of letters, digits, `.`, `_`, `-`, `:` and `/` (no spaces); references are `ref://name`; variables are `{a.b}`.',
    action: 'Fix the spelling; `details.value` shows what was given.',
  },
  ERR_STORE_REFERENCE_NOT_FOUND: {
    summary: 'No reference of that name is defined.',
    cause: 'A typo, or `defineReference` was never called for it.',
    action: 'Define it with `defineReference(ref, storeName)`, or use one of `details.references`.',
  },
  ERR_STORE_REFERENCE_EXISTS: {
    summary: 'The reference is already defined.',
    cause: '`defineReference` for a reference that exists; changing its target is a `repoint`.',
    action: 'Use `repoint(ref, storeName)` (checked, with history) to change where it points.',
  },
  ERR_STORE_VARIABLE_UNRESOLVED: {
    summary: 'A per-request store variable could not be resolved.',
    cause:
      'No resolver was passed with the call, or it returned nothing (or a variable again) for `details.variable`.',
    action: 'Pass `{ resolveVariable }` to `resolve` and make it return a store name or `ref://` reference.',
  },
  ERR_STORE_NO_ROLLBACK: {
    summary: 'The reference has no earlier target to roll back to.',
    cause: 'It was never re-pointed, or every re-point has already been rolled back.',
    action: 'Re-point it explicitly with `repoint`.',
  },
  ERR_STORE_LISTENER_FAILED: {
    summary: 'A change listener threw; the change itself was made.',
    cause:
      'A `registry.on("change", …)` listener threw while handling the event (`cause`); the other listeners still ran.',
    action:
      'Fix the listener, or pass `onListenerError` to the registry to handle listener failures yourself.',
  },
  ERR_STORE_REFERENCE_CHANGED: {
    summary: 'Another writer changed the reference while this change was being checked; nothing was written.',
    cause:
      'Two processes re-pointed (or rolled back) the same reference at once over a shared `Storage`: the write is a compare-and-set on the version read before the rotation check, and the other one won. `details.actual` is where it points now.',
    action:
      'Look at the reference again (`ref show`, `history`) and repeat the change if it is still wanted.',
  },
  ERR_STORE_RECORD_CORRUPT: {
    summary: 'A keystore, truststore or reference record in the storage cannot be read.',
    cause:
      'The record under `details.storageKey` is not what certkit writes (edited by hand, truncated, or written by a newer version).',
    action:
      'Restore the record from a backup, or delete it and put the store (or define the reference) again.',
  },
  ERR_STORE_PASSPHRASE_REQUIRED: {
    summary:
      'A registry in a storage needs its passphrase: its keys are sealed, or a keystore would be stored with plain keys.',
    cause:
      '`details.reason` says which: `sealed-registry` (the storage was sealed with a passphrase and this process opened it without one), `sealed-key` (a record holds sealed keys), or `plaintext-keys` (a keystore was put into a registry opened without a passphrase, and `allowPlaintextKeys` was not given).',
    action:
      'Open the registry with `passphrase` (the CLI: `--passphrase-env VAR`, `--passphrase-file F` or `--passphrase`), the same in every process; or, knowingly, `allowPlaintextKeys` (`--plaintext-keys`) on a registry that was never sealed.',
  },
  ERR_STORE_PASSPHRASE_WRONG: {
    summary: 'The passphrase does not open this registry’s sealed keys.',
    cause:
      'The storage was sealed with another passphrase: its check value does not decrypt with the key this one derives.',
    action: 'Give the passphrase the registry was sealed with (every replica must use the same one).',
  },
  // --- rotation checks (model helper) ---
  ERR_ROTATION_BLOCKED: {
    summary: 'The re-point was refused: the candidate store has blocking rotation findings.',
    cause:
      '`checkRotation` found problems of severity `blocking`; `details.findings` lists every finding with its own `ERR_ROTATION_*` code.',
    action:
      'Fix the candidate store, or pass `force: true` (recorded in the history) if you accept the risk.',
  },
  ERR_ROTATION_ALIAS_MISSING: {
    summary: 'The candidate keystore has no entry under the key alias the TLS profile uses.',
    cause: 'The new store was built with another alias; `details.aliases` lists the ones it has.',
    action: 'Rebuild the store with the alias in `details.alias`, or change the profile’s key alias.',
  },
  ERR_ROTATION_ALIAS_AMBIGUOUS: {
    summary: 'No key alias was given and the candidate keystore holds several key entries.',
    cause: 'Neither the reference nor the call names `keyAlias`, so the entry to use is not known.',
    action: 'Pass `keyAlias`, or define the reference with one.',
  },
  ERR_ROTATION_KEY_MISMATCH: {
    summary: 'The candidate entry’s private key does not belong to its certificate.',
    cause: 'The store was assembled from a key and a certificate that do not match.',
    action: 'Rebuild the entry from the key and the certificate issued for it.',
  },
  ERR_ROTATION_UNTRUSTED: {
    summary: 'The candidate certificate does not chain to a root in the truststore the TLS profile uses.',
    cause:
      'A missing intermediate, or a certificate from another CA; `details.problems` lists the chain problems.',
    action: 'Add the intermediates to the entry, or the CA’s root to the truststore first.',
  },
  ERR_ROTATION_TRUST_NOT_CHECKED: {
    summary: 'No truststore was known for the check, so the chain was not validated.',
    cause: 'Neither the call nor the reference names `trustStore`.',
    action: 'Pass `trustStore` (a store name, `ref://` reference or `Truststore`) to check the chain.',
  },
  ERR_ROTATION_HOSTNAME_DROPPED: {
    summary: 'The candidate certificate does not cover a host name or IP address the current one covers.',
    cause: 'A SAN left out of the new certificate; `details.dropped` lists them.',
    action:
      'Reissue the certificate with every name in `details.dropped`, or accept that clients using them will fail.',
  },
  ERR_ROTATION_KEY_DOWNGRADE: {
    summary: 'The candidate key is weaker than the current one.',
    cause:
      'A smaller key of the same type (RSA 3072 → 2048, P-384 → P-256) or another type of lower strength (NIST SP 800-57 security bits).',
    action: 'Issue the new certificate for a key at least as strong as `details.before`.',
  },
  ERR_ROTATION_KEY_USAGE_LOST: {
    summary: 'The candidate certificate lacks a key usage the current one has.',
    cause:
      'The new certificate’s keyUsage extension leaves out bits in `details.lost` (bits that do not apply to the new key type are not counted).',
    action: 'Reissue with the missing key usages, or accept that uses relying on them will fail.',
  },
  ERR_ROTATION_EKU_LOST: {
    summary: 'The candidate certificate lacks an extended key usage the current one has.',
    cause:
      'The new certificate’s extendedKeyUsage leaves out purposes in `details.lost` (a warning when the current one had no EKU at all).',
    action: 'Reissue with the missing purposes.',
  },
  ERR_ROTATION_CLIENT_AUTH_MISSING: {
    summary:
      'The candidate is used for client authentication (mTLS) but its certificate lacks the clientAuth EKU.',
    cause:
      'An extendedKeyUsage without clientAuth (blocking), or none at all (a warning: OpenSSL accepts it, stricter servers do not).',
    action: 'Reissue the client certificate with extendedKeyUsage clientAuth.',
  },
  ERR_ROTATION_SERVER_AUTH_MISSING: {
    summary: 'The candidate is used by a TLS server but its certificate’s EKU lacks serverAuth.',
    cause: 'An extendedKeyUsage without serverAuth or anyExtendedKeyUsage.',
    action: 'Reissue the server certificate with extendedKeyUsage serverAuth.',
  },
  ERR_ROTATION_INTERMEDIATE_EXPIRES_FIRST: {
    summary: 'An intermediate of the candidate chain expires before its leaf.',
    cause: 'The chain will stop validating on `details.notAfter`, earlier than the leaf’s own expiry.',
    action:
      'Get the CA’s newer intermediate (or a leaf that ends before it), and plan the next rotation before that date.',
  },
  ERR_ROTATION_EXPIRED: {
    summary: 'The candidate certificate has expired.',
    cause: '`notAfter` is before the check time.',
    action: 'Use a current certificate.',
  },
  ERR_ROTATION_NOT_YET_VALID: {
    summary: 'The candidate certificate is not yet valid.',
    cause: '`notBefore` is after the check time.',
    action: 'Re-point after `details.notBefore`, or check the clocks.',
  },
  ERR_ROTATION_EXPIRING: {
    summary: 'The candidate certificate expires within the threshold.',
    cause: 'Fewer than `expiringWithinDays` (default 30) days remain; a warning.',
    action: 'Rotate to a certificate with a longer life if you can.',
  },
  ERR_ROTATION_ANCHOR_REMOVED: {
    summary: 'The candidate truststore drops a certificate the current one trusts.',
    cause:
      'A root left out of the new truststore; peers whose chains end at it will fail. Blocking: re-pointing needs `force`.',
    action: 'Keep the root until no peer relies on it, or re-point with `force` once none does.',
  },
});
