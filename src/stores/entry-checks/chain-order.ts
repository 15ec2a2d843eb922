import { orderBundle } from '../../chain/order-bundle.js';
import type { Certificate } from '../../x509/certificate.js';
import { entryFinding, type KeyEntryFinding } from './entry-finding.js';

/** @internal What {@link chainInOrder} found: the chain as it would be stored, and whether it is complete. */
export interface OrderedChain {
  /** Leaf first, without extras or duplicates. */
  readonly chain: readonly Certificate[];
  /** The issuer of the top of `chain`, from the trust given, when the chain stops short of a root. */
  readonly root?: Certificate;
  /** The chain reaches a self-signed root (in the chain or in the trust given). */
  readonly complete: boolean;
  readonly findings: readonly KeyEntryFinding[];
}

/**
 * @internal Check "chain order": the chain is leaf first, has no extra or duplicate certificate, and
 * reaches a root (the trust given may complete it). Out-of-order and extras are warnings (the stored
 * chain is ordered) unless `strictOrder`; an incomplete chain is blocking unless `allowIncompleteChain`.
 */
export function chainInOrder(
  given: readonly Certificate[],
  options: {
    readonly at: Date;
    readonly trust: readonly Certificate[];
    readonly strictOrder: boolean;
    readonly allowIncompleteChain: boolean;
  },
): OrderedChain {
  const order = orderBundle(given, { at: options.at, trust: [...options.trust] });
  const chain = [...order.chain];
  const severity = options.strictOrder ? 'blocking' : 'warning';
  const findings: KeyEntryFinding[] = [];
  for (const f of order.findings) {
    if (f.code === 'ERR_BUNDLE_OUT_OF_ORDER') {
      findings.push(
        entryFinding(
          'ERR_KEYSTORE_CHAIN_OUT_OF_ORDER',
          severity,
          options.strictOrder
            ? 'The chain is not in leaf-to-root order.'
            : 'The chain was not in leaf-to-root order; it is stored ordered.',
          { details: { order: chain.map((c) => given.indexOf(c)) } },
        ),
      );
    } else if (f.code === 'ERR_BUNDLE_EXTRA_CERTIFICATE' || f.code === 'ERR_BUNDLE_DUPLICATE') {
      const cert = f.certificate;
      findings.push(
        entryFinding(
          'ERR_KEYSTORE_CHAIN_EXTRA_CERTIFICATE',
          severity,
          `${f.message}${options.strictOrder ? '' : ' It is left out of the stored chain.'}`,
          {
            ...(cert === undefined ? {} : { cert }),
            details: {
              ...(f.index === undefined ? {} : { index: f.index }),
              duplicate: f.code === 'ERR_BUNDLE_DUPLICATE',
              ...(cert === undefined ? {} : { sha256Fingerprint: cert.sha256Fingerprint }),
            },
          },
        ),
      );
    }
  }
  if (!order.complete)
    findings.push(incomplete(order.missing[0], chain.length - 1, options.allowIncompleteChain));
  return {
    chain,
    complete: order.complete,
    findings,
    ...(order.root === undefined ? {} : { root: order.root }),
  };
}

function incomplete(
  m: ReturnType<typeof orderBundle>['missing'][number] | undefined,
  depth: number,
  allowed: boolean,
): KeyEntryFinding {
  return entryFinding(
    'ERR_KEYSTORE_CHAIN_INCOMPLETE',
    allowed ? 'warning' : 'blocking',
    m === undefined
      ? 'The chain does not reach a root.'
      : `The chain stops at "${m.subject}": its issuer "${m.issuer}" is neither in the chain nor in the trust passed.`,
    {
      depth,
      ...(m === undefined ? {} : { cert: m.certificate }),
      details:
        m === undefined
          ? {}
          : {
              issuer: m.issuer,
              ...(m.authorityKeyIdentifier === undefined
                ? {}
                : { authorityKeyIdentifier: m.authorityKeyIdentifier }),
              caIssuers: m.caIssuers,
            },
    },
  );
}
