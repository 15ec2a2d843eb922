import type { Certificate } from '../../x509/index.js';

/**
 * Hands out aliases unique within one store: a taken name gets `-2`, `-3`, … appended. Aliases are
 * compared case-insensitively, as Java keystores do.
 */
export class AliasAllocator {
  readonly #taken = new Set<string>();

  /** The first free alias from `wanted` (or `fallback` when `wanted` is empty or undefined). */
  take(wanted: string | undefined, fallback: string): string {
    const base = wanted !== undefined && wanted.trim() !== '' ? wanted : fallback;
    let alias = base;
    for (let n = 2; this.#taken.has(alias.toLowerCase()); n++) alias = `${base}-${n}`;
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
