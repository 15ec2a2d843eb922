import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTlsProfile, parseTlsProfileXml } from '../../src/tls/index.js';
import { thrownError } from '../helpers/coded-error.js';

// The real shape of an API gateway's target endpoint TLS settings (Apigee TargetEndpoint SSLInfo:
// Enabled, Enforce, ClientAuthEnabled, KeyStore, KeyAlias, TrustStore, IgnoreValidationErrors,
// Protocols/Protocol, Ciphers/Cipher, CommonName with wildcardMatch), with comments and CDATA.
const TARGET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- target endpoint of the partner API -->
<HTTPTargetConnection>
  <Properties/>
  <URL>https://api.partner.example/v1</URL>
  <SSLInfo>
    <Enabled>true</Enabled>
    <Enforce>true</Enforce>
    <ClientAuthEnabled>true</ClientAuthEnabled>
    <KeyStore>ref://partner-keystore</KeyStore>
    <KeyAlias><![CDATA[client&key]]></KeyAlias>
    <TrustStore>ref://partner-roots</TrustStore>
    <IgnoreValidationErrors>false</IgnoreValidationErrors>
    <Protocols>
      <Protocol>TLSv1.2</Protocol> <!-- and 1.3 -->
      <Protocol>TLSv1.3</Protocol>
    </Protocols>
    <Ciphers>
      <Cipher>ECDHE-ECDSA-AES128-GCM-SHA256</Cipher>
      <Cipher>TLS_AES_128_GCM_SHA256</Cipher>
    </Ciphers>
    <CommonName wildcardMatch="true">*.partner.example</CommonName>
  </SSLInfo>
