import type { Certificate } from '../../x509/index.js';

/**
 * Hands out aliases unique within one store: a taken name gets `-2`, `-3`, … appended. Aliases are
 * compared case-insensitively, as Java keystores do.
 */
export class AliasAllocator {
  readonly #taken = new Set<string>();
  /** Per base (lower case), the suffix to try next: taken names only accumulate, so it never goes back. */
  readonly #next = new Map<string, number>();

  /**
   * The first free alias from `wanted` (or `fallback` when `wanted` is empty or undefined). Amortised
   * constant time, so ten thousand certificates with the same CN take linear time, not quadratic.
   */
  take(wanted: string | undefined, fallback: string): string {
    const base = wanted !== undefined && wanted.trim() !== '' ? wanted : fallback;
    let alias = base;
    if (this.#taken.has(base.toLowerCase())) {
      const key = base.toLowerCase();
      let n = this.#next.get(key) ?? 2;
      while (this.#taken.has(`${key}-${n}`)) n++;
      alias = `${base}-${n}`;
      this.#next.set(key, n + 1);
    }
    this.#taken.add(alias.toLowerCase());
    return alias;
  }
}

/** The alias a trusted certificate gets when its file names none: its subject CN, else `cert-N`. */
export function aliasFromCertificate(cert: Certificate, index: number): string {
  let cn: string | undefined;
  try {
    cn = cert.subject.commonName;
  } catch {
    cn = undefined;
  }
  return cn !== undefined && cn.trim() !== '' ? cn.trim() : `cert-${index}`;
}
