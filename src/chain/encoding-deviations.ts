import type { Certificate } from '../x509/index.js';
import type { ProblemSink } from './cert-checks.js';

/**
 * Refuses every certificate of the path but the trust anchor that carries encoding deviations
 * (`Certificate.encodingDeviations`), unless the caller accepts them. The anchor is exempt: it is an
 * input of path validation, trusted as configured (RFC 5280 6.1.1 (d)), and the system store holds roots
 * with such deviations. See docs/conformance.md for what is a deviation and what is refused outright.
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
    const deviations = cert.encodingDeviations;
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
