import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../src/errors/index.js';
import { Keystore, StoreRegistry, Truststore } from '../../src/stores/index.js';
import {
  assertTlsProfile,
  parseTlsProfile,
  parseTlsProfileXml,
  type TlsProfile,
  validateTlsProfile,
} from '../../src/tls/index.js';
import { minted } from '../stores/store-fixtures.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isCertkitError(e) ? e.code : `not certkit: ${String(e)}`;
  }
  return undefined;
}

describe('parseTlsProfile', () => {
  it('reads every field and freezes the result', () => {
    const p = parseTlsProfile({
      enabled: true,
      enforce: true,
      clientAuthEnabled: true,
      keyStore: 'ref://ks',
      keyAlias: 'api',
      trustStore: 'roots',
      ignoreValidationErrors: false,
      protocols: ['TLSv1.2', 'TLSv1.3', 'TLSv1.3'],
      ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256'],
      serverName: 'api.example',
      hostnameVerification: true,
    });
    expect(p.protocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(p.keyStore).toBe('ref://ks');
    expect(Object.isFrozen(p)).toBe(true);
  });
  it.each([
    [null, '(root)'],
    [[], '(root)'],
    [{}, 'enabled'],
    [{ enabled: 'yes' }, 'enabled'],
    [{ enabled: true, clientAuthEnable: true }, 'clientAuthEnable'],
    [{ enabled: true, keyStore: '' }, 'keyStore'],
    [{ enabled: true, protocols: ['SSLv3'] }, 'protocols'],
    [{ enabled: true, protocols: [] }, 'protocols'],
    [{ enabled: true, ciphers: ['A B'] }, 'ciphers'],
  ])('refuses %j (field %s)', (json, field) => {
    try {
      parseTlsProfile(json);
      expect.unreachable();
    } catch (e) {
      expect(isCertkitError(e) && e.code).toBe('ERR_TLS_PROFILE_INVALID');
      expect(isCertkitError(e) && e.details.field).toBe(field);
    }
  });
  it('any JSON value gives a profile or ERR_TLS_PROFILE_INVALID', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = codeOf(() => parseTlsProfile(v));
        expect(c === undefined || c === 'ERR_TLS_PROFILE_INVALID').toBe(true);
      }),
    );
  });
});

describe('parseTlsProfileXml', () => {
  const xml = `<?xml version="1.0"?>
<SSLInfo>
  <Enabled>true</Enabled>
  <ClientAuthEnabled>true</ClientAuthEnabled>
  <!-- the partner's mTLS keystore -->
  <KeyStore>ref://partner-ks</KeyStore>
  <KeyAlias>client&amp;1</KeyAlias>
  <TrustStore>ref://partner-roots</TrustStore>
  <IgnoreValidationErrors>false</IgnoreValidationErrors>
  <Enforce>true</Enforce>
  <Protocols><Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol></Protocols>
  <Ciphers><Cipher>ECDHE-RSA-AES128-GCM-SHA256</Cipher></Ciphers>
  <ServerName>partner.example</ServerName>
</SSLInfo>`;
  it('reads the gateway element with the same field names', () => {
    expect(parseTlsProfileXml(xml)).toEqual({
      enabled: true,
      clientAuthEnabled: true,
      keyStore: 'ref://partner-ks',
      keyAlias: 'client&1',
      trustStore: 'ref://partner-roots',
      ignoreValidationErrors: false,
      enforce: true,
      protocols: ['TLSv1.2', 'TLSv1.3'],
      ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'],
      serverName: 'partner.example',
    });
  });
  it.each([
    ['<!DOCTYPE x [<!ENTITY a "b">]><SSLInfo><Enabled>true</Enabled></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled>true</Enabled><KeyStore>&a;</KeyStore></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled>true</Enabled><Enabled>false</Enabled></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled>yes</Enabled></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled a="1">true</Enabled></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Bogus>1</Bogus></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled>true</Enabled>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Enabled>true</Enabled></SSLInfo><x/>', 'ERR_TLS_XML_INVALID'],
    ['<Other/>', 'ERR_TLS_XML_INVALID'],
    ['<SSLInfo><Protocols><Cipher>x</Cipher></Protocols></SSLInfo>', 'ERR_TLS_XML_INVALID'],
    [
      '<SSLInfo><Enabled>true</Enabled><Protocols><Protocol>SSLv3</Protocol></Protocols></SSLInfo>',
      'ERR_TLS_PROFILE_INVALID',
    ],
    ['<SSLInfo><![CDATA[x]]></SSLInfo>', 'ERR_TLS_XML_INVALID'],
  ])('refuses %s', (text, code) => {
    expect(codeOf(() => parseTlsProfileXml(text))).toBe(code);
  });
  it('any string gives a profile or a TLS error, never another exception', () => {
    const tags = fc.constantFrom(
      '<SSLInfo>',
      '</SSLInfo>',
      '<Enabled>',
      '</Enabled>',
      'true',
      '&amp;',
      '<!',
      '<',
      '>',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(tags).map((a) => a.join('')),
        ),
        (s) => {
          const c = codeOf(() => parseTlsProfileXml(s));
          expect(c === undefined || c === 'ERR_TLS_XML_INVALID' || c === 'ERR_TLS_PROFILE_INVALID').toBe(
            true,
          );
        },
      ),
    );
  });
});

