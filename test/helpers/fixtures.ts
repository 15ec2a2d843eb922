import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a committed fixture under test/fixtures. */
export function fixturePath(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', ...parts);
}

/** A fixture's bytes. */
export function fixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}

/** A fixture as text. */
export function fixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}
