import type { StoreErrorCode } from '../errors/catalogue/index.js';

/**
 * How much a finding matters: `blocking` refuses the operation (an upload, a re-point without
 * `force`), `warning` is reported and allowed.
 *
 * @example
 * ```ts
 * import type { FindingSeverity } from 'certkit/stores';
 * const severity: FindingSeverity = 'blocking';
 * ```
 * @see RFC 5280 section 6.1
 */
export type FindingSeverity = 'blocking' | 'warning';

/**
 * One coded result of a store check (upload checks of a key entry, rotation checks). Never a bare
 * `false`: every finding says which check it is (`code`), how much it matters, and why (`message`,
 * `details`). No finding holds key material.
 *
 * @example
 * ```ts
 * import { checkKeyEntry } from 'certkit/stores';
 * for (const f of checkKeyEntry({ privateKey, chain }).findings) console.log(f.severity, f.code, f.message);
 * ```
 * @see RFC 5280 section 6.1
 */
export interface StoreFinding<C extends StoreErrorCode = StoreErrorCode> {
  /** The check that produced it (`ERR_KEYSTORE_*` for upload checks, `ERR_ROTATION_*` for rotation checks). */
  readonly code: C;
  readonly severity: FindingSeverity;
  /** A readable sentence. */
  readonly message: string;
  /** Depth of the certificate concerned in the chain (0 = leaf), when one is. */
  readonly depth?: number;
  /** RFC 4514 subject of that certificate, when there is one. */
  readonly subject?: string;
  /** Structured facts (fingerprints, names, dates, chain problems). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** @internal Whether any finding is blocking. */
export function hasBlocking(findings: readonly StoreFinding[]): boolean {
  return findings.some((f) => f.severity === 'blocking');
}

/** @internal Builds a finding; the subject is read (best effort) from `extra.cert`. */
export function makeFinding<C extends StoreErrorCode>(
  code: C,
  severity: FindingSeverity,
  message: string,
  extra: {
    depth?: number;
    cert?: { readonly subject: { toString(): string } };
    details?: Record<string, unknown>;
  } = {},
): StoreFinding<C> {
  const subject = extra.cert === undefined ? undefined : subjectOf(extra.cert);
  return {
    code,
    severity,
    message,
    ...(extra.depth === undefined ? {} : { depth: extra.depth }),
    ...(subject === undefined ? {} : { subject }),
    ...(extra.details === undefined ? {} : { details: extra.details }),
  };
}

/** @internal Best-effort RFC 4514 subject (never throws). */
export function subjectOf(cert: { readonly subject: { toString(): string } }): string | undefined {
  try {
    return cert.subject.toString();
  } catch {
    return undefined;
  }
}
