import { fileURLToPath } from 'node:url';
import { type Child, startTsxChild } from '../../helpers/tsx-child.js';

export type { Child };

const SCRIPT = fileURLToPath(new URL('../fixtures/storage-child.ts', import.meta.url));

/** Starts `node --import tsx storage-child.ts <args>`. */
export function startChild(args: readonly string[]): Child {
  return startTsxChild(SCRIPT, args);
}
