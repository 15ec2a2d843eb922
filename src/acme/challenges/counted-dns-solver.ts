import type { Dns01Record, Dns01Solver } from './dns-01-solver.js';

interface PairState {
  /** Users that presented this pair and have not cleaned it up yet. */
  count: number;
  /** The end of the queue of operations on this pair (never rejects). */
  tail: Promise<void>;
  /** Operations queued or running. */
  pending: number;
}

const COUNTED = new WeakSet<Dns01Solver>();

/** DNS names compare without case and without a trailing dot; values compare exactly. */
function pairKey(record: Dns01Record): string {
  return `${record.name.toLowerCase().replace(/\.$/, '')}\u0000${record.value}`;
}

function checkRecord(record: Dns01Record): void {
  if (typeof record !== 'object' || record === null) throw new TypeError('record must be an object');
  if (typeof record.name !== 'string' || record.name.length === 0) {
    throw new TypeError('record.name must be a non-empty string');
  }
  if (typeof record.value !== 'string') throw new TypeError('record.value must be a string');
}

/**
 * Wraps a DNS-01 solver so that each (name, value) pair is published once however many users present
 * it, and removed only when the last of them cleans up. Operations on one pair run one after the other:
 * a `present` that arrives while the same pair's `present` is in flight waits for it and then only counts
 * (one inner `present`); a `present` that fails leaves no count. A `cleanup` of a pair this wrapper holds
 * no count for (a record left by an earlier process) is passed straight to the inner solver, so crash
 * recovery still removes it. Different values at one name (apex and wildcard in one order) are separate
 * pairs: cleaning one never touches the other, as long as the inner solver removes exactly one value.
 * Wrapping a wrapped solver returns it unchanged. The AcmeOrderClient wraps its `dns01` solver this way.
 *
 * @throws TypeError when `solver` has no `present`/`cleanup` functions; its methods throw TypeError for a
 *   record without a name or value, and otherwise rethrow what the inner solver throws.
 * @example
 * ```ts
 * import { countDnsValues, Rfc2136Solver } from 'certkit/acme';
 * const dns01 = countDnsValues(new Rfc2136Solver({ server: '192.0.2.53' }));
 * await Promise.all([dns01.present(record), dns01.present(record)]); // one DNS update
 * await dns01.cleanup(record); // still published
 * await dns01.cleanup(record); // now removed
 * ```
 * @see RFC 8555 section 8.4
 */
export function countDnsValues(solver: Dns01Solver): Dns01Solver {
  if (typeof solver?.present !== 'function' || typeof solver.cleanup !== 'function') {
    throw new TypeError('solver must be a Dns01Solver (present and cleanup functions)');
  }
  if (COUNTED.has(solver)) return solver;
  const pairs = new Map<string, PairState>();

  const serialize = (record: Dns01Record, op: (state: PairState) => Promise<void>): Promise<void> => {
    checkRecord(record);
    const key = pairKey(record);
    let state = pairs.get(key);
    if (state === undefined) {
      state = { count: 0, tail: Promise.resolve(), pending: 0 };
      pairs.set(key, state);
    }
    const current = state;
    current.pending++;
    const result = current.tail.then(() => op(current));
    const settle = (): void => {
      current.pending--;
      if (current.pending === 0 && current.count === 0 && pairs.get(key) === current) pairs.delete(key);
    };
    current.tail = result.then(settle, settle);
    return result;
  };

  const counted: Dns01Solver = {
    name: solver.name,
    ...(solver.checksVisibility === true ? { checksVisibility: true } : {}),
    present: async (record, context) =>
      serialize(record, async (state) => {
        if (state.count > 0) {
          state.count++;
          return;
        }
        await solver.present(record, context);
        state.count = 1;
      }),
    cleanup: async (record, context) =>
      serialize(record, async (state) => {
        if (state.count > 1) {
          state.count--;
          return;
        }
        // the last user, or a pair this process never presented (left over from a crash)
        state.count = 0;
        await solver.cleanup(record, context);
      }),
  };
  COUNTED.add(counted);
  return Object.freeze(counted);
}