describe('validateTlsProfile', () => {
  const registry = new StoreRegistry();
  beforeAll(async () => {
    const { keystore, root } = await minted('api.example.com', 'api');
    const two = keystore.withEntry('other', keystore.entry('api'), { trust: [root.cert] });
    registry.putKeystore('ks-2026', keystore);
    registry.putKeystore('ks-two', two);
    registry.putTruststore('roots', Truststore.fromCertificates([root.cert]));
    registry.defineReference('ref://api-ks', 'ks-2026');
    registry.defineReference('ref://roots', 'roots');
    void Keystore;
  });
  const codes = (p: TlsProfile, role: 'client' | 'server') =>
    validateTlsProfile(p, registry, { role }).findings.map((f) => `${f.severity}:${f.code}`);

  it.each<[string, TlsProfile, 'client' | 'server', string[]]>([
    ['a good server', { enabled: true, keyStore: 'ref://api-ks', keyAlias: 'api' }, 'server', []],
    [
      'a good mTLS server',
      { enabled: true, clientAuthEnabled: true, keyStore: 'ks-2026', trustStore: 'ref://roots' },
      'server',
      [],
    ],
    ['a one-way client with no stores', { enabled: true }, 'client', []],
    [
      'client auth without keystore (client)',
      { enabled: true, clientAuthEnabled: true },
      'client',
      ['error:ERR_TLS_NO_KEYSTORE'],
    ],
    ['a server without keystore', { enabled: true }, 'server', ['error:ERR_TLS_NO_KEYSTORE']],
    [
      'client auth without truststore (server)',
      { enabled: true, clientAuthEnabled: true, keyStore: 'ks-2026' },
      'server',
      ['error:ERR_TLS_NO_TRUSTSTORE'],
    ],
    [
      'an alias missing',
      { enabled: true, keyStore: 'ks-2026', keyAlias: 'nope' },
      'server',
      ['error:ERR_TLS_ALIAS_NOT_FOUND'],
    ],
    [
      'no alias with two entries',
      { enabled: true, keyStore: 'ks-two' },
      'server',
      ['error:ERR_TLS_ALIAS_NOT_FOUND'],
    ],
    [
      'a missing keystore',
      { enabled: true, keyStore: 'ref://nope' },
      'server',
      ['error:ERR_TLS_STORE_NOT_FOUND'],
    ],
    [
      'a missing truststore',
      { enabled: true, trustStore: 'gone' },
      'client',
      ['error:ERR_TLS_STORE_NOT_FOUND'],
    ],
    [
      'a keystore used as truststore',
      { enabled: true, trustStore: 'ks-2026' },
      'client',
      ['error:ERR_TLS_STORE_NOT_FOUND'],
    ],
    [
      'TLS 1.0',
      { enabled: true, protocols: ['TLSv1', 'TLSv1.2'] },
      'client',
      ['error:ERR_TLS_LEGACY_PROTOCOL'],
    ],
    ['TLS 1.1 allowed', { enabled: true, protocols: ['TLSv1.1'], allowLegacyProtocols: true }, 'client', []],
    [
      'enforce + ignore',
      { enabled: true, enforce: true, ignoreValidationErrors: true },
      'client',
      ['warning:ERR_TLS_IGNORE_IGNORED'],
    ],
    [
      'keyAlias without keyStore',
      { enabled: true, keyAlias: 'api' },
      'client',
      ['error:ERR_TLS_ALIAS_WITHOUT_KEYSTORE'],
    ],
    [
      'disabled with settings',
      { enabled: false, keyStore: 'ks-2026' },
      'server',
      ['warning:ERR_TLS_DISABLED_WITH_SETTINGS'],
    ],
    ['disabled alone', { enabled: false }, 'server', []],
    [
      'a variable store (not checked without a resolver)',
      { enabled: true, keyStore: '{request.ks}' },
      'server',
      [],
    ],
  ])('%s', (_name, profile, role, expected) => {
    expect(codes(profile, role)).toEqual(expected);
  });

  it('resolves variables when given a resolver', () => {
    const r = validateTlsProfile({ enabled: true, keyStore: '{tenant}' }, registry, {
      role: 'server',
      resolveVariable: () => 'missing-store',
    });
    expect(r.findings.map((f) => f.code)).toEqual(['ERR_TLS_STORE_NOT_FOUND']);
  });
  it('assertTlsProfile throws ERR_TLS_PROFILE_REJECTED with every finding, returns warnings otherwise', () => {
    try {
      assertTlsProfile({ enabled: true, clientAuthEnabled: true, protocols: ['TLSv1'] }, registry, {
        role: 'server',
      });
      expect.unreachable();
    } catch (e) {
      expect(isCertkitError(e) && e.code).toBe('ERR_TLS_PROFILE_REJECTED');
      expect(isCertkitError(e) && e.details.codes).toEqual([
        'ERR_TLS_LEGACY_PROTOCOL',
        'ERR_TLS_NO_KEYSTORE',
        'ERR_TLS_NO_TRUSTSTORE',
      ]);
    }
    const w = assertTlsProfile({ enabled: true, enforce: true, ignoreValidationErrors: true }, registry, {
      role: 'client',
    });
    expect(w.map((f) => f.code)).toEqual(['ERR_TLS_IGNORE_IGNORED']);
  });
});
