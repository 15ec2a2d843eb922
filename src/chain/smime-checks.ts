import { ExtendedKeyUsageOid } from '../internal/oids.js';
import type { Certificate } from '../x509/index.js';
import type { CertRole, ProblemSink } from './problem-sink.js';
import type { ValidationContext } from './validation-context.js';

/** Key purposes an S/MIME certificate, subscriber or subordinate CA, SHALL NOT assert. */
const SMIME_FORBIDDEN_EKUS: ReadonlyMap<string, string> = new Map([
  [ExtendedKeyUsageOid.serverAuth, 'id-kp-serverAuth'],
  [ExtendedKeyUsageOid.codeSigning, 'id-kp-codeSigning'],
  [ExtendedKeyUsageOid.timeStamping, 'id-kp-timeStamping'],
  [ExtendedKeyUsageOid.anyExtendedKeyUsage, 'anyExtendedKeyUsage'],
]);

/** An extension's value, or undefined when it cannot be read (the generic checks report that). */
function quietly<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

function forbiddenPurposes(sink: ProblemSink, depth: number, cert: Certificate, rule: string): void {
  const eku = quietly(() => cert.extendedKeyUsage);
  if (eku === undefined) return; // a leaf without one is refused by the purpose check (pedantic)
  const banned = eku.oids.filter((o) => SMIME_FORBIDDEN_EKUS.has(o));
  if (banned.length > 0)
    sink.add(
      'ERR_CHAIN_EXTENDED_KEY_USAGE',
      depth,
      cert,
      `an S/MIME certificate must not assert ${banned.map((o) => SMIME_FORBIDDEN_EKUS.get(o)).join(', ')} (${rule})`,
      { rule, forbidden: banned },
    );
}

/**
 * The CA/B Forum S/MIME Baseline Requirements a relying party can check, for `purpose: 'email'` under the
 * web PKI profile with `pedantic` (mail clients accept what breaks them): on the subscriber certificate,
 * 7.1.2.3 (e) keyUsage present and without keyCertSign / cRLSign, 7.1.2.3 (f) extendedKeyUsage present (refused by the
 * purpose check when absent) and without serverAuth, codeSigning, timeStamping or anyExtendedKeyUsage; on a subordinate CA, 7.1.2.2 (e)
 * keyUsage with both keyCertSign and cRLSign, 7.1.2.2 (g) none of those key purposes. (emailProtection
 * itself is required by the purpose check, RFC 5280 4.2.1.12; a root's extendedKeyUsage, 7.1.2.1 (d), by
 * the root rules.) "SHOULD" rules (a critical keyUsage) are not enforced.
 */
export function checkSmimeProfile(
  sink: ProblemSink,
  depth: number,
  cert: Certificate,
  role: CertRole,
  ctx: ValidationContext,
): void {
  if (ctx.purpose !== 'email' || ctx.profile !== 'webpki' || !ctx.pedantic || role === 'anchor') return;
  const ku = quietly(() => cert.keyUsage);
  if (role === 'leaf') {
    const rule = 'CA/B S/MIME BR 7.1.2.3 (e)';
    if (ku === undefined)
      sink.add('ERR_CHAIN_KEY_USAGE', depth, cert, `an S/MIME certificate has no keyUsage (${rule})`, {
        rule,
      });
    else if (ku.keyCertSign || ku.cRLSign)
      sink.add(
        'ERR_CHAIN_KEY_USAGE',
        depth,
        cert,
        `an S/MIME certificate must not assert keyCertSign or cRLSign (${rule})`,
        {
          rule,
        },
      );
    forbiddenPurposes(sink, depth, cert, 'CA/B S/MIME BR 7.1.2.3 (f)');
    return;
  }
  const rule = 'CA/B S/MIME BR 7.1.2.2 (e)';
  if (ku !== undefined && (!ku.keyCertSign || !ku.cRLSign))
    sink.add(
      'ERR_CHAIN_KEY_USAGE',
      depth,
      cert,
      `an S/MIME subordinate CA’s keyUsage must assert both keyCertSign and cRLSign (${rule})`,
      { rule },
    );
  forbiddenPurposes(sink, depth, cert, 'CA/B S/MIME BR 7.1.2.2 (g)');
}
