/**
 * One documented error code: what it means, what causes it, what to do about it.
 * `docs/errors.md` is generated from these entries, so a code cannot exist undocumented.
 */
export interface ErrorCatalogueEntry {
  /** One line: what went wrong. */
  readonly summary: string;
  /** What typically causes it. */
  readonly cause: string;
  /** What the user should do. */
  readonly action: string;
}

/** Helper that keeps the literal keys of a catalogue while checking the entry shape. */
export function defineCodes<const T extends Record<`ERR_${string}`, ErrorCatalogueEntry>>(codes: T): T {
  return codes;
}
