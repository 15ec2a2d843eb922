import { derInteger } from '../internal/der/index.js';
import { type CertificateRevocationList, parseCrl } from '../x509/certificate-revocation-list.js';
import type { RevocationReason } from './ca-options.js';
import type { StoredRevocation } from './ca-state.js';
import { keyIdentifier } from './certificate-profile.js';
import { type Issuer, issuerNameOf } from './issue-leaf.js';
import type { PeculiarX509 } from './load-peculiar.js';

const CRL_NUMBER = '2.5.29.20';

/** The reasonCode values of RFC 5280 section 5.3.1. */
export const REASON_CODES: Readonly<Record<RevocationReason, number>> = Object.freeze({
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
});

/**
 * @internal Signs a CRL v2 (RFC 5280 section 5): the issuer's subject, thisUpdate and nextUpdate, one
 * entry per revoked serial with its reasonCode (absent for unspecified, section 5.3.1), and the
 * authorityKeyIdentifier (section 5.2.1) and cRLNumber (section 5.2.3) extensions.
 */
export async function makeCrl(
  lib: PeculiarX509,
  issuer: Issuer,
  revoked: readonly StoredRevocation[],
  crlNumber: number,
  thisUpdate: Date,
  nextUpdate: Date,
): Promise<CertificateRevocationList> {
  const aki = issuer.certificate.subjectKeyIdentifier ?? keyIdentifier(issuer.certificate.publicKey);
  const made = await lib.X509CrlGenerator.create(
    {
      issuer: issuerNameOf(lib, issuer.certificate),
      thisUpdate,
      nextUpdate,
      signingKey: issuer.signer.keys.privateKey,
      signingAlgorithm: issuer.signer.algorithm,
      extensions: [
        new lib.AuthorityKeyIdentifierExtension(aki),
        new lib.Extension(CRL_NUMBER, false, derInteger(crlNumber)),
      ],
      entries: revoked.map((r) => {
        const code = REASON_CODES[r.reason as RevocationReason] ?? 0;
        return {
          serialNumber: r.serialNumber,
          revocationDate: new Date(r.revokedAt),
          ...(code === 0 ? {} : { reason: code }),
        };
      }),
    },
    issuer.signer.crypto,
  );
  return parseCrl(new Uint8Array(made.rawData));
}
