import { matchesDnsPattern } from '../../chain/dns-name.js';
import type { ChainProblem } from '../../chain/index.js';
import type { Certificate } from '../../x509/index.js';
import type { TlsExpectedName } from '../profile/tls-profile.js';

/** The DNS names a certificate is presented for: its dNSName SANs, else its subject common names. */
function presentedNames(cert: Certificate): readonly string[] {
  const dns = cert.subjectAltNames.filter((n) => n.type === 'dns').map((n) => n.value);
  return dns.length > 0 ? dns : cert.subject.get('CN');
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * True when the certificate carries the name a gateway profile expects (`<CommonName>`): the same name
 * (compared without case; without `wildcardMatch` a wildcard name matches only the same wildcard
 * name), or, with `wildcardMatch`, a wildcard certificate name that covers the expected host
 * (`*.example.com` covers `api.example.com`, never over a public suffix) or a certificate host that
 * an expected wildcard name covers. The names are the dNSName SANs, or the subject common
 * names when the certificate has none (RFC 6125 section 6.4.4).
 *
 * @example
 * ```ts
 * carriesExpectedName(leaf, { value: 'api.partner.example', wildcardMatch: true });
 * ```
 * @see RFC 9525 section 6.3
 */
export function carriesExpectedName(cert: Certificate, expected: TlsExpectedName): boolean {
  return carries(presentedNames(cert), expected);
}

function carries(names: readonly string[], expected: TlsExpectedName): boolean {
  const want = normalise(expected.value);
  for (const name of names) {
    const have = normalise(name);
    if (have === want) return true;
    if (!expected.wildcardMatch) continue;
    // wildcardMatch: a wildcard certificate name covers the expected host, or an expected wildcard
    // pattern covers the certificate's host (gateways document both readings).
    if (want.startsWith('*.') ? matchesDnsPattern(want, have) : matchesDnsPattern(have, want)) return true;
  }
  return false;
}

/** The chain problem for a peer certificate without the profile's expected name, or undefined. */
export function expectedNameProblem(leaf: Certificate, expected: TlsExpectedName): ChainProblem | undefined {
  const names = presentedNames(leaf);
  if (carries(names, expected)) return undefined;
  return {
    code: 'ERR_CHAIN_HOSTNAME_MISMATCH',
    depth: 0,
    subject: leaf.subject.toString(),
    message: `The certificate does not carry the name the profile's commonName expects, "${expected.value}"${
      expected.wildcardMatch
        ? ' (a wildcard certificate name may cover it)'
        : ' (wildcard certificates not accepted)'
    }; it is presented for ${names.join(', ') || 'no DNS name'}.`,
    details: { expected: expected.value, wildcardMatch: expected.wildcardMatch, names },
  };
}
