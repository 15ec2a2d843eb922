import type { Certificate, EncodingDeviation } from '../x509/index.js';
import type { ProblemSink } from './cert-checks.js';

/** Whether `cert`'s issuer field holds exactly the bytes of `issuer`'s subject. */
function sameIssuerName(cert: Certificate, issuer: Certificate | undefined): boolean {
  if (issuer === undefined) return false;
  try {
    return Buffer.compare(cert.issuer.der, issuer.subject.der) === 0;
  } catch {
    return false;
  }
}

/**
 * Refuses every certificate of the path but the trust anchor that carries encoding deviations
 * (`Certificate.encodingDeviations`), unless the caller accepts them. The anchor is exempt: it is an
 * input of path validation, trusted as configured (RFC 5280 6.1.1 (d)), and the system store holds roots
 * with such deviations. A deviation in an issuer field that copies its issuer's subject byte for byte
 * is judged on that subject (so a root's name does not make every certificate it issued fail).
 * See docs/conformance.md for what is a deviation and what is refused outright.
 */
export function checkEncodingDeviations(
  sink: ProblemSink,
  path: readonly Certificate[],
  anchored: boolean,
  allow: boolean,
): void {
  if (allow) return;
  const checked = anchored ? path.length - 1 : path.length;
  for (let i = 0; i < checked; i++) {
    const cert = path[i]!;
    let deviations: readonly EncodingDeviation[] = cert.encodingDeviations;
    if (deviations.length === 0) continue;
    if (sameIssuerName(cert, path[i + 1])) deviations = deviations.filter((d) => d.field !== 'issuer');
    if (deviations.length === 0) continue;
    const list = deviations.map((d) => `${d.field}: ${d.message} (${d.rule})`).join('; ');
    sink.add(
      'ERR_CHAIN_ENCODING_DEVIATION',
      i,
      cert,
      `encoding deviations: ${list}; set allowEncodingDeviations to accept them`,
      { deviations: deviations.map((d) => ({ code: d.code, field: d.field, rule: d.rule })) },
    );
  }
}
