/**
 * Keystores and truststores: PKCS#12, JKS and PEM bundles; named stores reached through `ref://`
 * references; rotation checks before a reference is re-pointed.
 * @packageDocumentation
 */
export {};
