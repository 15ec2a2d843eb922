import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsr, createSelfSigned, generatePrivateKey, type NewKeyType } from '../../src/issue/index.js';
import { type PrivateKey, parsePrivateKey } from '../../src/keys/index.js';
import { parseCsr } from '../../src/x509/index.js';
import { hasPeerTool } from '../helpers/peer-tools.js';
import { openssl, tempDir } from './issue-helpers.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');

/** Every key kind certkit reads, including RSA-PSS keys with and without parameters. */
const KEYS: Record<string, () => Promise<PrivateKey>> = {
  ...Object.fromEntries(
    (['ec', 'ec-p384', 'ec-p521', 'rsa', 'ed25519', 'ed448'] as NewKeyType[]).map((t) => [
      t,
      () => generatePrivateKey(t),
    ]),
  ),
  'rsa-pss': async () =>
    parsePrivateKey(
      generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string,
    ),
  'rsa-pss-sha384': async () =>
    parsePrivateKey(
      generateKeyPairSync('rsa-pss', {
        modulusLength: 2048,
        hashAlgorithm: 'sha384',
        mgf1HashAlgorithm: 'sha384',
        saltLength: 48 as unknown as string, // @types/node 20 mistypes it; Node takes a number
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      }).privateKey,
    ),
};

const SIGNATURE: Record<string, string> = {
  ec: 'ecdsa-with-SHA256',
  'ec-p384': 'ecdsa-with-SHA384',
  'ec-p521': 'ecdsa-with-SHA512',
  rsa: 'sha256WithRSAEncryption',
  ed25519: 'ED25519',
  ed448: 'ED448',
  'rsa-pss': 'rsassaPss',
  'rsa-pss-sha384': 'rsassaPss',
};

describe('createCsr', () => {
  const tmp = tempDir('certkit-csr-');
  afterAll(() => tmp.remove());

  for (const [kind, make] of Object.entries(KEYS)) {
    it(`makes a CSR for a ${kind} key that certkit and openssl req -verify accept`, async () => {
      const key = await make();
      const csr = await createCsr({
        key,
        subject: 'CN=api.internal,O=Example,C=DE',
        dnsNames: ['api.internal', '*.api.internal'],
        ipAddresses: ['127.0.0.1', '::1'],
        emails: ['ops@example.com'],
        uris: ['spiffe://example.org/api'],
      });
      expect(csr.verifySignature().ok).toBe(true);
      expect(csr.signatureAlgorithm.name).toBe(SIGNATURE[kind]);
      expect(csr.subject.toString()).toBe('CN=api.internal,O=Example,C=DE');
      expect(csr.publicKey.sha256Fingerprint).toBe(key.publicKey.sha256Fingerprint);
      expect(csr.subjectAltNames.map((n) => `${n.type}:${String(n.value)}`)).toEqual([
        'dns:api.internal',
        'dns:*.api.internal',
        'ip:127.0.0.1',
        'ip:::1',
        'email:ops@example.com',
        'uri:spiffe://example.org/api',
      ]);
      expect(parseCsr(csr.der).pem).toBe(csr.pem);
      if (!HAS_OPENSSL) return;
      const file = tmp.write(`${kind}.csr`, csr.pem);
      const r = openssl(['req', '-in', file, '-verify', '-noout', '-subject', '-nameopt', 'RFC2253']);
      expect(r.err + r.out).toContain('verify OK');
      expect(r.out).toContain('subject=CN=api.internal,O=Example,C=DE');
    });
  }

  it('refuses names that cannot be encoded, with ERR_ISSUE_BAD_NAME', async () => {
    const key = await generatePrivateKey('ec');
    for (const bad of [
      { subject: 'not a name' },
      { subject: 'FOO=bar' },
      { subject: 'CN=a,C=Germany' },
      { dnsNames: ['bad_name.example'] },
      { dnsNames: ['a..b'] },
      { ipAddresses: ['10.0.0.256'] },
      { emails: ['nobody'] },
      { uris: ['relative/path'] },
    ]) {
      await expect(createCsr({ key, ...bad }), JSON.stringify(bad)).rejects.toMatchObject({
        code: 'ERR_ISSUE_BAD_NAME',
      });
    }
  });

  it('without a subject, the alternative names are critical (RFC 5280 section 4.2.1.6)', async () => {
    const key = await generatePrivateKey('ec');
    const csr = await createCsr({ key, dnsNames: ['only.example'] });
    expect(csr.subject.isEmpty).toBe(true);
    const san = csr.extensions.find((e) => e.oid === '2.5.29.17');
    expect(san?.critical).toBe(true);
  });
});

describe('createSelfSigned', () => {
  const tmp = tempDir('certkit-self-');
  afterAll(() => tmp.remove());

  it('makes a server certificate openssl verifies against itself, with the expected extensions', async () => {
    const key = await generatePrivateKey('ec');
    const cert = await createSelfSigned({
      key,
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
      days: 2,
    });
    expect(cert.subject.toString()).toBe('CN=localhost');
    expect(cert.isSelfIssued).toBe(true);
    expect(cert.basicConstraints).toMatchObject({ critical: true, ca: false });
    expect(cert.keyUsage?.names).toEqual(['digitalSignature']);
    expect(cert.extendedKeyUsage?.names).toEqual(['serverAuth']);
    expect(cert.subjectKeyIdentifier).toBeDefined();
    expect(cert.authorityKeyIdentifier?.keyIdentifier).toBe(cert.subjectKeyIdentifier);
    expect(cert.serialNumberBytes.length).toBe(16);
    expect((cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000).toBe(2);
    if (!HAS_OPENSSL) return;
    const file = tmp.write('self.pem', cert.pem);
    expect(openssl(['verify', '-CAfile', file, '-purpose', 'sslserver', file]).out).toContain(': OK');
  });

  it('two certificates never share a serial', async () => {
    const key = await generatePrivateKey('ed25519');
    const serials = new Set<string>();
    for (let i = 0; i < 20; i++)
      serials.add((await createSelfSigned({ key, dnsNames: ['x.test'] })).serialNumber);
    expect(serials.size).toBe(20);
  });
});
