import type { CliCommandEntry } from '../cli-command.js';

/**
 * Every `certkit` command, in the order `certkit --help` lists them. Each implementation is loaded
 * only when its command runs (a dynamic import), so start-up reads the entry and one command.
 */
export const COMMANDS: readonly CliCommandEntry[] = [
  {
    name: 'inspect',
    summary: 'describe every certificate, key, CSR and CRL in files',
    load: async () => (await import('./inspect.js')).inspectCommand,
  },
  {
    name: 'match',
    summary: 'check that a private key belongs to a certificate',
    load: async () => (await import('./match.js')).matchCommand,
  },
  {
    name: 'verify',
    summary: 'build and validate a certificate chain to a trust anchor',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    name: 'bundle',
    summary: 'put a bundle in chain order and report missing, extra and expired certificates',
    load: async () => (await import('./bundle.js')).bundleCommand,
  },
  {
    name: 'p12',
    summary: 'pack a key and chain into a PKCS#12 file, or unpack one',
    load: async () => (await import('./p12.js')).p12Command,
  },
  {
    name: 'status',
    summary: 'expiry report over certificate files or an inventory store',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'inventory',
    summary: 'the certificate inventory: import (upload checks), list, show, delete, bind, alerts, metrics',
    load: async () => (await import('./inventory.js')).inventoryCommand,
  },
  {
    name: 'env',
    summary: "environments: create, show, select a record's version, deploy state",
    load: async () => (await import('./env.js')).envCommand,
  },
  {
    name: 'order',
    summary: 'order a certificate from an ACME CA (DNS-01 or HTTP-01)',
    load: async () => (await import('./order.js')).orderCommand,
  },
  {
    name: 'renew',
    summary: 'renew a certificate file over ACME when it is due (ARI or lifetime window)',
    load: async () => (await import('./renew.js')).renewCommand,
  },
  {
    name: 'csr',
    summary: 'make a certificate signing request for a key (or a new key)',
    load: async () => (await import('./csr.js')).csrCommand,
  },
  {
    name: 'ca',
    summary: 'a small private CA in a directory: init, issue, revoke, crl',
    load: async () => (await import('./ca.js')).caCommand,
  },
  {
    name: 'tls',
    summary: 'check a gateway TLS profile (<SSLInfo> XML or JSON) against its keystores and truststores',
    load: async () => (await import('./tls.js')).tlsCommand,
  },
  {
    name: 'keystore',
    summary: 'put, list, show or delete a named keystore in a shared store (--store DIR | postgres://…)',
    load: async () => (await import('./stores/keystore.js')).keystoreCommand,
  },
  {
    name: 'truststore',
    summary: 'put, list, show or delete a named truststore in a shared store',
    load: async () => (await import('./stores/truststore.js')).truststoreCommand,
  },
  {
    name: 'ref',
    summary: 're-point a ref:// reference (rotation check first), show it, its history, roll it back',
    load: async () => (await import('./stores/ref.js')).refCommand,
  },
  {
    name: 'probe',
    summary: 'connect to a live TLS endpoint: one-way or two-way, client CA names, chain, the client checks',
    load: async () => (await import('./probe.js')).probeCommand,
  },
];
