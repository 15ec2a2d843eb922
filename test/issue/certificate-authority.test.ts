import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/index.js';
import {
  CertificateAuthority,
  certificateFromPeculiar,
  certificateToPeculiar,
  createCsr,
  csrFromPeculiar,
  csrToPeculiar,
  generatePrivateKey,
  type IssuedCertificate,
} from '../../src/issue/index.js';
import { exportPrivateKey, keyMatchesCertificate } from '../../src/keys/index.js';
import { FileStorage, MemoryStorage } from '../../src/storage/index.js';
import { writePkcs12 } from '../../src/stores/index.js';
import { parseCrl } from '../../src/x509/index.js';
import { hasPeerTool, run } from '../helpers/peer-tools.js';
import { openssl, tempDir } from './issue-helpers.js';

const HAS_OPENSSL = hasPeerTool('openssl', 'openssl');
const PASS = 'correct horse';

describe('CertificateAuthority with a root and an intermediate', () => {
  const tmp = tempDir('certkit-ca-');
  const storage = new MemoryStorage();
  let ca: CertificateAuthority;
  let server: IssuedCertificate;
  let client: IssuedCertificate;
  let both: IssuedCertificate;
  const file: Record<string, string> = {};

  beforeAll(async () => {
    ca = await CertificateAuthority.create({
      storage,
      subject: 'CN=Example Private Root,O=Example',
      passphrase: PASS,
      keyIterations: 1000,
      intermediate: { subject: 'CN=Example Issuing CA,O=Example', keyType: 'ec-p384' },
    });
    server = await ca.issue({ dnsNames: ['api.internal', 'localhost'], ipAddresses: ['127.0.0.1'] });
    const clientKey = await generatePrivateKey('rsa');
    const csr = await createCsr({
      key: clientKey,
      subject: 'CN=billing,OU=services',
      uris: ['spiffe://example.org/billing'],
    });
    client = await ca.issue({ csr: csr.pem, purpose: 'client', days: 7 });
    both = await ca.issue({
      subject: 'CN=mesh-peer',
      dnsNames: ['peer.internal'],
      purpose: 'both',
      keyType: 'ed25519',
    });
    file.root = tmp.write('root.pem', ca.root.pem);
    file.inter = tmp.write('inter.pem', ca.certificate.pem);
    for (const [name, issued] of Object.entries({ server, client, both }))
      file[name] = tmp.write(`${name}.pem`, issued.certificate.pem);
  }, 60_000);
  afterAll(() => tmp.remove());

  it('makes a root and an intermediate with CA extensions', () => {
    expect(ca.chain.map((c) => c.subject.toString())).toEqual([
      'CN=Example Issuing CA,O=Example',
      'CN=Example Private Root,O=Example',
    ]);
    expect(ca.root.basicConstraints).toMatchObject({ critical: true, ca: true, pathLength: undefined });
    expect(ca.certificate.basicConstraints).toMatchObject({ critical: true, ca: true, pathLength: 0 });
    expect(ca.certificate.keyUsage?.names).toEqual(expect.arrayContaining(['keyCertSign', 'cRLSign']));
    expect(ca.certificate.authorityKeyIdentifier?.keyIdentifier).toBe(ca.root.subjectKeyIdentifier);
    expect(ca.certificate.publicKey.toString()).toBe('EC P-384');
  });

  it('issues leaves with the profile of their purpose', () => {
    expect(server.chain.map((c) => c.subject.toString())).toEqual([
      'CN=api.internal',
      'CN=Example Issuing CA,O=Example',
      'CN=Example Private Root,O=Example',
    ]);
    expect(server.privateKey).toBeDefined();
    expect(keyMatchesCertificate(server.privateKey!, server.certificate).matches).toBe(true);
    expect(server.certificate.extendedKeyUsage?.names).toEqual(['serverAuth']);
    expect(server.certificate.keyUsage?.names).toEqual(['digitalSignature']);
    expect(server.certificate.basicConstraints).toMatchObject({ ca: false, critical: true });
    expect(server.certificate.authorityKeyIdentifier?.keyIdentifier).toBe(
      ca.certificate.subjectKeyIdentifier,
    );
    expect(server.certificate.serialNumberBytes.length).toBe(16);
    expect(
      (server.certificate.notAfter.getTime() - server.certificate.notBefore.getTime()) / 86_400_000,
    ).toBe(30);

    expect(client.privateKey).toBeUndefined();
    expect(client.certificate.subject.toString()).toBe('CN=billing,OU=services');
    expect(client.certificate.subjectAltNames).toEqual([
      { type: 'uri', value: 'spiffe://example.org/billing' },
    ]);
    expect(client.certificate.extendedKeyUsage?.names).toEqual(['clientAuth']);
    expect(client.certificate.keyUsage?.names).toEqual(['digitalSignature', 'keyEncipherment']);

    expect(both.certificate.extendedKeyUsage?.names).toEqual(['serverAuth', 'clientAuth']);
    expect(both.certificate.publicKey.toString()).toBe('ED25519');
  });

  it("certkit's own validator accepts each under the rfc5280 profile", async () => {
    const trust = [ca.root];
    const intermediates = [ca.certificate];
    const base = { trust, intermediates, profile: 'rfc5280', revocationPolicy: 'soft-fail' } as const;
    expect(
      (await verifyChain(server.certificate, { ...base, hostname: 'api.internal', purpose: 'server' }))
        .problems,
    ).toEqual([]);
    expect((await verifyChain(client.certificate, { ...base, purpose: 'client' })).problems).toEqual([]);
    expect((await verifyChain(both.certificate, { ...base, purpose: 'client' })).problems).toEqual([]);
    expect(
      (await verifyChain(both.certificate, { ...base, hostname: 'peer.internal', purpose: 'server' }))
        .problems,
    ).toEqual([]);
  });

  it.skipIf(!HAS_OPENSSL)('openssl verify accepts each for its purpose and refuses the other purpose', () => {
    const verify = (name: string, purpose: string) =>
      openssl(['verify', '-CAfile', file.root!, '-untrusted', file.inter!, '-purpose', purpose, file[name]!]);
    expect(verify('server', 'sslserver').out).toContain(': OK');
    expect(verify('client', 'sslclient').out).toContain(': OK');
    expect(verify('both', 'sslserver').out).toContain(': OK');
    expect(verify('both', 'sslclient').out).toContain(': OK');
    expect(verify('server', 'sslclient').status).not.toBe(0);
    expect(verify('client', 'sslserver').status).not.toBe(0);
    expect(openssl(['verify', '-CAfile', file.root!, file.inter!]).out).toContain(': OK');
  });

  it.skipIf(!HAS_OPENSSL)('openssl x509 -text shows the extensions', () => {
    const text = openssl(['x509', '-in', file.server!, '-noout', '-text']).out;
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/Subject Alternative Name:\s+DNS:api.internal, DNS:localhost, IP Address:127.0.0.1/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA384');
    const root = openssl(['x509', '-in', file.root!, '-noout', '-text']).out;
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
    expect(root).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
  });

  it('revokes by serial with a reason and publishes CRLs with growing numbers', async () => {
    const first = await ca.crl();
    expect(first.crlNumber).toBe(1n);
    expect(first.revoked).toEqual([]);
    const r = await ca.revoke(client.serialNumber.toLowerCase(), { reason: 'keyCompromise' });
    expect(r).toMatchObject({ serialNumber: client.serialNumber, reason: 'keyCompromise', isNew: true });
    expect((await ca.revoke(client.serialNumber, { reason: 'superseded' })).isNew).toBe(false);
    await ca.revoke(both.serialNumber);
    const crl = await ca.crl({ days: 3 });
    expect(crl.crlNumber).toBe(2n);
    expect(crl.verifySignature(ca.certificate.publicKey).ok).toBe(true);
    expect(crl.issuer.toString()).toBe(ca.certificate.subject.toString());
    expect(crl.revoked.map((e) => [e.serialNumber, e.reason])).toEqual([
      [client.serialNumber, 'keyCompromise'],
      [both.serialNumber, undefined], // unspecified: no reasonCode (RFC 5280 section 5.3.1)
    ]);
    expect(parseCrl(crl.pem).crlNumber).toBe(2n);
    if (!HAS_OPENSSL) return;
    const crlFile = tmp.write('ca.crl', crl.pem);
    const check = openssl(['crl', '-in', crlFile, '-CAfile', file.inter!, '-noout', '-text']);
    expect(check.err + check.out).toContain('verify OK');
    expect(check.out).toMatch(/X509v3 CRL Number:\s+2/);
    expect(check.out).toContain('Key Compromise');
    const chainCrl = tmp.write('chain-with-crl.pem', ca.root.pem + ca.certificate.pem);
    const crlOfRoot = await CertificateAuthority.create({
      storage: new MemoryStorage(),
      subject: 'CN=unused',
    });
    void crlOfRoot;
    const revoked = openssl(['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', chainCrl, file.client!]);
    expect(revoked.status).not.toBe(0);
    expect(revoked.err + revoked.out).toContain('certificate revoked');
    expect(
      openssl(['verify', '-crl_check', '-CRLfile', crlFile, '-CAfile', chainCrl, file.server!]).out,
    ).toContain(': OK');
  });

  it('refuses a CSR whose signature does not verify, an unknown serial, and a second CA of the same name', async () => {
    const csr = await createCsr({ key: await generatePrivateKey('ec'), subject: 'CN=tampered' });
    const der = new Uint8Array(csr.der);
    der[der.length - 5] = (der[der.length - 5] as number) ^ 0xff;
    await expect(ca.issue({ csr: der })).rejects.toMatchObject({ code: 'ERR_ISSUE_CSR_REFUSED' });
    await expect(ca.revoke('0123456789ABCDEF')).rejects.toMatchObject({ code: 'ERR_ISSUE_SERIAL_UNKNOWN' });
    await expect(CertificateAuthority.create({ storage, subject: 'CN=again' })).rejects.toMatchObject({
      code: 'ERR_ISSUE_CA_EXISTS',
    });
    await expect(ca.issue({ dnsNames: ['x.internal'], days: 5000 })).rejects.toMatchObject({
      code: 'ERR_ISSUE_OUTLIVES_CA',
    });
    await expect(ca.issue({})).rejects.toMatchObject({ code: 'ERR_ISSUE_BAD_NAME' });
  });

  it('opens again from the storage only with the passphrase', async () => {
    await expect(CertificateAuthority.open({ storage })).rejects.toMatchObject({
      code: 'ERR_ISSUE_CA_KEY_UNAVAILABLE',
    });
    await expect(CertificateAuthority.open({ storage, passphrase: 'wrong' })).rejects.toMatchObject({
      code: 'ERR_ISSUE_CA_KEY_UNAVAILABLE',
    });
    await expect(CertificateAuthority.open({ storage: new MemoryStorage() })).rejects.toMatchObject({
      code: 'ERR_ISSUE_CA_NOT_FOUND',
    });
    const again = await CertificateAuthority.open({ storage, passphrase: PASS });
    expect(again.certificate.sha256Fingerprint).toBe(ca.certificate.sha256Fingerprint);
    expect((await again.revocations()).map((r) => r.serialNumber)).toEqual([
      client.serialNumber,
      both.serialNumber,
    ]);
    expect((await again.crl()).crlNumber).toBe(3n);
    const sealed = new TextDecoder().decode((await storage.get('ca/default/key.pem'))!.value);
    expect(sealed).toContain('BEGIN ENCRYPTED PRIVATE KEY');
  });

  it('converts to and from @peculiar/x509 objects through DER', async () => {
    const x = await certificateToPeculiar(server.certificate);
    expect(x.serialNumber.toUpperCase()).toBe(server.serialNumber);
    expect(certificateFromPeculiar(x).sha256Fingerprint).toBe(server.certificate.sha256Fingerprint);
    const csr = await createCsr({ key: await generatePrivateKey('ec'), subject: 'CN=peer' });
    const req = await csrToPeculiar(csr);
    expect(await req.verify()).toBe(true);
    expect(csrFromPeculiar(req).pem).toBe(csr.pem);
  });
});

