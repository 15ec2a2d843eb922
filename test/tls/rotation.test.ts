import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTlsServer, type TlsRotation } from '../../src/tls/index.js';
import { closeServer, listen } from './socket-helpers.js';
import { makeTlsPki, type TlsPki } from './tls-pki.js';

let pki: TlsPki;
const servers: tls.Server[] = [];
beforeAll(async () => {
  pki = await makeTlsPki();
  pki.registry.defineReference('ref://api-ks', 'srv-good', { role: 'server' });
  pki.registry.defineReference('ref://a-ks', 'srv-a', { role: 'server' });
}, 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

const fp = (name: string) => new X509Certificate(pki.leaves.get(name)!.pem).fingerprint256;

/** One handshake: the fingerprint of the certificate served, or the error. */
function handshake(port: number, servername = 'localhost'): Promise<{ fingerprint?: string; error?: Error }> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, ca: pki.root.pem }, () => {
      const fingerprint = s.getPeerCertificate().fingerprint256;
      s.end();
      resolve({ fingerprint });
    });
    s.on('error', (error) => resolve({ error }));
  });
}

describe('createTlsServer: live rotation', () => {
  it('serves the new certificate after each of 50 re-points, with zero failed handshakes under load', async () => {
    const rotations: TlsRotation[] = [];
    const server = createTlsServer(
      { enabled: true, keyStore: 'ref://api-ks' },
      pki.registry,
      { onRotate: (r) => rotations.push(r) },
      (s) => {
        s.on('data', (d) => s.write(d));
      },
    );
    servers.push(server);
    const port = await listen(server);

    // An established connection that must survive every rotation.
    const held = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.root.pem });
    await new Promise((r) => held.once('secureConnect', r));
    const heldFingerprint = held.getPeerCertificate().fingerprint256;

    let stop = false;
    let ok = 0;
    const failures: Error[] = [];
    const worker = async () => {
      while (!stop) {
        const r = await handshake(port);
        if (r.error !== undefined) failures.push(r.error);
        else ok++;
      }
    };
    const workers = Array.from({ length: 4 }, worker);

    const targets = ['srv-good-2', 'srv-good'];
    for (let i = 0; i < 50; i++) {
      const to = targets[i % 2]!;
      pki.registry.repoint('ref://api-ks', to, { actor: 'test' });
      const r = await handshake(port);
      expect(r.fingerprint).toBe(fp(to));
      await new Promise((res) => setImmediate(res));
    }
    stop = true;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(0);
    expect(rotations).toHaveLength(50);
    expect(rotations[0]!.contexts).toEqual([null]);
    // the held connection is still the same TLS session and still works
    held.write('ping');
    const [echo] = await new Promise<Buffer[]>((r) => held.once('data', (d: Buffer) => r([d])));
    expect(echo!.toString()).toBe('ping');
    expect(held.getPeerCertificate().fingerprint256).toBe(heldFingerprint);
    held.end();
  }, 60_000);

  it('follows a store replaced under the reference and keeps serving when a change cannot be applied', async () => {
    pki.registry.repoint('ref://api-ks', 'srv-good');
    const errors: unknown[] = [];
    const server = createTlsServer(
      { enabled: true, keyStore: 'ref://api-ks', keyAlias: 'main' },
      pki.registry,
      {
        onRotationError: (e) => errors.push(e),
      },
    );
    servers.push(server);
    const port = await listen(server);
    expect((await handshake(port)).fingerprint).toBe(fp('srv-good'));

    // replace the store behind the reference in place
    const original = pki.registry.resolveKeystore('srv-good');
    pki.registry.putKeystore('srv-good', pki.registry.resolveKeystore('srv-good-2'));
    expect((await handshake(port)).fingerprint).toBe(fp('srv-good-2'));

    // a store without the alias: the change is refused by the server, the old certificate stays
    const renamed = pki.registry.resolveKeystore('srv-b');
    pki.registry.putKeystore(
      'no-main',
      renamed.withoutEntry('main').withEntry('other', renamed.entry('main'), { allowIncompleteChain: true }),
    );
    pki.registry.repoint('ref://api-ks', 'no-main', { force: true });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'ERR_TLS_PROFILE_REJECTED',
      details: { codes: ['ERR_TLS_ALIAS_NOT_FOUND'] },
    });
    expect((await handshake(port)).fingerprint).toBe(fp('srv-good-2'));

    pki.registry.putKeystore('srv-good', original);
    pki.registry.repoint('ref://api-ks', 'srv-good');
  });

  it('stops following the registry when the server closes', async () => {
    let count = 0;
    const server = createTlsServer({ enabled: true, keyStore: 'ref://api-ks' }, pki.registry, {
      onRotate: () => count++,
    });
    await listen(server);
    pki.registry.repoint('ref://api-ks', 'srv-good-2');
    expect(count).toBe(1);
    await closeServer(server);
    pki.registry.repoint('ref://api-ks', 'srv-good');
    expect(count).toBe(1);
  });

  it('serves several certificates by host name (SNI) and rotates each', async () => {
    const server = createTlsServer({ enabled: true, keyStore: 'srv-good' }, pki.registry, {
      sni: {
        'a.test': { enabled: true, keyStore: 'ref://a-ks' },
        '*.b.test': { enabled: true, keyStore: 'srv-b' },
      },
    });
    servers.push(server);
    const port = await listen(server);
    expect((await handshake(port, 'a.test')).fingerprint).toBe(fp('srv-a'));
    expect((await handshake(port, 'x.b.test')).error).toBeDefined(); // srv-b is for b.test only: the name fails
    expect((await handshake(port, 'localhost')).fingerprint).toBe(fp('srv-good'));
    pki.registry.repoint('ref://a-ks', 'srv-b', { force: true });
    const r = await new Promise<string | undefined>((resolve) => {
      const s = tls.connect(
        {
          host: '127.0.0.1',
          port,
          servername: 'a.test',
          ca: pki.root.pem,
          checkServerIdentity: () => undefined,
        },
        () => {
          resolve(s.getPeerCertificate().fingerprint256);
          s.end();
        },
      );
    });
    expect(r).toBe(fp('srv-b'));
    pki.registry.repoint('ref://a-ks', 'srv-a', { force: true });
  });
});
