import { Keystore } from '../../../stores/keystore.js';
import type { StoreRegistry } from '../../../stores/store-registry.js';
import type { CliIo } from '../../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import type { ParsedCommandLine } from '../../parse-options.js';
import { isRefusal, positional, print, printRefusal, withRegistry } from './store-output.js';

type Kind = 'keystore' | 'truststore';

/** One store as `keystore list` / `truststore list` print it (`--json` shape). */
export interface StoreListing {
  readonly name: string;
  readonly kind: Kind;
  readonly aliases: readonly string[];
  /** The earliest notAfter of its certificates (ISO), or null when empty. */
  readonly notAfter: string | null;
  /** The references that point at it or name it as their truststore. */
  readonly references: readonly string[];
}

function listing(registry: StoreRegistry, name: string): StoreListing {
  const store = registry.resolve(name);
  const certs =
    store instanceof Keystore ? store.entries().flatMap((e) => e.chain.slice(0, 1)) : store.certificates;
  const notAfter = certs.map((c) => c.notAfter.getTime()).sort((a, b) => a - b)[0];
  return {
    name,
    kind: store instanceof Keystore ? 'keystore' : 'truststore',
    aliases: store.aliases,
    notAfter: notAfter === undefined ? null : new Date(notAfter).toISOString(),
    references: registry.referencesTo(name),
  };
}

function ofKind(registry: StoreRegistry, kind: Kind): StoreListing[] {
  return registry
    .storeNames()
    .map((n) => listing(registry, n))
    .filter((l) => l.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `list`, `show NAME`, `delete NAME` of one kind of store. */
export async function runStoreQuery(
  kind: Kind,
  sub: 'list' | 'show' | 'delete',
  parsed: ParsedCommandLine,
  io: CliIo,
): Promise<ExitCodeValue> {
  const name = sub === 'list' ? undefined : positional(parsed, 1, `${kind} ${sub}`, 'NAME');
  return withRegistry(parsed, io, kind, false, async (registry) => {
    if (sub === 'list') {
      const stores = ofKind(registry, kind);
      const text = stores
        .map(
          (s) =>
            `${s.name}  ${s.aliases.join(',')}  ${s.notAfter ?? '-'}  ${s.references.join(',') || '-'}\n`,
        )
        .join('');
      print(io, parsed, { [`${kind}s`]: stores }, stores.length === 0 ? `No ${kind}s.\n` : text);
      return ExitCode.ok;
    }
    const store = kind === 'keystore' ? registry.resolveKeystore(name!) : registry.resolveTruststore(name!);
    if (sub === 'show') {
      const value = { ...listing(registry, name!), contents: store.toJSON() };
      print(io, parsed, value, `${kind} ${name}\n${JSON.stringify(value, null, 2)}\n`);
      return ExitCode.ok;
    }
    try {
      await registry.deleteStoreAsync(name!);
    } catch (error) {
      if (isRefusal(error)) return printRefusal(io, parsed, error, { name });
      throw error;
    }
    print(io, parsed, { ok: true, deleted: name, kind }, `deleted ${kind} ${name}\n`);
    return ExitCode.ok;
  });
}
