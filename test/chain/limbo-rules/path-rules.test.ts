/**
 * Name-constraint and path-building vectors of newer x509-limbo versions (rfc5280::nc::, cve::) that certkit
 * already answered as upstream expects, reproduced through the harness so a regression shows.
 */
import { describe, expect, it } from 'vitest';
import { derNull, derOid, derSequence, encodeTlv } from '../../../src/internal/der/index.js';
import { EKU, ecKeys, generalName, type Minted, mint, rawExtension } from '../../helpers/make-certs.js';
import { runCase } from './limbo-case.js';

const dns = (value: string) => ({ kind: 'DNS' as const, value });
const mail = (value: string) => ({ kind: 'RFC822' as const, value });

describe('name constraints (RFC 5280 4.2.1.10)', () => {
  it('an otherName constraint certkit cannot process rejects a leaf with an otherName, not one without', async () => {
    const root = await mint({ subject: 'CN=ON Root', ca: true });
    const otherName = encodeTlv(0xa0, derOid('1.3.6.1.4.1.55738.666.3'), encodeTlv(0xa0, derNull()));
    const nc = rawExtension(
      '2.5.29.30',
      true,
      derSequence(
        encodeTlv(0xa0, derSequence(generalName({ dns: 'example.com' }, true))),
        encodeTlv(0xa1, derSequence(otherName)),
      ),
    );
    const ica = await mint({ subject: 'CN=ON ICA', ca: true, issuer: root, extra: [nc] });
    const withOn = await mint({
      issuer: ica,
      subject: 'CN=example.com',
      extra: [
        rawExtension('2.5.29.17', false, derSequence(generalName({ dns: 'example.com' }, false), otherName)),
      ],
    });
    const r = await runCase({
      id: 'rfc5280::nc::nc-forbids-othername',
      leaf: withOn,
      trust: [root],
      intermediates: [ica],
      peer: dns('example.com'),
    });
    expect(r.context).toContain('ERR_CHAIN_NAME_CONSTRAINTS@0: cannot check a other name');
    const without = await mint({ issuer: ica, subject: 'CN=example.com', san: [{ dns: 'example.com' }] });
    const ok = await runCase({
      id: 'rfc5280::nc::nc-forbids-othername-noop',
      leaf: without,
      trust: [root],
      intermediates: [ica],
      peer: dns('example.com'),
    });
    expect(ok.actual_result).toBe('SUCCESS');
  });

  it('email constraints: a mailbox and a host permit; a malformed constraint or SAN refuses', async () => {
    const root = await mint({ subject: 'CN=Mail Root', ca: true });
    const ica = async (email: string) =>
      mint({
        subject: `CN=ICA ${email}`,
        ca: true,
        issuer: root,
        nameConstraints: { permitted: [{ email }] },
      });
    const leaf = (issuer: Minted, emails: string[]) =>
      mint({ issuer, subject: 'CN=mail', san: emails.map((email) => ({ email })), eku: [EKU.clientAuth] });
    const client = { kind: 'CLIENT' as const, eku: ['clientAuth'] };
    const exact = await ica('foo@example.com');
    const host = await ica('example.com');
    const bad = await ica('invalid@invalid@example.com');
    for (const [id, i, emails, peer, expected] of [
      ['nc-permits-email-exact', exact, ['foo@example.com'], 'foo@example.com', 'SUCCESS'],
      ['nc-permits-email-domain', host, ['foo@example.com'], 'foo@example.com', 'SUCCESS'],
      ['invalid-email-address', bad, ['example@example.com'], 'example@example.com', 'FAILURE'],
      [
        'nc-permits-invalid-email-san',
        host,
        ['good@example.com', 'invalid@address@example.com'],
        'good@example.com',
        'FAILURE',
      ],
    ] as const) {
      const r = await runCase({
        id: `rfc5280::nc::${id}`,
        leaf: await leaf(i, [...emails]),
        trust: [root],
        intermediates: [i],
        peer: mail(peer),
        ...client,
      });
      expect(r.actual_result, id).toBe(expected);
    }
  });

  it('a wildcard dNSName constraint is malformed', async () => {
    const root = await mint({ subject: 'CN=W Root', ca: true });
    const ica = await mint({
      subject: 'CN=W ICA',
      ca: true,
      issuer: root,
      nameConstraints: { permitted: [{ dns: '*.example.com' }] },
    });
    const leaf = await mint({
      issuer: ica,
      subject: 'CN=foo.example.com',
      san: [{ dns: 'foo.example.com' }],
    });
    const r = await runCase({
      id: 'rfc5280::nc::invalid-dnsname-wildcard',
      leaf,
      trust: [root],
      intermediates: [ica],
      peer: dns('foo.example.com'),
    });
    expect(r.context).toContain('malformed name constraint');
  });
});