describe('CertificateAuthority in a FileStorage', () => {
  const tmp = tempDir('certkit-ca-files-');
  afterAll(() => tmp.remove());

  it('keeps the key 0600 and serves a second process-like instance', async () => {
    const storage = new FileStorage({ dir: tmp.dir });
    const ca = await CertificateAuthority.create({ storage, subject: 'CN=Files Root', keyType: 'rsa' });
    const issued = await ca.issue({ subject: 'CN=svc', dnsNames: ['svc.internal'] });
    await storage.close();
    const reopened = await CertificateAuthority.open({ storage: new FileStorage({ dir: tmp.dir }) });
    await reopened.revoke(issued.serialNumber, { reason: 'cessationOfOperation' });
    expect((await reopened.crl()).revoked.map((e) => e.reason)).toEqual(['cessationOfOperation']);
    const keyFiles = run('find', [tmp.dir, '-path', '*key.pem*', '-type', 'f']).trim().split('\n');
    expect(keyFiles.length).toBeGreaterThan(0);
    for (const f of keyFiles) expect(statSync(f).mode & 0o777, f).toBe(0o600);
  });
});

describe.skipIf(!hasPeerTool('keytool', 'openjdk-17-jre-headless', ['-help']))(
  'keytool and an issued certificate',
  () => {
    const tmp = tempDir('certkit-ca-keytool-');
    afterAll(() => tmp.remove());

    it('imports a PKCS#12 made from an issued certificate and its chain', async () => {
      const ca = await CertificateAuthority.create({
        storage: new MemoryStorage(),
        subject: 'CN=KT Root',
        intermediate: { subject: 'CN=KT Issuing' },
      });
      const issued = await ca.issue({ subject: 'CN=java-client', purpose: 'client', keyType: 'rsa' });
      const p12 = tmp.write(
        'client.p12',
        writePkcs12(
          { keys: [{ alias: 'client', privateKey: issued.privateKey!, chain: issued.chain }], trusted: [] },
          { password: 'changeit' },
        ),
      );
      const jks = join(tmp.dir, 'imported.p12');
      run('keytool', [
        '-importkeystore',
        '-srckeystore',
        p12,
        '-srcstoretype',
        'PKCS12',
        '-srcstorepass',
        'changeit',
        '-destkeystore',
        jks,
        '-deststoretype',
        'PKCS12',
        '-deststorepass',
        'changeit',
        '-noprompt',
      ]);
      const out = run('keytool', [
        '-list',
        '-v',
        '-keystore',
        jks,
        '-storepass',
        'changeit',
        '-alias',
        'client',
      ]);
      expect(out).toContain('PrivateKeyEntry');
      expect(out).toContain('Certificate chain length: 3');
      expect(out).toContain('CN=java-client');
      expect(exportPrivateKey(issued.privateKey!, { format: 'pkcs8-pem' })).toContain('BEGIN PRIVATE KEY');
    });
  },
);
