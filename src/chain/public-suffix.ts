/**
 * The Public Suffix List (ICANN and private-domain sections) through `tldts`, loaded on first use only:
 * its data is large and only wildcard host-name matching needs it, so importing `certkit` or
 * `certkit/chain` does not pay for it.
 */
import { createRequire } from 'node:module';

interface Tldts {
  getPublicSuffix(
    hostname: string,
    options?: {
      readonly allowPrivateDomains?: boolean;
      readonly extractHostname?: boolean;
      readonly validateHostname?: boolean;
      readonly mixedInputs?: boolean;
    },
  ): string | null;
}

let tldts: Tldts | undefined;

function load(): Tldts {
  if (tldts === undefined) {
    // Synchronous, as host name matching is; the CommonJS build gets `import.meta.url` from tsup's shim.
    tldts = createRequire(import.meta.url)('tldts') as Tldts;
  }
  return tldts;
}

const OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

/**
 * True when `name` (a lower-case host name, no wildcard, no trailing dot) is itself a public suffix:
 * a rule of the Public Suffix List, its ICANN or its private-domain section (`com`, `co.uk`,
 * `github.io`, `s3.amazonaws.com`), or any name under the list's default rule `*` (every single label).
 *
 * @internal
 * @see https://publicsuffix.org/list/ (the algorithm and both sections)
 */
export function isListedPublicSuffix(name: string): boolean {
  if (!name.includes('.')) return true;
  return load().getPublicSuffix(name, OPTIONS) === name;
}
