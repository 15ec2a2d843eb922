/**
 * Certificate and path rules the newer x509-limbo vectors exercise (rfc5280::validity, webpki::eku, cve::,
 * rfc5280::pc, rfc5280::ca-as-leaf), reproduced with minted chains through the conformance harness. (S/MIME: smime-rules.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/chain/index.js';
import { derSequence } from '../../../src/internal/der/index.js';
import { EKU, type Minted, mint, rawExtension } from '../../helpers/make-certs.js';
import { runCase } from './limbo-case.js';

let root: Minted;
beforeAll(async () => {
  root = await mint({ subject: 'CN=Rules Root', ca: true });
});

describe('validity at the granularity of the encoding (RFC 5280 4.1.2.5)', () => {
  const nb = new Date('2024-03-01T00:00:00Z');
  const na = new Date('2024-04-01T00:00:00Z');
  it('notBefore and notAfter are inclusive, and notAfter covers its whole second', async () => {
    const r = await mint({ subject: 'CN=V Root', ca: true, notBefore: nb, notAfter: na });
    const leaf = await mint({
      issuer: r,
      subject: 'CN=example.com',
      san: [{ dns: 'example.com' }],
      notBefore: nb,
      notAfter: na,
    });
    for (const [id, at] of [
      ['rfc5280::validity::notbefore-exact', nb],
      ['rfc5280::validity::notafter-exact', na],
      ['rfc5280::validity::notafter-fractional', new Date(na.getTime() + 5)],
    ] as const)
      expect((await runCase({ id, leaf, trust: [r], at })).actual_result, id).toBe('SUCCESS');
    const after = await runCase({
      id: 'one second later',
      leaf,
      trust: [r],
      at: new Date(na.getTime() + 1000),
    });
    expect(after.context).toContain('ERR_CHAIN_EXPIRED');
  });

  it('a time a millisecond before notBefore is before it', async () => {
    const nb1 = new Date(nb.getTime() + 1000);
    const r = await mint({ subject: 'CN=V1 Root', ca: true, notBefore: nb1, notAfter: na });
    const leaf = await mint({
      issuer: r,
      subject: 'CN=example.com',
      san: [{ dns: 'example.com' }],
      notBefore: nb1,
      notAfter: na,
    });
    const res = await runCase({
      id: 'rfc5280::validity::notbefore-fractional',
      leaf,
      trust: [r],
      at: new Date(nb1.getTime() - 1),
    });
    expect(res.context).toContain('ERR_CHAIN_NOT_YET_VALID');
  });
});

describe('TLS subscriber extendedKeyUsage (CA/B BR 7.1.2.7.10, pedantic)', () => {
  const peer = { kind: 'DNS' as const, value: 'example.com' };
  const leafWith = (eku: readonly string[]) =>
    mint({ issuer: root, subject: 'CN=example.com', san: [{ dns: 'example.com' }], eku });

  it('refuses codeSigning, emailProtection, timeStamping, OCSPSigning and precertificate signing beside serverAuth', async () => {
    for (const [name, oid] of [
      ['ee-codesigning-with-serverauth', EKU.codeSigning],
      ['ee-emailprotection-with-serverauth', '1.3.6.1.5.5.7.3.4'],
      ['ee-timestamping-with-serverauth', '1.3.6.1.5.5.7.3.8'],
      ['ee-ocspsigning-with-serverauth', '1.3.6.1.5.5.7.3.9'],
      ['ee-precertificate-with-serverauth', '1.3.6.1.4.1.11129.2.4.4'],
    ] as const) {
      const leaf = await leafWith([EKU.serverAuth, oid]);
      const r = await runCase({ id: `webpki::eku::${name}`, leaf, trust: [root], peer, eku: ['serverAuth'] });
      expect(r.actual_result, name).toBe('FAILURE');
      expect(r.context, name).toMatch(/ERR_CHAIN_EXTENDED_KEY_USAGE@0: .*CA\/B BR 7\.1\.2\.7\.10/);
    }
  });

  it('accepts serverAuth with clientAuth; refuses clientAuth or precertificate signing alone', async () => {
    const both = await runCase({
      id: 'webpki::eku::ee-serverauth-with-additional',
      leaf: await leafWith([EKU.serverAuth, EKU.clientAuth]),
      trust: [root],
      peer,
      eku: ['serverAuth'],
    });
    expect(both.actual_result).toBe('SUCCESS');
    for (const eku of [[EKU.clientAuth], ['1.3.6.1.4.1.11129.2.4.4']]) {
      const r = await runCase({
        id: 'webpki::eku::ee-clientauth-or-precert-only',
        leaf: await leafWith(eku),
        trust: [root],
        peer,
        eku: ['serverAuth'],
      });
      expect(r.context).toContain('does not allow serverAuth');
    }
  });

  it('is not applied without pedantic (TLS stacks accept such leaves)', async () => {
    const leaf = await leafWith([EKU.serverAuth, EKU.codeSigning]);
    const r = await verifyChain(leaf.cert, { trust: [root.cert], hostname: 'example.com' });
    expect(r.problems).toEqual([]);
  });
});

describe('wildcard SANs under name constraints (CVE-2025-61727)', () => {
  it('*.example.com under an excluded bar.example.com is refused, whatever the peer name', async () => {
    const ica = await mint({
      subject: 'CN=NC ICA',
      ca: true,
      issuer: root,
      nameConstraints: { permitted: [{ dns: 'example.com' }], excluded: [{ dns: 'bar.example.com' }] },
    });
    const leaf = await mint({ issuer: ica, subject: 'O=wildcard', san: [{ dns: '*.example.com' }] });
    for (const value of ['bar.example.com', 'foo.example.com']) {
      const r = await runCase({
        id: 'cve::cve-2025-61727',
        leaf,
        trust: [root],
        intermediates: [ica],
        peer: { kind: 'DNS', value },
      });
      expect(r.context, value).toContain(
        'ERR_CHAIN_NAME_CONSTRAINTS@0: dns "*.example.com" is in an excluded subtree',
      );
    }
  });

  it('*.example.com is not inside a permitted foo.example.com', async () => {
    const ica = await mint({
      subject: 'CN=NC ICA 2',
      ca: true,
      issuer: root,
      nameConstraints: { permitted: [{ dns: 'foo.example.com' }] },
    });
    const leaf = await mint({ issuer: ica, subject: 'O=wildcard', san: [{ dns: '*.example.com' }] });
    const r = await runCase({
      id: 'cve::cve-2025-61727-nc-permits-variant',
      leaf,
      trust: [root],
      intermediates: [ica],
      peer: { kind: 'DNS', value: 'foo.example.com' },
    });
    expect(r.context).toContain('is not in any permitted dns subtree');
  });
});

describe('RFC 5280 profile cases', () => {
  it('a non-critical policyConstraints is refused (4.2.1.11, pedantic)', async () => {
    const pc = rawExtension('2.5.29.36', false, derSequence(new Uint8Array([0x80, 1, 3])));
    const ica = await mint({ subject: 'CN=PC ICA', ca: true, issuer: root, extra: [pc] });
    const leaf = await mint({ issuer: ica, subject: 'CN=example.com', san: [{ dns: 'example.com' }] });
    const r = await runCase({
      id: 'rfc5280::pc::ica-noncritical-pc',
      leaf,
      trust: [root],
      intermediates: [ica],
      features: ['has-policy-constraints'],
    });
    expect(r.context).toContain('ERR_CHAIN_BAD_EXTENSION@1: policyConstraints must be critical');
  });

  it('a CA certificate may end an RFC 5280 path; its SAN still has to match', async () => {
    const ca = await mint({
      subject: 'CN=CA Leaf',
      ca: true,
      issuer: root,
      san: [{ dns: 'ca.example.com' }],
    });
    const ok = await runCase({
      id: 'rfc5280::ca-as-leaf',
      leaf: ca,
      trust: [root],
      peer: { kind: 'DNS', value: 'ca.example.com' },
    });
    expect(ok.actual_result).toBe('SUCCESS');
    const wrong = await runCase({
      id: 'rfc5280::ca-as-leaf-wrong-san',
      leaf: ca,
      trust: [root],
      peer: { kind: 'DNS', value: 'some-other-ca.example.com' },
    });
    expect(wrong.context).toContain('ERR_CHAIN_HOSTNAME_MISMATCH');
  });

  it('a trusted intermediate ends the path; the root offered as untrusted is ignored', async () => {
    const ica = await mint({ subject: 'CN=Swapped ICA', ca: true, issuer: root });
    const leaf = await mint({ issuer: ica, subject: 'CN=example.com', san: [{ dns: 'example.com' }] });
    const r = await runCase({
      id: 'rfc5280::root-and-intermediate-swapped',
      leaf,
      trust: [ica],
      intermediates: [root],
      peer: { kind: 'DNS', value: 'example.com' },
    });
    expect(r.actual_result).toBe('SUCCESS');
  });
});
