import { isCertkitError } from '../../errors/is-certkit-error.js';
import { decodeInput, encodePem } from '../../pem/index.js';
import type { Certificate } from '../../x509/certificate.js';
import { parseCertificates } from '../../x509/parse-certificate.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/** PEM labels of private keys, skipped when a key + chain bundle is given as the chain. */
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

/**
 * @internal Check "chain readable": the certificates parse (a PEM bundle may hold the key too; its key
 * blocks are skipped) and there is at least one (`ERR_KEYSTORE_CHAIN_UNREADABLE`, `ERR_KEYSTORE_CHAIN_EMPTY`).
 */
export function chainReadable(chain: readonly Certificate[] | string | Uint8Array): {
  readonly certificates: readonly Certificate[];
  readonly findings: readonly KeyEntryFinding[];
} {
  let certificates: readonly Certificate[];
  if (Array.isArray(chain)) {
    certificates = [...(chain as readonly Certificate[])];
  } else {
    try {
      const decoded = decodeInput(chain as string | Uint8Array, { checkContent: false });
      certificates =
        decoded.kind === 'der'
          ? parseCertificates(decoded.bytes)
          : decoded.blocks
              .filter((b) => !KEY_LABELS.has(b.label))
              .flatMap((b) => parseCertificates(encodePem(b.label, b.bytes, { ...b.headers })));
    } catch (e) {
      if (!isCertkitError(e)) throw e;
      return {
        certificates: [],
        findings: [
          entryFinding(
            'ERR_KEYSTORE_CHAIN_UNREADABLE',
            'blocking',
            `The certificate chain cannot be read: ${e.message}`,
            { details: { parseError: e.code } },
          ),
        ],
      };
    }
  }
  if (certificates.length > 0) return { certificates, findings: [] };
  return {
    certificates,
    findings: [
      entryFinding(
        'ERR_KEYSTORE_CHAIN_EMPTY',
        'blocking',
        'The entry has no certificate: a key entry needs at least its own certificate.',
      ),
    ],
  };
}
