import { Resolver } from 'node:dns/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '../../../src/inventory/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';
import { startTsxChild } from '../../helpers/tsx-child.js';

const CHILD = fileURLToPath(new URL('./fixtures/order-child.ts', import.meta.url));

function events(lines: string[]): Array<Record<string, unknown>> {
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!hasPebble())('an order survives the death of its process', () => {
  let pebble: Pebble;
  let dir: string;
  beforeAll(async () => {
    pebble = await startPebble();
    dir = mkdtempSync(join(tmpdir(), 'certkit-acme-crash-'));
  }, 30_000);
  afterAll(async () => {
    await pebble?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a process killed after publishing the challenge is continued by the next one: same order, challenge cleaned up', async () => {
    const domain = 'crash.example.test';
    const args = [
      dir,
      pebble.directoryUrl,
      Buffer.from(pebble.caCertificates).toString('base64'),
      pebble.challtestsrvUrl,
      pebble.dnsServer,
      domain,
    ];
    const first = startTsxChild(CHILD, [...args, 'pause']);
    await first.waitFor((line) => line === 'PAUSED');
    first.process.kill('SIGKILL');
    await first.exited;
    const created = events(first.lines).find((e) => e.type === 'order-created');
    expect(created?.orderUrl).toMatch(/^https:/);

    // The TXT record of the dead process is still published at this point.
    const resolver = new Resolver();
    resolver.setServers([pebble.dnsServer]);
    expect((await resolver.resolveTxt(`_acme-challenge.${domain}`)).length).toBe(1);

    const second = startTsxChild(CHILD, args);
    const code = await second.exited;
    expect(code, second.stderr()).toBe(0);
    const later = events(second.lines);
    expect(later.find((e) => e.type === 'order-resumed')?.orderUrl).toBe(created?.orderUrl);
    expect(later.some((e) => e.type === 'order-created')).toBe(false);
    expect(later.some((e) => e.type === 'challenge-cleaned-up' && e.when === 'recovery')).toBe(true);
    const result = JSON.parse((second.lines.find((l) => l.startsWith('RESULT ')) ?? '').slice(7)) as {
      orderUrl: string;
      resumed: boolean;
    };
    expect(result).toMatchObject({ orderUrl: created?.orderUrl, resumed: true });

    // Nothing left behind: no order record, no TXT value.
    const storage = new FileStorage({ dir });
    expect((await storage.list('acme/')).filter((k) => k.includes('/orders/'))).toEqual([]);
    await storage.close();
    await expect(resolver.resolveTxt(`_acme-challenge.${domain}`)).rejects.toThrow();
  }, 60_000);
});
