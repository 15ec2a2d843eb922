import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '../../../src/storage/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';
import { startTsxChild } from '../../helpers/tsx-child.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));

type Event = Record<string, unknown>;

function events(lines: readonly string[]): Event[] {
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
}

function resultOf(lines: readonly string[]): { serial: string; orderUrl: string; resumed: boolean } {
  const line = lines.find((l) => l.startsWith('RESULT ')) ?? '';
  return JSON.parse(line.slice(7)) as { serial: string; orderUrl: string; resumed: boolean };
}

/**
 * The crash matrix: a process SIGKILLed at each step of an order, then the same order run again by a
 * new process on the same FileStorage. Pebble's own count of orders says whether a second one was
 * opened; the second run must end with a certificate for the names.
 */
describe.skipIf(!hasPebble())(
  'SIGKILL at each step of an order: no second order, no lost certificate',
  () => {
    let pebble: Pebble;
    let root: string;
    beforeAll(async () => {
      pebble = await startPebble();
      root = mkdtempSync(join(tmpdir(), 'certkit-acme-matrix-'));
    }, 30_000);
    afterAll(async () => {
      await pebble?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    const points = ['new-order', 'order-stored', 'finalized', 'downloaded'] as const;
    for (const point of points) {
      it(`killed at ${point}: the next run finishes the same order`, async () => {
        const dir = join(root, point);
        const domain = `${point}.matrix.test`;
        const args = [
          dir,
          pebble.directoryUrl,
          Buffer.from(pebble.caCertificates).toString('base64'),
          pebble.challtestsrvUrl,
          pebble.dnsServer,
          domain,
        ];
        const before = pebble.ordersCreated();
        const first = startTsxChild(CHILD, [...args, point]);
        await first.waitFor((line) => line === `FROZEN ${point}`, 60_000);
        first.process.kill('SIGKILL');
        await first.exited;
        expect(pebble.ordersCreated() - before).toBe(1); // the dead process did open one order
        const firstEvents = events(first.lines);
        const issued = firstEvents.find((e) => e.type === 'certificate-issued');

        const second = startTsxChild(CHILD, args);
        const code = await second.exited;
        expect(code, second.stderr()).toBe(0);
        const result = resultOf(second.lines);
        const later = events(second.lines);
        expect(pebble.ordersCreated() - before).toBe(1); // and the second one opened none
        expect(later.some((e) => e.type === 'order-created')).toBe(false);
        expect(result.resumed).toBe(true);
        const resumedEvent = later.find((e) => e.type === 'order-resumed');
        if (point === 'new-order') expect(resumedEvent?.found).toBe('account-orders');
        if (point === 'downloaded') {
          expect(resumedEvent?.found).toBe('stored-certificate');
          // the certificate the dead process had downloaded is the one returned, from storage
          expect(result.serial).toBe(issued?.serialNumber);
          expect(later.some((e) => e.type === 'challenge-submitted' || e.type === 'finalizing')).toBe(false);
        }
        const created = firstEvents.find((e) => e.type === 'order-created');
        if (created) expect(result.orderUrl).toBe(created.orderUrl);

        const storage = new FileStorage({ dir });
        expect((await storage.list('acme/')).filter((k) => k.includes('/orders/'))).toEqual([]);
        await storage.close();
        expect(pebble.dns01.published().size).toBe(0);
      }, 120_000);
    }
  },
);
