/**
 * An entry that is in only one of the two stores compared.
 *
 * @example
 * ```ts
 * import type { StoreDiffEntry } from 'certkit/stores';
 * const added: readonly StoreDiffEntry[] = a.diff(b).added;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface StoreDiffEntry {
  readonly alias: string;
  /** SHA-256 fingerprint of the entry's certificate (the leaf for a key entry), colon hex. */
  readonly sha256Fingerprint: string;
}

/**
 * An alias present in both stores whose entry differs.
 *
 * @example
 * ```ts
 * import type { StoreDiffChange } from 'certkit/stores';
 * const changed: readonly StoreDiffChange[] = a.diff(b).changed;
 * ```
 * @see RFC 5280 section 4.1
 */
export interface StoreDiffChange {
  readonly alias: string;
  /** Fingerprint of the certificate (leaf) before. */
  readonly before: string;
  /** Fingerprint of the certificate (leaf) after. */
  readonly after: string;
  /** What differs: the leaf certificate, the rest of the chain, the private key (by its public key). */
  readonly changes: readonly ('certificate' | 'chain' | 'key')[];
}

/**
 * What changed from one store to another (`a.diff(b)`: from `a` to `b`), by alias and fingerprint.
 *
 * @example
 * ```ts
 * import type { StoreDiff } from 'certkit/stores';
 * const d: StoreDiff = oldKeystore.diff(newKeystore);
 * console.log(d.added.map((e) => e.alias), d.changed.map((c) => `${c.alias}: ${c.changes.join(',')}`));
 * ```
 * @see RFC 5280 section 4.1
 */
export interface StoreDiff {
  /** True when nothing was added, removed or changed. */
  readonly equal: boolean;
  readonly added: readonly StoreDiffEntry[];
  readonly removed: readonly StoreDiffEntry[];
  readonly changed: readonly StoreDiffChange[];
  /** Aliases whose entries are the same in both. */
  readonly unchanged: readonly string[];
}

/** @internal What the diff compares of one entry. */
export interface DiffableEntry {
  readonly alias: string;
  readonly sha256Fingerprint: string;
  /** Fingerprints of the other chain certificates (empty for a trusted entry). */
  readonly chainFingerprints: readonly string[];
  /** Public key fingerprint of the private key (undefined for a trusted entry). */
  readonly keyFingerprint: string | undefined;
}

/** @internal Computes the diff of two lists of entries. */
export function diffEntries(from: readonly DiffableEntry[], to: readonly DiffableEntry[]): StoreDiff {
  const before = new Map(from.map((e) => [e.alias, e]));
  const after = new Map(to.map((e) => [e.alias, e]));
  const added: StoreDiffEntry[] = [];
  const removed: StoreDiffEntry[] = [];
  const changed: StoreDiffChange[] = [];
  const unchanged: string[] = [];
  for (const [alias, a] of before) {
    const b = after.get(alias);
    if (b === undefined) {
      removed.push({ alias, sha256Fingerprint: a.sha256Fingerprint });
      continue;
    }
    const changes: ('certificate' | 'chain' | 'key')[] = [];
    if (a.sha256Fingerprint !== b.sha256Fingerprint) changes.push('certificate');
    if (a.chainFingerprints.join('|') !== b.chainFingerprints.join('|')) changes.push('chain');
    if (a.keyFingerprint !== b.keyFingerprint) changes.push('key');
    if (changes.length === 0) unchanged.push(alias);
    else changed.push({ alias, before: a.sha256Fingerprint, after: b.sha256Fingerprint, changes });
  }
  for (const [alias, b] of after) {
    if (!before.has(alias)) added.push({ alias, sha256Fingerprint: b.sha256Fingerprint });
  }
  return {
    equal: added.length === 0 && removed.length === 0 && changed.length === 0,
    added,
    removed,
    changed,
    unchanged,
  };
}
