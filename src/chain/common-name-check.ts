import type { Certificate, GeneralName } from '../x509/index.js';
import type { ProblemSink } from './problem-sink.js';

const RULE = 'CA/B BR 7.1.4.3';

/**
 * CA/Browser Forum BR 7.1.4.3 on a TLS server leaf: a subject commonName, if present, is exactly one
 * entry, equal to one of the subjectAltName values: a dNSName copied character for character (same case,
 * A-labels not turned into U-labels), or an iPAddress in its canonical text (RFC 3986 3.2.2 dotted quad
 * without leading zeros, RFC 5952 section 4 IPv6: lower case, shortest form). The SAN values are
 * decoded by `certkit/x509` in exactly those forms, so the comparison is a string equality.
 */
export function checkCommonName(sink: ProblemSink, leaf: Certificate, sans: readonly GeneralName[]): void {
  let cns: string[];
  try {
    cns = leaf.subject.get('CN');
  } catch {
    return; // an undecodable subject is reported by the per-certificate checks
  }
  if (cns.length === 0) return;
  if (cns.length > 1) {
    sink.add('ERR_CHAIN_COMMON_NAME', 0, leaf, `the subject has ${cns.length} commonName entries (${RULE})`, {
      rule: RULE,
    });
    return;
  }
  const cn = cns[0]!;
  for (const n of sans) {
    if (n.type === 'dns' && n.value === cn) return;
    if (n.type === 'ip' && (n.bytes.length === 4 || n.bytes.length === 16) && n.value === cn) return;
  }
  sink.add(
    'ERR_CHAIN_COMMON_NAME',
    0,
    leaf,
    `the subject commonName "${cn}" is not one of the subjectAltName values (${RULE})`,
    { rule: RULE, commonName: cn },
  );
}
