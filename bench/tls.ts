/**
 * TLS: full handshakes per second against a server built from a profile (`createTlsServer`, live
 * rotation attached) side by side with a server built by hand with `tls.createServer` and the same
 * key, chain and versions; the profile must cost nothing after set-up (ratio ≈ 1). Then the time to
 * apply a re-point to a running server (registry.repoint → setSecureContext), next to a re-point with
 * nothing listening, and the time until the first handshake that sees the new certificate.
 * Certificates are ECDSA P-256, minted for the run (test/tls/tls-pki.ts); no session resumption.
 */
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createTlsServer } from '../src/tls/index.js';
import { makeTlsPki } from '../test/tls/tls-pki.js';
import { compare, printComparison } from './harness.js';

const PARALLEL = 8;

function listen(server: tls.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function handshake(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const fp = s.getPeerCertificate().fingerprint256;
      s.destroy();
      resolve(fp);
    });
    s.on('error', reject);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const pki = await makeTlsPki();
  const { registry } = pki;
  registry.defineReference('ref://bench-ks', 'srv-good', { role: 'server' });
  const profile = { enabled: true, keyStore: 'ref://bench-ks' } as const;
  const ca = pki.root.pem;

  const fromProfile = createTlsServer(profile, registry, {}, (s) => s.end());
  const byHand = tls.createServer(
    {
      key: (await pki.pemOf('srv-good')).key,
      cert: (await pki.pemOf('srv-good')).chain,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
    },
    (s) => s.end(),
  );
  const [p1, p2] = [await listen(fromProfile), await listen(byHand)];
  const batch = (port: number) => () =>
    Promise.all(Array.from({ length: PARALLEL }, () => handshake(port, ca)));
  const results = await compare(
    [
      { name: 'createTlsServer (profile)', fn: batch(p1), unitsPerCall: PARALLEL },
      { name: 'tls.createServer (by hand)', fn: batch(p2), unitsPerCall: PARALLEL },
    ],
    { rounds: 7, roundMs: 400 },
  );
  printComparison(
    `TLS handshakes per second (ECDSA P-256, ${PARALLEL} in parallel, full handshakes)`,
    results,
  );

  // Re-point latency: registry.repoint with the server following it vs with nobody listening.
  const targets = ['srv-good-2', 'srv-good'];
  const fingerprints = new Map(
    targets.map((t) => [t, new X509Certificate(pki.leaves.get(t)!.pem).fingerprint256] as const),
  );
  const withServer: number[] = [];
  const firstHandshake: number[] = [];
  for (let i = 0; i < 200; i++) {
    const to = targets[i % 2]!;
    const t0 = performance.now();
    registry.repoint('ref://bench-ks', to);
    const t1 = performance.now();
    withServer.push(t1 - t0);
    if (i % 10 === 0) {
      const fp = await handshake(p1, ca);
      if (fp !== fingerprints.get(to)) throw new Error('the re-point was not applied');
      firstHandshake.push(performance.now() - t0);
    }
  }
  await new Promise<void>((r) => fromProfile.close(() => r()));
  registry.defineReference('ref://idle-ks', 'srv-good', { role: 'server' });
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    registry.repoint('ref://idle-ks', targets[i % 2]!);
    idle.push(performance.now() - t0);
  }
  await new Promise<void>((r) => byHand.close(() => r()));
  console.log('\n## Applying a re-point to a running server');
  console.log('| measure | median ms |');
  console.log('| --- | ---: |');
  console.log(`| repoint + setSecureContext on the running server | ${median(withServer).toFixed(3)} |`);
  console.log(`| repoint with no server following (rotation check only) | ${median(idle).toFixed(3)} |`);
  console.log(
    `| repoint until the first handshake serving the new certificate | ${median(firstHandshake).toFixed(3)} |`,
  );
}
