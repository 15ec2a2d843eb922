/**
 * A PKI for the TLS socket tests: a trusted root and intermediate, servers and clients with every
 * defect the matrix needs, CRLs, and a registry holding one keystore per certificate.
 */
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import type { CertificateRevocationList } from '../../src/x509/index.js';
import { EKU, type Minted, mint } from '../helpers/make-certs.js';
import { crlFor, DAY, privateKeyOf, privateKeyPem } from '../stores/store-fixtures.js';

export interface TlsPki {
  readonly registry: StoreRegistry;
  readonly root: Minted;
  readonly inter: Minted;
  readonly otherRoot: Minted;
  /** Every keystore name in the registry → its leaf. */
  readonly leaves: ReadonlyMap<string, Minted>;
  /** CRLs of the intermediate (revoking `srv-revoked` and `cli-revoked`) and of both roots (empty). */
  readonly crls: readonly CertificateRevocationList[];
  /** PEM key + chain of a keystore, for openssl. */
  pemOf(name: string): Promise<{ key: string; chain: string }>;
}

const SERVER_SAN = [{ dns: 'localhost' }, { ip: '127.0.0.1' }] as const;

export async function makeTlsPki(): Promise<TlsPki> {
  const now = Date.now();
  const root = await mint({ subject: 'CN=TLS Test Root', ca: true, notBefore: new Date(now - 60 * DAY) });
  const inter = await mint({
    subject: 'CN=TLS Test Intermediate',
    ca: true,
    issuer: root,
    notBefore: new Date(now - 60 * DAY),
  });
  const otherRoot = await mint({ subject: 'CN=Other Root', ca: true, notBefore: new Date(now - 60 * DAY) });
  const server = { eku: [EKU.serverAuth], san: SERVER_SAN };
  const client = { eku: [EKU.clientAuth], san: [{ dns: 'client.test' }] };
  const specs: Record<string, Parameters<typeof mint>[0]> = {
    'srv-good': { subject: 'CN=localhost', issuer: inter, ...server },
    'srv-good-2': { subject: 'CN=localhost rotated', issuer: inter, ...server },
    'srv-a': { subject: 'CN=a.test', issuer: inter, eku: [EKU.serverAuth], san: [{ dns: 'a.test' }] },
    'srv-b': { subject: 'CN=b.test', issuer: inter, eku: [EKU.serverAuth], san: [{ dns: 'b.test' }] },
    'srv-expired': {
      subject: 'CN=expired',
      issuer: inter,
      ...server,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now - DAY),
    },
    'srv-not-yet-valid': {
      subject: 'CN=future',
      issuer: inter,
      ...server,
      notBefore: new Date(now + DAY),
      notAfter: new Date(now + 30 * DAY),
    },
    'srv-self-signed': { subject: 'CN=self', ...server },
    'srv-wrong-host': {
      subject: 'CN=other.example',
      issuer: inter,
      eku: [EKU.serverAuth],
      san: [{ dns: 'other.example' }],
    },
    'srv-untrusted': { subject: 'CN=untrusted', issuer: otherRoot, ...server },
    'srv-revoked': { subject: 'CN=revoked server', issuer: inter, ...server },
    'cli-good': { subject: 'CN=client', issuer: inter, ...client },
    'cli-other-ca': { subject: 'CN=client of other CA', issuer: otherRoot, ...client },
    'cli-no-eku': {
      subject: 'CN=client without clientAuth',
      issuer: inter,
      eku: [EKU.serverAuth],
      san: [{ dns: 'client.test' }],
    },
    'cli-expired': {
      subject: 'CN=expired client',
      issuer: inter,
      ...client,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now - DAY),
    },
    'cli-revoked': { subject: 'CN=revoked client', issuer: inter, ...client },
  };
  const registry = new StoreRegistry();
  const leaves = new Map<string, Minted>();
  const pems = new Map<string, { key: string; chain: string }>();
  for (const [name, spec] of Object.entries(specs)) {
    const leaf = await mint(spec);
    leaves.set(name, leaf);
    const chain = spec.issuer === inter ? [leaf, inter] : [leaf];
    const privateKey = await privateKeyOf(leaf);
    const ks = Keystore.empty().withEntry(
      'main',
      { privateKey, chain: chain.map((m) => m.cert) },
      {
        allowIncompleteChain: true,
        // The TLS tests serve self-signed and other-root certificates on purpose.
        allowPrivateCa: true,
        trust: [root.cert, otherRoot.cert, leaf.cert],
        at: new Date((leaf.cert.notBefore.getTime() + leaf.cert.notAfter.getTime()) / 2),
      },
    );
    registry.putKeystore(name, ks);
    pems.set(name, {
      key: await privateKeyPem(leaf.keys),
      chain: chain.map((m) => `${m.pem.trim()}\n`).join(''),
    });
  }
  registry.putTruststore('roots', Truststore.fromCertificates([root.cert]));
  registry.putTruststore('roots-2', Truststore.fromCertificates([root.cert]));
  const crls = [
    await crlFor(inter, [leaves.get('srv-revoked')!, leaves.get('cli-revoked')!]),
    await crlFor(root, []),
    await crlFor(otherRoot, []),
  ];
  return {
    registry,
    root,
    inter,
    otherRoot,
    leaves,
    crls,
    pemOf: async (name) => pems.get(name)!,
  };
}
