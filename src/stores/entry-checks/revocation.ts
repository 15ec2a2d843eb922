import type { RevocationChecker } from '../../chain/revocation-checker.js';
import type { Certificate } from '../../x509/certificate.js';
import { subjectOf } from '../store-finding.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

function selfSigned(c: Certificate): boolean {
  try {
    return c.isSelfIssued && c.isSelfSigned();
  } catch {
    return false;
  }
}

/**
 * @internal Check "revocation": each certificate of `path` (leaf first) that has an issuer in it, or
 * `root` for the top, is asked about. `revoked` is `ERR_KEYSTORE_CERT_REVOKED` (always blocking);
 * `unknown` is `ERR_KEYSTORE_REVOCATION_UNKNOWN`, a warning with the reason under soft-fail, blocking
 * under hard-fail. A self-signed root is not checked (nothing above it can revoke it).
 */
export async function notRevoked(
  path: readonly Certificate[],
  root: Certificate | undefined,
  checker: RevocationChecker,
  options: { readonly at: Date; readonly hardFail: boolean },
): Promise<KeyEntryFinding[]> {
  const findings: KeyEntryFinding[] = [];
  for (let depth = 0; depth < path.length; depth++) {
    const cert = path[depth]!;
    const issuer = path[depth + 1] ?? (selfSigned(cert) ? undefined : root);
    if (issuer === undefined) continue;
    const status = await checker.check(cert, issuer, { at: options.at, depth });
    const subject = subjectOf(cert) ?? '?';
    if (status.status === 'revoked') {
      findings.push(
        entryFinding(
          'ERR_KEYSTORE_CERT_REVOKED',
          'blocking',
          `"${subject}" was revoked on ${status.revokedAt.toISOString()}${status.reason === undefined ? '' : ` (${status.reason})`}.`,
          {
            depth,
            cert,
            details: {
              serialNumber: cert.serialNumber,
              revokedAt: status.revokedAt.toISOString(),
              source: status.source,
              ...(status.reason === undefined ? {} : { reason: status.reason }),
            },
          },
        ),
      );
    } else if (status.status === 'unknown') {
      findings.push(
        entryFinding(
          'ERR_KEYSTORE_REVOCATION_UNKNOWN',
          options.hardFail ? 'blocking' : 'warning',
          `The revocation status of "${subject}" is unknown: ${status.reason}.`,
          { depth, cert, details: { revocationCode: status.code, serialNumber: cert.serialNumber } },
        ),
      );
    }
  }
  return findings;
}