describe('path building around a constraint violation', () => {
  it('takes the other issuer of the same key when one path breaks a name constraint', async () => {
    const discarded = await mint({ subject: 'CN=Discarded Root', ca: true });
    const trusted = await mint({ subject: 'CN=Trusted Root', ca: true });
    const icaA = await mint({
      subject: 'CN=ICA A',
      ca: true,
      issuer: trusted,
      nameConstraints: {
        permitted: [{ dns: 'permitted.example.com' }],
        excluded: [{ dns: 'forbidden.example.com' }],
      },
    });
    const keys = await ecKeys();
    const b1 = await mint({
      subject: 'CN=an-intermediate',
      ca: true,
      issuer: discarded,
      keys,
      san: [{ dns: 'forbidden.example.com' }],
    });
    const b2 = await mint({ subject: 'CN=an-intermediate', ca: true, issuer: icaA, keys });
    const leaf = await mint({
      issuer: b1,
      subject: 'CN=permitted.example.com',
      san: [{ dns: 'permitted.example.com' }],
    });
    const r = await runCase({
      id: 'rfc5280::nc::nc-forbids-alternate-chain-ica',
      leaf,
      trust: [trusted],
      intermediates: [icaA, b1, b2],
      peer: dns('permitted.example.com'),
    });
    expect(r.actual_result).toBe('SUCCESS');
  });

  it('CVE-2024-0567: a cross-signed cycle resolves to the trusted self-signed root', async () => {
    const [kA, kB, kC] = [await ecKeys(), await ecKeys(), await ecKeys()];
    const rootA = await mint({ subject: 'CN=Root A', ca: true, keys: kA });
    const as = (subject: string, keys: typeof kA) => ({ ...rootA, subject, keys }) as Minted;
    const [A, B, C] = [as('CN=Root A', kA), as('CN=Root B', kB), as('CN=Root C', kC)];
    const a1 = await mint({ subject: 'CN=Intermediate A1', ca: true, issuer: A });
    const intermediates = [
      a1,
      await mint({ subject: 'CN=Root A', ca: true, issuer: B, keys: kA }),
      await mint({ subject: 'CN=Root A', ca: true, issuer: C, keys: kA }),
      await mint({ subject: 'CN=Intermediate B1', ca: true, issuer: B }),
      await mint({ subject: 'CN=Root B', ca: true, issuer: A, keys: kB }),
      await mint({ subject: 'CN=Root B', ca: true, issuer: C, keys: kB }),
      await mint({ subject: 'CN=Intermediate C1', ca: true, issuer: C }),
      await mint({ subject: 'CN=Root C', ca: true, issuer: A, keys: kC }),
      await mint({ subject: 'CN=Root C', ca: true, issuer: B, keys: kC }),
    ];
    const leaf = await mint({
      issuer: a1,
      subject: '',
      san: [{ dns: 'cve-2024-0567.example.com' }],
      sanCritical: true,
    });
    const r = await runCase({
      id: 'cve::cve-2024-0567',
      leaf,
      trust: [rootA],
      intermediates,
      peer: dns('cve-2024-0567.example.com'),
    });
    expect(r.actual_result).toBe('SUCCESS');
  });
});
