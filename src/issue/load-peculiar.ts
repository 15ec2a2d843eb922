import type * as PeculiarX509Module from '@peculiar/x509';

/** The `@peculiar/x509` module, loaded on first use. */
export type PeculiarX509 = typeof PeculiarX509Module;

let loaded: Promise<PeculiarX509> | undefined;

/**
 * @internal Loads `@peculiar/x509` once, after the Reflect polyfill its dependency injection
 * (tsyringe) needs. Both are imported here and only here, when a generator first runs, so parsing and
 * validation never load them and never see a patched `Reflect`.
 */
export function loadPeculiarX509(): Promise<PeculiarX509> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const m = (await import('@peculiar/x509')) as PeculiarX509 & { default?: PeculiarX509 };
    return m.X509CertificateGenerator === undefined && m.default !== undefined ? m.default : m;
  })();
  return loaded;
}
