import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDnsValues, type Dns01Record, type Dns01Solver } from '../../../src/acme/index.js';
import { hasPebble, type Pebble, startPebble } from '../../helpers/pebble.js';

/** The TXT values challtestsrv serves at `name` right now (its DNS, over a real socket). */
async function txtValues(pebble: Pebble, name: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  resolver.setServers([pebble.dnsServer]);
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENODATA' || code === 'ENOTFOUND') return [];
    throw e;
  }
}

describe.skipIf(!hasPebble())('countDnsValues over pebble-challtestsrv', () => {
  let pebble: Pebble;

  beforeAll(async () => {
    pebble = await startPebble();
  });
  afterAll(async () => {
    await pebble?.stop();
  });

  const innerCalls = (name: string) =>
    pebble.dns01.calls.filter((c) => c.record.name === name).map((c) => `${c.op} ${c.record.value}`);

  it('apex and wildcard values at one name: cleaning one leaves the other', async () => {
    const dns01 = countDnsValues(pebble.dns01);
    const name = '_acme-challenge.apex-wild.test';
    const apex: Dns01Record = {
      domain: 'apex-wild.test',
      name,
      value: 'apex-value-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    };
    const wild: Dns01Record = {
      domain: 'apex-wild.test',
      name,
      value: 'wild-value-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    };
    await Promise.all([dns01.present(apex), dns01.present(wild)]);
    expect(await txtValues(pebble, name)).toEqual([apex.value, wild.value]);

    await dns01.cleanup(apex);
    expect(await txtValues(pebble, name)).toEqual([wild.value]);
    await dns01.cleanup(wild);
    expect(await txtValues(pebble, name)).toEqual([]);
    expect(innerCalls(name).filter((c) => c.startsWith('present'))).toHaveLength(2);
  });

  it('the same pair twice: one inner present; the inner cleanup only after the second cleanup', async () => {
    const dns01 = countDnsValues(pebble.dns01);
    const name = '_acme-challenge.twice.test';
    const record: Dns01Record = {
      domain: 'twice.test',
      name,
      value: 'same-value-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC',
    };
    // the second present arrives while the first is in flight (same tick)
    await Promise.all([dns01.present(record), dns01.present({ ...record })]);
    expect(innerCalls(name)).toEqual([`present ${record.value}`]);
    expect(await txtValues(pebble, name)).toEqual([record.value]);

    await dns01.cleanup(record);
    expect(innerCalls(name)).toEqual([`present ${record.value}`]);
    expect(await txtValues(pebble, name)).toEqual([record.value]);

    await dns01.cleanup(record);
    expect(innerCalls(name)).toEqual([`present ${record.value}`, `cleanup ${record.value}`]);
    expect(await txtValues(pebble, name)).toEqual([]);
  });

  it('names compare without case: the same pair in another case is counted, not published twice', async () => {
    const dns01 = countDnsValues(pebble.dns01);
    const name = '_acme-challenge.case.test';
    const record: Dns01Record = {
      domain: 'case.test',
      name,
      value: 'case-value-DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD',
    };
    await dns01.present(record);
    await dns01.present({ ...record, name: '_acme-challenge.CASE.test' });
    await dns01.cleanup({ ...record, name: '_acme-challenge.CASE.test' });
    expect(await txtValues(pebble, name)).toEqual([record.value]);
    await dns01.cleanup(record);
    expect(await txtValues(pebble, name)).toEqual([]);
    expect(innerCalls(name)).toEqual([`present ${record.value}`, `cleanup ${record.value}`]);
  });

  it('a failed present leaves no count: the next present publishes, and one cleanup removes it', async () => {
    let failNext = true;
    const flaky: Dns01Solver = {
      name: 'flaky-challtestsrv',
      present: async (record) => {
        if (failNext) {
          failNext = false;
          throw new Error('DNS provider hiccup');
        }
        await pebble.dns01.present(record);
      },
      cleanup: (record) => pebble.dns01.cleanup(record),
    };
    const dns01 = countDnsValues(flaky);
    expect(dns01.name).toBe('flaky-challtestsrv');
    const name = '_acme-challenge.flaky.test';
    const record: Dns01Record = {
      domain: 'flaky.test',
      name,
      value: 'flaky-value-EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE',
    };
    // two concurrent users: the first inner present fails, the second (waiting behind it) publishes
    const [first, second] = await Promise.allSettled([dns01.present(record), dns01.present(record)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(await txtValues(pebble, name)).toEqual([record.value]);
    // only the second user holds a count: its cleanup is the last one
    await dns01.cleanup(record);
    expect(await txtValues(pebble, name)).toEqual([]);
    expect(innerCalls(name)).toEqual([`present ${record.value}`, `cleanup ${record.value}`]);
  });

  it('a cleanup for a pair never presented here (left by a crashed process) reaches the inner solver', async () => {
    const name = '_acme-challenge.leftover.test';
    const record: Dns01Record = {
      domain: 'leftover.test',
      name,
      value: 'left-value-FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    };
    await pebble.dns01.present(record); // the earlier process
    expect(await txtValues(pebble, name)).toEqual([record.value]);
    await countDnsValues(pebble.dns01).cleanup(record); // a fresh process recovering
    expect(await txtValues(pebble, name)).toEqual([]);
  });
});

describe('countDnsValues without a DNS server', () => {
  it('wrapping twice returns the same wrapper; bad solvers and records are TypeErrors', async () => {
    const inner: Dns01Solver = { name: 'noop', present: async () => {}, cleanup: async () => {} };
    const once = countDnsValues(inner);
    expect(countDnsValues(once)).toBe(once);
    expect(() => countDnsValues({} as never)).toThrow(TypeError);
    await expect(once.present({ domain: 'x', name: '', value: 'v' })).rejects.toThrow(TypeError);
    await expect(once.cleanup(null as never)).rejects.toThrow(TypeError);
  });

  it('an inner cleanup that fails drops the count, so a retry reaches the inner solver again', async () => {
    const calls: string[] = [];
    let failCleanup = true;
    const inner: Dns01Solver = {
      name: 'records',
      present: async (r) => {
        calls.push(`present ${r.value}`);
      },
      cleanup: async (r) => {
        calls.push(`cleanup ${r.value}`);
        if (failCleanup) {
          failCleanup = false;
          throw new Error('DNS provider hiccup');
        }
      },
    };
    const dns01 = countDnsValues(inner);
    const record = { domain: 'x.test', name: '_acme-challenge.x.test', value: 'v1' };
    await dns01.present(record);
    await expect(dns01.cleanup(record)).rejects.toThrow('DNS provider hiccup');
    await dns01.cleanup(record);
    expect(calls).toEqual(['present v1', 'cleanup v1', 'cleanup v1']);
  });
});
