import { keyMatchesCertificate } from '../../keys/key-match.js';
import type { PrivateKey } from '../../keys/private-key.js';
import type { Certificate } from '../../x509/certificate.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/** @internal Check "key match": the private key belongs to the leaf (`ERR_KEYSTORE_KEY_MISMATCH`). */
export function keyMatchesLeaf(key: PrivateKey, leaf: Certificate): KeyEntryFinding[] {
  const m = keyMatchesCertificate(key, leaf);
  if (m.matches) return [];
  return [
    entryFinding(
      'ERR_KEYSTORE_KEY_MISMATCH',
      'blocking',
      `The private key does not belong to the leaf certificate (${m.reason}).`,
      {
        depth: 0,
        cert: leaf,
        details: {
          reason: m.reason,
          keyPublicKeySha256: m.keyPublicKeySha256,
          certificatePublicKeySha256: m.certificatePublicKeySha256,
        },
      },
    ),
  ];
}
