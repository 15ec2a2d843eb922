import type { Certificate } from '../../x509/certificate.js';
import { subjectOf } from '../store-finding.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/**
 * @internal Check "validity": no certificate of the chain is expired (`ERR_KEYSTORE_CERT_EXPIRED`) or
 * not yet valid (`ERR_KEYSTORE_CERT_NOT_YET_VALID`) at `at`.
 */
export function certificatesCurrent(chain: readonly Certificate[], at: Date): KeyEntryFinding[] {
  const findings: KeyEntryFinding[] = [];
  chain.forEach((c, depth) => {
    const expired = c.notAfter.getTime() < at.getTime();
    if (!expired && c.notBefore.getTime() <= at.getTime()) return;
    const when = expired ? c.notAfter : c.notBefore;
    findings.push(
      entryFinding(
        expired ? 'ERR_KEYSTORE_CERT_EXPIRED' : 'ERR_KEYSTORE_CERT_NOT_YET_VALID',
        'blocking',
        expired
          ? `"${subjectOf(c) ?? '?'}" expired on ${when.toISOString()}.`
          : `"${subjectOf(c) ?? '?'}" is not valid before ${when.toISOString()}.`,
        {
          depth,
          cert: c,
          details: {
            [expired ? 'notAfter' : 'notBefore']: when.toISOString(),
            at: at.toISOString(),
            sha256Fingerprint: c.sha256Fingerprint,
          },
        },
      ),
    );
  });
  return findings;
}
