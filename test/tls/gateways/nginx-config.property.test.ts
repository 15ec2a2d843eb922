/**
 * Property: whatever strings reach the nginx renderer (server names, ciphers, folders, listen
 * addresses, upstreams, file prefixes), it either refuses them with a coded error or a TypeError, or
 * every line it renders is exactly one directive with no character that could end it early or start
 * another (no `;`, braces, quotes, `$`, `#` or whitespace inside a value).
 */
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertkitError } from '../../../src/errors/index.js';
import { renderNginxTls } from '../../../src/tls/gateways/index.js';
import { type GatewayPki, makeGatewayPki } from './gateway-fixtures.js';

let pki: GatewayPki;
beforeAll(async () => {
  pki = await makeGatewayPki();
});

const nasty = fc.constantFrom(
  'a;b',
  'x\ny',
  '$host',
  '{',
  '}',
  '"q"',
  "'q'",
  'a b',
  '# c',
  'ok.example',
  '127.0.0.1:8443',
  '/etc/nginx/certkit',
  'HIGH',
  'TLS_AES_128_GCM_SHA256',
  '',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty);
const DIRECTIVE = /^[a-z_]+( [^\s;{}"'$\\#]+)+;$/;

function renderOrRefuse(
  run: () => { config: string; files: readonly { path: string }[] },
  dir: string,
): void {
  let out: { config: string; files: readonly { path: string }[] };
  try {
    out = run();
  } catch (e) {
    if (e instanceof TypeError) return;
    expect(isCertkitError(e) && e.code).toBe('ERR_GATEWAY_UNSAFE_VALUE');
    return;
  }
  const lines = out.config.split('\n');
  expect(lines.at(-1)).toBe('');
  for (const line of lines.slice(0, -1)) {
    if (line.startsWith('# certkit: ')) continue;
    expect(line).toMatch(DIRECTIVE);
  }
  for (const f of out.files) expect(f.path).toBe(join(dir, basename(f.path)));
}

describe('renderNginxTls never lets a value inject configuration', () => {
  it('server role', () => {
    fc.assert(
      fc.property(
        fc.record({
          serverName: fc.option(text, { nil: undefined }),
          cipher: text,
          dir: fc.oneof(text, fc.constant('/etc/nginx/certkit')),
          listen: fc.oneof(text, fc.integer({ min: -10, max: 70000 })),
          name: fc.option(text, { nil: undefined }),
        }),
        (v) => {
          renderOrRefuse(
            () =>
              renderNginxTls(
                {
                  enabled: true,
                  clientAuthEnabled: true,
                  keyStore: 'ref://api-keystore',
                  trustStore: 'ref://client-roots',
                  ciphers: [v.cipher],
                },
                pki.registry,
                {
                  role: 'server',
                  dir: v.dir,
                  listen: v.listen,
                  ...(v.serverName === undefined ? {} : { serverName: v.serverName }),
                  ...(v.name === undefined ? {} : { name: v.name }),
                },
              ),
            v.dir,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('upstream role', () => {
    fc.assert(
      fc.property(
        fc.record({ serverName: text, upstream: text, dir: fc.oneof(text, fc.constant('/d')) }),
        (v) => {
          renderOrRefuse(
            () =>
              renderNginxTls(
                { enabled: true, trustStore: 'ref://backend-roots', serverName: v.serverName },
                pki.registry,
                { role: 'upstream', dir: v.dir, upstream: v.upstream },
              ),
            v.dir,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
