import { buildChain } from '../../chain/build-chain.js';
import type { ChainProfile } from '../../chain/options.js';
import { summariseProblems } from '../../chain/problem.js';
import type { Certificate } from '../../x509/certificate.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/** Validity is its own check: these problems are not repeated as trust problems. */
const VALIDITY: ReadonlySet<string> = new Set(['ERR_CHAIN_EXPIRED', 'ERR_CHAIN_NOT_YET_VALID']);

function selfSigned(c: Certificate): boolean {
  try {
    return c.isSelfIssued && c.isSelfSigned();
  } catch {
    return false;
  }
}

/**
 * @internal Check "self-signed": a self-signed leaf is refused (`ERR_KEYSTORE_SELF_SIGNED`) unless the
 * caller allowed private CAs. A certificate manager accepts only certificates a CA issued.
 */
export function leafNotSelfSigned(leaf: Certificate, refuse: boolean): KeyEntryFinding[] {
  if (!refuse || !selfSigned(leaf)) return [];
  return [
    entryFinding(
      'ERR_KEYSTORE_SELF_SIGNED',
      'blocking',
      'The leaf certificate is self-signed; pass allowPrivateCa to accept self-signed and private-CA certificates.',
      { depth: 0, cert: leaf, details: { rule: 'self-signed', sha256Fingerprint: leaf.sha256Fingerprint } },
    ),
  ];
}

/** @internal What {@link chainReachesTrust} found: its findings and, when trusted, the validated path. */
export interface TrustVerdict {
  readonly findings: readonly KeyEntryFinding[];
  /** The validated path, leaf first, anchor last (absent when the chain did not validate). */
  readonly path?: readonly Certificate[];
}

/**
 * @internal Check "trust": the chain validates (RFC 5280 section 6.1) to one of the configured
 * anchors, and only to them: a root carried inside the chain is never an anchor. A chain that ends at
 * a root that is not an anchor is `ERR_KEYSTORE_PRIVATE_CA` (blocking unless `allowPrivateCa`, then a
 * warning); a chain that reaches an anchor but fails validation (signature, CA flags, name
 * constraints, …) is `ERR_KEYSTORE_UNTRUSTED`, always blocking.
 */
export function chainReachesTrust(
  chain: readonly Certificate[],
  anchors: readonly Certificate[],
  options: { readonly at: Date; readonly profile: ChainProfile; readonly allowPrivateCa: boolean },
): TrustVerdict {
  const leaf = chain[0]!;
  const result = buildChain(leaf, {
    intermediates: chain.slice(1),
    trust: anchors,
    at: options.at,
    purpose: 'any',
    profile: options.profile,
  });
  const problems = result.problems.filter((p) => !VALIDITY.has(p.code));
  if (problems.length === 0) return { findings: [], path: result.chain };
  const top = chain[chain.length - 1]!;
  if (result.anchor === undefined) {
    return {
      findings: [
        entryFinding(
          'ERR_KEYSTORE_PRIVATE_CA',
          options.allowPrivateCa ? 'warning' : 'blocking',
          `The chain ends at "${top.subject.toString()}", which is not a configured trust anchor${
            options.allowPrivateCa
              ? ' (accepted: allowPrivateCa).'
              : '; pass the CA in trust, or allowPrivateCa to accept private CAs.'
          }`,
          {
            depth: chain.length - 1,
            cert: top,
            details: { rule: 'configured-anchors-only', problems: summariseProblems(problems) },
          },
        ),
      ],
    };
  }
  return {
    findings: [
      entryFinding(
        'ERR_KEYSTORE_UNTRUSTED',
        'blocking',
        `The chain does not validate to the trust anchor "${result.anchor.subject.toString()}": ${problems[0]!.code}: ${problems[0]!.message}.`,
        { depth: 0, cert: leaf, details: { rule: 'rfc5280-6.1', problems: summariseProblems(problems) } },
      ),
    ],
  };
}

/**
 * @internal Check "required truststore": with `requireTrustedBy`, the chain validates to one of its
 * roots (`ERR_KEYSTORE_UNTRUSTED`).
 */
export function trustedBy(
  chain: readonly Certificate[],
  required: readonly Certificate[],
  options: { readonly at: Date; readonly profile: ChainProfile },
): KeyEntryFinding[] {
  const leaf = chain[0]!;
  const result = buildChain(leaf, {
    intermediates: chain.slice(1),
    trust: required,
    at: options.at,
    purpose: 'any',
    profile: options.profile,
  });
  const problems = result.problems.filter((p) => !VALIDITY.has(p.code));
  if (problems.length === 0) return [];
  return [
    entryFinding(
      'ERR_KEYSTORE_UNTRUSTED',
      'blocking',
      `The chain does not validate to a root of the required truststore: ${problems[0]!.code}: ${problems[0]!.message}.`,
      { depth: 0, cert: leaf, details: { rule: 'requireTrustedBy', problems: summariseProblems(problems) } },
    ),
  ];
}
