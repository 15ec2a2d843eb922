import type { Certificate } from '../x509/index.js';
import { type CertRole, type ProblemSink, read } from './problem-sink.js';
import type { ValidationContext } from './validation-context.js';

/**
 * The cRLDistributionPoints profile of the web PKI (CA/B BR 7.1.2.11.2), on the certificates a CA issued
 * (not the trust anchor): each distribution point names a fullName of uniformResourceIdentifier names
 * only, and carries neither reasons nor cRLIssuer. A relying party cannot match a partitioned CRL to any
 * other form the way the BRs intend (7.2.2.1 asks for a byte-for-byte copy of the certificate's URI).
 * Browsers and TLS stacks accept such certificates, so this is checked under `webpki` with `pedantic` only.
 * An extension that cannot be read is reported as malformed.
 */
export function checkDistributionPoints(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  role: CertRole,
  ctx: ValidationContext,
): void {
  if (role === 'anchor' || ctx.profile !== 'webpki' || !ctx.pedantic) return;
  const dps = read(sink, depth, cert, 'cRLDistributionPoints', () => cert.distributionPoints, []);
  for (const dp of dps) {
    const why =
      dp.reasons !== undefined
        ? 'a distribution point has reasons'
        : dp.crlIssuer !== undefined
          ? 'a distribution point has cRLIssuer'
          : dp.fullName === undefined || dp.fullName.length === 0
            ? 'a distribution point has no fullName'
            : dp.fullName.some((n) => n.type !== 'uri')
              ? `a distribution point names a ${dp.fullName.find((n) => n.type !== 'uri')!.type} name, not only URIs`
              : undefined;
    if (why !== undefined) {
      sink.add('ERR_CHAIN_BAD_EXTENSION', depth, cert, `cRLDistributionPoints: ${why} (CA/B BR 7.1.2.11.2)`, {
        oid: '2.5.29.31',
        rule: 'CA/B BR 7.1.2.11.2',
      });
      return;
    }
  }
}
