import { beforeAll, describe, expect, it } from 'vitest';
import { Certificate, parseCertificate } from '../../src/x509/index.js';
import { hasPeerTool, run, runAsync } from '../helpers/peer-tools.js';
import {
  CERT_FIXTURES,
  fixture,
  opensslBytes,
  opensslExtension,
  parseOpensslDate,
  readFixture,
  x509,
} from './helpers/fixtures.js';
import { colonUpper, OPENSSL_EKU, OPENSSL_KEY_USAGE, opensslGeneralName } from './helpers/openssl-format.js';

const CURVE_NIST: Record<string, string> = { 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521' };
const OPENSSL_KEY_ALG: Record<string, string> = {
  rsa: 'rsaEncryption',
  'rsa-pss': 'rsassaPss',
  ec: 'id-ecPublicKey',
  ed25519: 'ED25519',
  ed448: 'ED448',
};

describe.skipIf(!hasPeerTool('openssl', 'openssl'))('Certificate fields agree with openssl x509', () => {
  it('has a fixture of every kind', () => {
    expect(CERT_FIXTURES.length).toBeGreaterThanOrEqual(14);
  });

  describe.each(CERT_FIXTURES)('%s', (file) => {
    const cert = parseCertificate(readFixture(file));
    let text = '';
    beforeAll(async () => {
      // Read in a hook, not while collecting: a collection that blocks on one openssl run per fixture
      // holds the worker's event loop on a busy machine.
      text = (await runAsync('openssl', ['x509', '-in', fixture(file), '-noout', '-text'])).trim();
    });

    it('subject and issuer (RFC 2253 and OpenSSL default forms)', () => {
      expect(`subject=${cert.subject.toString()}`).toBe(
        x509(file, '-subject', '-nameopt', 'RFC2253,-esc_msb'),
      );
      expect(`issuer=${cert.issuer.toString()}`).toBe(x509(file, '-issuer', '-nameopt', 'RFC2253,-esc_msb'));
      expect(`subject=${cert.subject.toOpenSslString()}`).toBe(x509(file, '-subject'));
      expect(`issuer=${cert.issuer.toOpenSslString()}`).toBe(x509(file, '-issuer'));
    });

    it('serial number, version, dates', () => {
      expect(`serial=${cert.serialNumber}`).toBe(x509(file, '-serial'));
      const version = /Version: (\d+)/.exec(text)![1];
      expect(cert.version).toBe(Number(version));
      const [nb, na] = x509(file, '-dates').split('\n');
      expect(cert.notBefore.getTime()).toBe(parseOpensslDate(nb!.replace('notBefore=', '')).getTime());
      expect(cert.notAfter.getTime()).toBe(parseOpensslDate(na!.replace('notAfter=', '')).getTime());
    });

    it('fingerprints', () => {
      expect(`sha1 Fingerprint=${cert.sha1Fingerprint}`).toBe(x509(file, '-fingerprint', '-sha1'));
      expect(`sha256 Fingerprint=${cert.sha256Fingerprint}`).toBe(x509(file, '-fingerprint', '-sha256'));
    });

    it('signature algorithm and public key', () => {
      expect(cert.signatureAlgorithm.name).toBe(/Signature Algorithm: (\S+)/.exec(text)![1]);
      expect(cert.tbsSignatureAlgorithmOid).toBe(cert.signatureAlgorithm.oid);
      const key = cert.publicKey;
      expect(OPENSSL_KEY_ALG[key.algorithm]).toBe(/Public Key Algorithm: (\S+)/.exec(text)![1]);
      const bits = /Public-Key: \((\d+) bit\)/.exec(text)?.[1];
      if (key.algorithm !== 'ed25519' && key.algorithm !== 'ed448') expect(key.bits).toBe(Number(bits));
      if (key.algorithm === 'ec') expect(CURVE_NIST[key.curve!]).toBe(/NIST CURVE: (\S+)/.exec(text)![1]);
      const spki = opensslBytes(['pkey', '-pubin', '-outform', 'DER'], x509(file, '-pubkey'));
      expect(Buffer.from(key.spki).equals(spki)).toBe(true);
      if (key.algorithm === 'rsa-pss' || cert.signatureAlgorithm.name === 'rsassaPss') {
        const pss = cert.signatureAlgorithm.pss!;
        const sig = text.slice(text.lastIndexOf('Signature Algorithm: rsassaPss'));
        expect(`Hash Algorithm: ${pss.hash}`).toBe(/Hash Algorithm: \S+/.exec(sig)![0]);
        expect(`Salt Length: 0x${pss.saltLength.toString(16).toUpperCase()}`).toBe(
          /Salt Length: 0x\S+/.exec(sig)![0],
        );
        expect(`mgf1 with ${pss.mgf1Hash}`).toBe(/mgf1 with \S+/.exec(sig)![0]);
      }
    });

    it('raw DER and PEM round trip', () => {
      const der = opensslBytes(['x509', '-in', fixture(file), '-outform', 'DER']);
      expect(Buffer.from(cert.der).equals(der)).toBe(true);
      expect(cert.pem).toBe(readFixture(file).toString('utf8'));
      expect(Certificate.fromDer(cert.der).sha256Fingerprint).toBe(cert.sha256Fingerprint);
    });

    it('subjectAltName', () => {
      const ext = opensslExtension(file, 'subjectAltName');
      if (!ext) return expect(cert.subjectAltNames).toEqual([]);
      expect(cert.subjectAltNames.map((n) => opensslGeneralName(n)).join(', ')).toBe(ext.lines.join(' '));
    });

    it('keyUsage and extendedKeyUsage', () => {
      const ku = opensslExtension(file, 'keyUsage');
      expect(cert.keyUsage === undefined).toBe(ku === undefined);
      if (ku) {
        expect(cert.keyUsage!.critical).toBe(ku.critical);
        expect(cert.keyUsage!.names.map((n) => OPENSSL_KEY_USAGE[n]).join(', ')).toBe(ku.lines.join(' '));
      }
      const eku = opensslExtension(file, 'extendedKeyUsage');
      expect(cert.extendedKeyUsage === undefined).toBe(eku === undefined);
      if (eku) {
        expect(cert.extendedKeyUsage!.critical).toBe(eku.critical);
        expect(cert.extendedKeyUsage!.names.map((n) => OPENSSL_EKU[n] ?? n).join(', ')).toBe(
          eku.lines.join(' '),
        );
      }
    });

    it('basicConstraints, key identifiers', () => {
      const bc = opensslExtension(file, 'basicConstraints');
      expect(cert.basicConstraints === undefined).toBe(bc === undefined);
      if (bc) {
        const b = cert.basicConstraints!;
        expect(b.critical).toBe(bc.critical);
        const want = `CA:${b.ca ? 'TRUE' : 'FALSE'}${b.pathLength === undefined ? '' : `, pathlen:${b.pathLength}`}`;
        expect(want).toBe(bc.lines.join(' '));
      }
      const ski = opensslExtension(file, 'subjectKeyIdentifier');
      expect(
        cert.subjectKeyIdentifier === undefined ? undefined : colonUpper(cert.subjectKeyIdentifier),
      ).toBe(ski?.lines[0]);
      const aki = opensslExtension(file, 'authorityKeyIdentifier');
      expect(cert.authorityKeyIdentifier === undefined).toBe(aki === undefined);
      if (aki) {
        const a = cert.authorityKeyIdentifier!;
        const lines: string[] = [];
        const id = colonUpper(a.keyIdentifier ?? '');
        if (a.issuer || a.serialNumber) {
          lines.push(`keyid:${id}`);
          for (const n of a.issuer ?? []) lines.push(opensslGeneralName(n));
          lines.push(`serial:${colonUpper(a.serialNumber!)}`);
        } else lines.push(id);
        expect(lines).toEqual(aki.lines);
      }
    });

    it('authorityInfoAccess and CRL distribution points', () => {
      const aia = opensslExtension(file, 'authorityInfoAccess');
      const lines = cert.authorityInfoAccessDescriptions.map(
        (d) => `${d.method.endsWith('48.1') ? 'OCSP' : 'CA Issuers'} - ${opensslGeneralName(d.location)}`,
      );
      expect(lines).toEqual(aia?.lines ?? []);
      const ocsp = (aia?.lines ?? []).filter((l) => l.startsWith('OCSP - URI:')).map((l) => l.slice(11));
      const ca = (aia?.lines ?? []).filter((l) => l.startsWith('CA Issuers - URI:')).map((l) => l.slice(17));
      expect(cert.authorityInfoAccess).toEqual({ ocsp, caIssuers: ca });
      const cdp = opensslExtension(file, 'crlDistributionPoints');
      const uris = (cdp?.lines ?? []).filter((l) => l.startsWith('URI:')).map((l) => l.slice(4));
      expect(cert.crlDistributionPoints).toEqual(uris);
    });

    it('certificatePolicies', () => {
      const cp = opensslExtension(file, 'certificatePolicies');
      expect(cert.certificatePolicies === undefined).toBe(cp === undefined);
      if (!cp) return;
      const lines: string[] = [];
      for (const p of cert.certificatePolicies!) {
        lines.push(`Policy: ${p.oid}`);
        for (const q of p.qualifiers) {
          if (q.type === 'cps') lines.push(`CPS: ${q.value}`);
          else if (q.type === 'userNotice') {
            lines.push('User Notice:');
            if (q.organization !== undefined) lines.push(`Organization: ${q.organization}`);
            if (q.noticeNumbers) lines.push(`Numbers: ${q.noticeNumbers.join(', ')}`);
            if (q.explicitText !== undefined) lines.push(`Explicit Text: ${q.explicitText}`);
          }
        }
      }
      expect(lines).toEqual(cp.lines);
    });

    it('nameConstraints and policy extensions', () => {
      const nc = opensslExtension(file, 'nameConstraints');
      expect(cert.nameConstraints === undefined).toBe(nc === undefined);
      if (nc) {
        const n = cert.nameConstraints!;
        const lines: string[] = [];
        if (n.permitted.length)
          lines.push('Permitted:', ...n.permitted.map((s) => opensslGeneralName(s.base, 'constraints')));
        if (n.excluded.length)
          lines.push('Excluded:', ...n.excluded.map((s) => opensslGeneralName(s.base, 'constraints')));
        expect(n.critical).toBe(nc.critical);
        expect(lines).toEqual(nc.lines);
      }
      const pc = opensslExtension(file, 'policyConstraints');
      if (pc) {
        const p = cert.policyConstraints!;
        expect(
          `Require Explicit Policy:${p.requireExplicitPolicy}, Inhibit Policy Mapping:${p.inhibitPolicyMapping}`,
        ).toBe(pc.lines.join(' '));
      } else expect(cert.policyConstraints).toBeUndefined();
      const iap = opensslExtension(file, 'inhibitAnyPolicy');
      expect(cert.inhibitAnyPolicy?.skipCerts.toString()).toBe(iap?.lines[0]);
      const pm = opensslExtension(file, 'policyMappings');
      expect(
        cert.policyMappings?.mappings.map((m) => `${m.issuerDomainPolicy}:${m.subjectDomainPolicy}`),
      ).toEqual(pm?.lines);
    });

    it('subjectInfoAccess, freshestCRL and TLS feature', () => {
      const sia = opensslExtension(file, 'subjectInfoAccess');
      const method: Record<string, string> = {
        '1.3.6.1.5.5.7.48.5': 'CA Repository',
        '1.3.6.1.5.5.7.48.3': 'AD Time Stamping',
      };
      expect(
        cert.subjectInfoAccess.map(
          (d) => `${method[d.method] ?? d.method} - ${opensslGeneralName(d.location)}`,
        ),
      ).toEqual(sia?.lines ?? []);
      const fresh = opensslExtension(file, 'freshestCRL');
      const lines = cert.freshestCrl.flatMap((p) => [
        'Full Name:',
        ...(p.fullName ?? []).map((n) => opensslGeneralName(n)),
      ]);
      expect(lines).toEqual(fresh?.lines ?? []);
      const tls = opensslExtension(file, 'tlsfeature');
      expect(cert.tlsFeatures?.map((n) => (n === 5 ? 'status_request' : String(n)))).toEqual(tls?.lines);
      expect(cert.mustStaple).toBe(tls?.lines.includes('status_request') === true);
    });

    it('lists every extension openssl lists, in order', () => {
      const section = text.split('X509v3 extensions:')[1]?.split('Signature Algorithm:')[0] ?? '';
      const count = section.split('\n').filter((l) => /^ {12}\S.*:( critical)?\s*$/.test(l)).length;
      expect(cert.extensions.length).toBe(count);
      expect(cert.version).toBe(cert.extensions.length ? 3 : 1);
    });

    it('self-issued / self-signed as openssl verify sees it', () => {
      const selfIssued =
        x509(file, '-subject', '-nameopt', 'RFC2253') ===
        x509(file, '-issuer', '-nameopt', 'RFC2253').replace(/^issuer/, 'subject');
      expect(cert.isSelfIssued).toBe(selfIssued);
      let verifies = false;
      try {
        run('openssl', [
          'verify',
          '-no-CApath',
          '-no-CAstore',
          '-CAfile',
          fixture(file),
          '-partial_chain',
          '-check_ss_sig',
          fixture(file),
        ]);
        verifies = true;
      } catch {
        verifies = false;
      }
      expect(cert.isSelfSigned()).toBe(selfIssued && verifies);
    });
  });
});

describe('Certificate specifics', () => {
  it('reads the full leaf: every SAN kind, with values', () => {
    const cert = parseCertificate(readFixture('leaf-full.pem'));
    const byType = (t: string) =>
      cert.subjectAltNames.filter((n) => n.type === t).map((n) => ('oid' in n ? n.oid : n.value));
    expect(byType('dns')).toEqual(['www.example.test', '*.api.example.test', 'xn--bcher-kva.example.test']);
    expect(byType('ip')).toEqual(['10.1.2.3', '2001:db8::1', 'fe80::1:0:0:2', '::ffff:c000:201']);
    expect(byType('email')).toEqual(['admin@example.test']);
    expect(byType('uri')).toEqual([
      'https://www.example.test/path?q=1',
      'spiffe://example.test/ns/default/sa/web',
    ]);
    expect(byType('other')).toEqual(['1.3.6.1.4.1.311.20.2.3', '1.3.6.1.4.1.55555.7']);
    expect(byType('registeredId')).toEqual(['1.3.6.1.4.1.55555.3']);
    const dir = cert.subjectAltNames.find((n) => n.type === 'directory');
    expect(dir?.type === 'directory' && dir.value.toString()).toBe('CN=Dir Name Entry,O=Dir Name Org,C=DE');
    expect(cert.serialNumber).toBe('C0FFEE0123456789ABCDEF');
    expect(Buffer.from(cert.serialNumberBytes).toString('hex')).toBe('00c0ffee0123456789abcdef');
    expect(cert.subject.get('OU')).toEqual(['Web+Ops']);
    expect(cert.subject.get('organizationName')).toEqual(['Example, Inc.']);
    expect(cert.subject.get('2.5.4.3')).toEqual(['www.example.test']);
    expect(cert.subject.commonName).toBe('www.example.test');
    expect(cert.subject.get('emailAddress')).toEqual(['admin@example.test']);
    expect(cert.extendedKeyUsage!.oids).toContain('1.3.6.1.4.1.55555.9');
    expect(cert.keyUsage).toMatchObject({ digitalSignature: true, keyCertSign: false, critical: true });
  });

  it('reads multi-valued RDNs, UTF8 and BMP strings', () => {
    const names = parseCertificate(readFixture('names.pem'));
    const mv = names.subject.rdns.filter((r) => r.length > 1);
    expect(mv.map((r) => r.map((a) => a.shortName))).toEqual([
      ['OU', 'OU'],
      ['UID', 'CN'],
    ]);
    expect(names.subject.get('CN')).toEqual(['Jürgen Müller']);
    expect(names.subject.get('O')).toEqual(['Société Générale']);
    expect(names.subject.get('DC')).toEqual(['test', 'example']);
    const bmp = parseCertificate(readFixture('bmp.pem'));
    expect(bmp.subject.commonName).toBe('テスト証明書');
    expect(bmp.subject.rdns.at(-1)![0]!.valueTag).toBe(30);
  });

  it('compares names the RFC 5280 way (case and whitespace insensitive)', () => {
    const root = parseCertificate(readFixture('root-ca.pem'));
    const inter = parseCertificate(readFixture('intermediate-ca.pem'));
    expect(inter.issuer.equals(root.subject)).toBe(true);
    expect(inter.issuer.canonical).toBe(root.subject.canonical);
    expect(inter.subject.equals(root.subject)).toBe(false);
  });

  it('reads a v1 certificate with no extensions', () => {
    const v1 = parseCertificate(readFixture('v1.pem'));
    expect(v1.version).toBe(1);
    expect(v1.extensions).toEqual([]);
    expect(v1.subjectAltNames).toEqual([]);
    expect(v1.authorityInfoAccess).toEqual({ ocsp: [], caIssuers: [] });
    expect(v1.keyUsage).toBeUndefined();
    expect(v1.serialNumber).toBe('80AB');
  });

  it('reads DER input and PEM input to the same certificate', () => {
    const a = parseCertificate(readFixture('leaf-full.der'));
    const b = parseCertificate(readFixture('leaf-full.pem').toString('utf8'));
    expect(a.sha256Fingerprint).toBe(b.sha256Fingerprint);
  });

  it('copies the bytes given to fromDer', () => {
    const der = new Uint8Array(parseCertificate(readFixture('root-ca.pem')).der);
    const cert = Certificate.fromDer(der);
    der.fill(0);
    expect(cert.subject.commonName).toBe('Certkit Test Root CA');
  });

  it('throws TypeError for misuse and X509Error for bad data', () => {
    expect(() => Certificate.fromDer('nope' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => Certificate.fromDer(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).toThrow(
      expect.objectContaining({ code: 'ERR_X509_MALFORMED' }),
    );
  });

  it('toJSON and util.inspect show the summary', async () => {
    const cert = parseCertificate(readFixture('leaf-full.pem'));
    const json = cert.toJSON();
    expect(json).toMatchObject({
      subject: cert.subject.toString(),
      issuer: 'CN=Certkit Test Intermediate CA,O=Certkit Test,C=US',
      serialNumber: 'C0FFEE0123456789ABCDEF',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2120-01-01T00:00:00.000Z',
      keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment'],
      basicConstraints: { ca: false, pathLength: null },
      signatureAlgorithm: 'ecdsa-with-SHA256',
      publicKey: { algorithm: 'rsa', bits: 2048, curve: null },
      fingerprints: { sha256: cert.sha256Fingerprint, sha1: cert.sha1Fingerprint },
      selfSigned: false,
      errors: [],
    });
    expect(JSON.parse(JSON.stringify(cert))).toEqual(JSON.parse(JSON.stringify(json)));
    const { inspect } = await import('node:util');
    const shown = inspect(cert);
    expect(shown).toContain('C0FFEE0123456789ABCDEF');
    expect(shown).toContain('www.example.test');
  });
});
