/**
 * Stores for the shared-registry tests: one CA, keystores `api-1`, `api-2` for localhost (a clean
 * rotation either way), `api-wrong-host` (a blocked one), truststore `roots`, and `ref://api-ks` → `api-1`.
 */
import { X509Certificate } from 'node:crypto';
import { Keystore, type StoreRegistry, Truststore } from '../../src/stores/index.js';
import { EKU, type Minted, mint } from '../helpers/make-certs.js';
import { DAY, privateKeyOf } from './store-fixtures.js';

export interface FleetPki {
  readonly root: Minted;
  readonly keystores: ReadonlyMap<string, Keystore>;
  readonly truststore: Truststore;
  /** The SHA-256 fingerprint (Node's colon form) of each keystore's leaf. */
  fingerprint(name: string): string;
}

export async function makeFleetPki(): Promise<FleetPki> {
  const now = Date.now();
  const root = await mint({ subject: 'CN=Fleet Root', ca: true, notBefore: new Date(now - 30 * DAY) });
  const inter = await mint({
    subject: 'CN=Fleet CA',
    ca: true,
    issuer: root,
    notBefore: new Date(now - 30 * DAY),
  });
  const server = { eku: [EKU.serverAuth], notBefore: new Date(now - DAY) };
  const specs: Record<string, Parameters<typeof mint>[0]> = {
    'api-1': {
      subject: 'CN=localhost one',
      issuer: inter,
      san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
      ...server,
    },
    'api-2': {
      subject: 'CN=localhost two',
      issuer: inter,
      san: [{ dns: 'localhost' }, { ip: '127.0.0.1' }],
      ...server,
    },
    'api-wrong-host': {
      subject: 'CN=other.example',
      issuer: inter,
      san: [{ dns: 'other.example' }],
      ...server,
    },
  };
  const keystores = new Map<string, Keystore>();
  const pems = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    const leaf = await mint(spec);
    pems.set(name, leaf.pem);
    keystores.set(
      name,
      Keystore.empty().withEntry(
        'server',
        { privateKey: await privateKeyOf(leaf), chain: [leaf.cert, inter.cert] },
        { trust: [root.cert] },
      ),
    );
  }
  const truststore = Truststore.empty().withCertificate('fleet-root', root.cert);
  return {
    root,
    keystores,
    truststore,
    fingerprint: (name) => new X509Certificate(pems.get(name)!).fingerprint256,
  };
}

/** Puts the stores into a registry kept in a Storage and defines `ref://api-ks` → `api-1`. */
export async function seedRegistry(registry: StoreRegistry, pki: FleetPki): Promise<void> {
  for (const [name, ks] of pki.keystores) await registry.putKeystoreAsync(name, ks, { actor: 'seed' });
  await registry.putTruststoreAsync('roots', pki.truststore);
  await registry.defineReferenceAsync('ref://api-ks', 'api-1', {
    role: 'server',
    trustStore: 'roots',
    actor: 'seed',
  });
}

/** The passphrase the fleet tests seal their registries with (few iterations: tests open many). */
export const TEST_SEAL = { passphrase: 'fleet test passphrase', keyIterations: 1_000 } as const;
