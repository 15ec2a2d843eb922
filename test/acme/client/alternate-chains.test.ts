import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeOrderClient } from '../../../src/acme/index.js';
import { MemoryStorage } from '../../../src/inventory/index.js';
import { parseCertificate } from '../../../src/x509/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

describe.skipIf(!hasPebble())('a CA offering alternate chains', () => {
  let pebble: Pebble;
  beforeAll(async () => {
    pebble = await startPebble({ alternateRoots: 1, authzReusePercent: 100 });
  }, 30_000);
  afterAll(async () => pebble?.stop());

  const client = (storage = new MemoryStorage()) => new AcmeOrderClient(pebble.clientOptions(storage));

  const rootName = async (n: number) =>
    parseCertificate((await pebble.management(`/roots/${n}`)).body).subject.commonName;

  it('returns the chain that leads to the preferred root, and the default chain otherwise', async () => {
    const [first, second] = [await rootName(0), await rootName(1)] as [string, string];
    expect(first).not.toBe(second);
    const c = client();
    const byDefault = await c.order({ domains: ['default.chains.test'] });
    expect(byDefault.chain.at(-1)?.issuer.commonName).toBe(first);
    const preferred = await c.order({ domains: ['preferred.chains.test'], preferredChain: second });
    expect(preferred.chain.at(-1)?.issuer.commonName).toBe(second);
    expect(preferred.entry?.chain.at(-1)?.issuer.commonName).toBe(second);
  });

  it('an authorization the CA reuses needs no challenge', async () => {
    const storage = new MemoryStorage();
    const first = client(storage);
    await first.order({ domains: ['reuse.chains.test'] });
    const again = client(storage);
    const presented: string[] = [];
    again.on('progress', (e) => {
      if (e.type === 'challenge-presented') presented.push(e.identifier);
    });
    const result = await again.order({ domains: ['reuse.chains.test'] });
    expect(result.certificate.subjectAltNames[0]?.value).toBe('reuse.chains.test');
    expect(presented).toEqual([]);
  });
});
