import { StoreError } from '../errors/area-errors.js';

/**
 * How a TLS setting names a store, as API gateways do:
 * - `'ref://name'`: through a reference (re-pointing it rotates the store without touching the setting);
 * - `'name'`: a store directly by name (rotating means changing the setting);
 * - `'{tls.keystore}'` or `{ variable: 'tls.keystore' }`: a variable resolved per request by the
 *   resolver passed to `StoreRegistry.resolve` (its value is a name or a `ref://` reference).
 *
 * Names (of stores and references) are 1-200 characters of letters, digits, `.`, `_`, `-`, `:` and `/`;
 * variables are 1-200 characters of letters, digits, `.`, `_` and `-`.
 *
 * @example
 * ```ts
 * import type { StoreSpec } from 'certkit/stores';
 * const specs: StoreSpec[] = ['ref://api-keystore', 'api-keystore-2026', '{request.keystore}', { variable: 'tls.keystore' }];
 * ```
 * @see RFC 3986 section 3.1 (the `ref:` scheme is a gateway convention, not a registered URI scheme)
 */
export type StoreSpec = string | { readonly variable: string };

/** @internal A parsed {@link StoreSpec}. */
export type ParsedSpec =
  | { readonly kind: 'reference'; readonly name: string; readonly text: string }
  | { readonly kind: 'name'; readonly name: string; readonly text: string }
  | { readonly kind: 'variable'; readonly variable: string; readonly text: string };

const NAME = /^[A-Za-z0-9._:/-]{1,200}$/;
const VARIABLE = /^[A-Za-z0-9._-]{1,200}$/;
/**
 * The prefix of references.
 *
 * @example
 * ```ts
 * import { REFERENCE_PREFIX } from 'certkit/stores';
 * const ref = `${REFERENCE_PREFIX}api-keystore`; // 'ref://api-keystore'
 * ```
 * @see RFC 3986 section 3.1
 */
export const REFERENCE_PREFIX = 'ref://';

function invalid(value: string, why: string): StoreError {
  return new StoreError(
    'ERR_STORE_REFERENCE_INVALID',
    `"${value}" is not a valid store reference, name or variable: ${why}.`,
    {
      details: { value },
    },
  );
}

/** @internal Parses a store spec (misuse is a TypeError, bad text a StoreError). */
export function parseSpec(spec: StoreSpec): ParsedSpec {
  if (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as { variable?: unknown }).variable === 'string'
  ) {
    const v = spec.variable;
    if (!VARIABLE.test(v)) throw invalid(v, 'a variable is letters, digits, ".", "_" and "-"');
    return { kind: 'variable', variable: v, text: `{${v}}` };
  }
  if (typeof spec !== 'string')
    throw new TypeError("a store spec is a string ('ref://name', 'name', '{variable}') or { variable }");
  if (spec.startsWith('{') || spec.endsWith('}')) {
    const inner = spec.slice(1, -1);
    if (!spec.startsWith('{') || !spec.endsWith('}') || !VARIABLE.test(inner)) {
      throw invalid(spec, 'a variable is written {name} with letters, digits, ".", "_" and "-"');
    }
    return { kind: 'variable', variable: inner, text: spec };
  }
  if (spec.startsWith(REFERENCE_PREFIX)) {
    const name = spec.slice(REFERENCE_PREFIX.length);
    if (!NAME.test(name)) throw invalid(spec, 'a reference is ref:// followed by a name');
    return { kind: 'reference', name, text: spec };
  }
  if (!NAME.test(spec)) throw invalid(spec, 'a name is 1-200 letters, digits, ".", "_", "-", ":" or "/"');
  return { kind: 'name', name: spec, text: spec };
}

/** @internal The canonical `ref://name` form of a reference given as `ref://name` or `name`. */
export function referenceName(reference: string): string {
  if (typeof reference !== 'string') throw new TypeError('a reference is a string');
  const p = parseSpec(reference);
  if (p.kind === 'variable') throw invalid(reference, 'a reference cannot be a variable');
  return p.name;
}

/** @internal A store name. */
export function storeName(name: string): string {
  if (typeof name !== 'string') throw new TypeError('a store name is a string');
  const p = parseSpec(name);
  if (p.kind !== 'name') throw invalid(name, 'a store name is a plain name, not a reference or variable');
  return p.name;
}