</HTTPTargetConnection>
`;

const xmlError = (text: string) => thrownError(() => parseTlsProfileXml(text));

describe('parseTlsProfileXml reads real gateway XML', () => {
  it('an <SSLInfo> inside <HTTPTargetConnection>, with comments, CDATA and attributes', () => {
    expect(parseTlsProfileXml(TARGET)).toEqual({
      enabled: true,
      enforce: true,
      clientAuthEnabled: true,
      keyStore: 'ref://partner-keystore',
      keyAlias: 'client&key',
      trustStore: 'ref://partner-roots',
      ignoreValidationErrors: false,
      protocols: ['TLSv1.2', 'TLSv1.3'],
      ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256'],
      commonName: { value: '*.partner.example', wildcardMatch: true },
    });
  });

  it('the <SSLInfo> alone, CommonName without wildcardMatch, single quotes, character references', () => {
    const p = parseTlsProfileXml(
      "<SSLInfo>\n<Enabled>true</Enabled><CommonName wildcardMatch='false'>api&#46;example</CommonName></SSLInfo>",
    );
    expect(p.commonName).toEqual({ value: 'api.example', wildcardMatch: false });
    expect(
      parseTlsProfileXml('<SSLInfo><Enabled>true</Enabled><CommonName>a.example</CommonName></SSLInfo>')
        .commonName,
    ).toEqual({
      value: 'a.example',
      wildcardMatch: false,
    });
  });

  it('the JSON form takes the same commonName', () => {
    expect(
      parseTlsProfile({ enabled: true, commonName: { value: '*.x.example', wildcardMatch: true } })
        .commonName,
    ).toEqual({
      value: '*.x.example',
      wildcardMatch: true,
    });
    expect(parseTlsProfile({ enabled: true, commonName: 'x.example' }).commonName).toEqual({
      value: 'x.example',
      wildcardMatch: false,
    });
    expect(thrownError(() => parseTlsProfile({ enabled: true, commonName: { value: 'a b' } })).code).toBe(
      'ERR_TLS_PROFILE_INVALID',
    );
  });
});

describe('parseTlsProfileXml refuses, with line and column', () => {
  it.each([
    ['a DTD', '<?xml version="1.0"?>\n<!DOCTYPE SSLInfo [<!ENTITY x "y">]>\n<SSLInfo/>', 2, 1, /DTD/],
    [
      'an entity',
      '<SSLInfo>\n  <Enabled>true</Enabled>\n  <KeyStore>&x;</KeyStore>\n</SSLInfo>',
      3,
      13,
      /entity &x;/,
    ],
    ['an external entity', '<SSLInfo><KeyStore>&xxe;</KeyStore></SSLInfo>', 1, 20, /entity &xxe;/],
    ['a processing instruction', '<SSLInfo>\n<?php echo 1 ?>\n</SSLInfo>', 2, 1, /processing instructions/],
    ['a PI before the root', '<?xml-stylesheet href="x"?><SSLInfo/>', 1, 1, /processing instructions/],
    [
      'an unclosed element',
      '<SSLInfo>\n  <Enabled>true</Enabled>\n',
      3,
      1,
      /<SSLInfo> \(line 1, column 1\) is not closed/,
    ],
    [
      'a mismatched close',
      '<SSLInfo>\n  <Enabled>true</Enforce>\n</SSLInfo>',
      2,
      16,
      /<\/Enforce> where <\/Enabled>/,
    ],
    [
      'an unknown attribute',
      '<SSLInfo>\n <Enabled a="1">true</Enabled></SSLInfo>',
      2,
      2,
      /takes no attribute/,
    ],
    [
      'a bad wildcardMatch',
      '<SSLInfo><CommonName wildcardMatch="yes">a</CommonName></SSLInfo>',
      1,
      10,
      /wildcardMatch/,
    ],
    ['an unknown element', '<SSLInfo>\n\n   <Bogus>1</Bogus></SSLInfo>', 3, 4, /unknown element <Bogus>/],
    [
      'a repeated element',
      '<SSLInfo><Enabled>true</Enabled><Enabled>false</Enabled></SSLInfo>',
      1,
      33,
      /appears twice/,
    ],
    ['a bare &', '<SSLInfo><KeyAlias>a & b</KeyAlias></SSLInfo>', 1, 22, /bare "&"/],
    ['text in <SSLInfo>', '<SSLInfo><![CDATA[x]]></SSLInfo>', 1, 1, /holds elements, not text/],
    ['another root', '<TargetEndpoint/>', 1, 1, /root element/],
    [
      'an unknown sibling',
      '<HTTPTargetConnection><LoadBalancer/><SSLInfo/></HTTPTargetConnection>',
      1,
      23,
      /unknown element <LoadBalancer>/,
    ],
    [
      'no SSLInfo in the connection',
      '<HTTPTargetConnection><URL>x</URL></HTTPTargetConnection>',
      1,
      1,
      /holds no <SSLInfo>/,
    ],
    ['content after the root', '<SSLInfo><Enabled>true</Enabled></SSLInfo>\n<x/>', 2, 1, /content after/],
    ['an unterminated comment', '<SSLInfo><!-- x </SSLInfo>', 1, 10, /unterminated comment/],
  ])('%s', (_what, text, line, column, message) => {
    let caught: unknown;
    try {
      parseTlsProfileXml(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'ERR_TLS_XML_INVALID', details: { line, column } });
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain(`line ${line}, column ${column}`);
  });

  it('a bad value is still ERR_TLS_PROFILE_INVALID', () => {
    expect(
      xmlError('<SSLInfo><Enabled>true</Enabled><Protocols><Protocol>SSLv3</Protocol></Protocols></SSLInfo>')
        .code,
    ).toBe('ERR_TLS_PROFILE_INVALID');
  });

  it('a billion-laughs document is refused at its DTD, before anything is expanded', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('')}]><SSLInfo><KeyStore>&lol9;</KeyStore></SSLInfo>`;
    expect(xmlError(laughs)).toMatchObject({ code: 'ERR_TLS_XML_INVALID', details: { line: 1, column: 22 } });
  });

  it('deep nesting is bounded', () => {
    const deep = `${'<HTTPTargetConnection>'.repeat(40)}`;
    expect(xmlError(deep).code).toBe('ERR_TLS_XML_INVALID');
  });

  it('any string gives a profile or a coded TLS error (property)', () => {
    const parts = fc.constantFrom(
      '<SSLInfo>',
      '</SSLInfo>',
      '<Enabled>',
      '</Enabled>',
      'true',
      '<CommonName wildcardMatch="true">',
      '</CommonName>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '&amp;',
      '&#',
      '<?',
      '<!DOCTYPE',
      '<',
      '>',
      '/>',
      '"',
      ' ',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(parts, { maxLength: 30 }).map((a) => a.join('')),
        ),
        (s) => {
          try {
            parseTlsProfileXml(s);
          } catch (e) {
            expect(['ERR_TLS_XML_INVALID', 'ERR_TLS_PROFILE_INVALID']).toContain(
              (e as { code?: string }).code,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
