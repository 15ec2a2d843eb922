import { StoreError } from '../../errors/area-errors.js';
import type { Keystore } from '../keystore.js';
import { checkKeystoreRotation, checkTruststoreRotation, type RotationReport } from '../rotation-check.js';
import { parseSpec, REFERENCE_PREFIX } from '../store-spec.js';
import { Truststore } from '../truststore.js';
import { kindMismatch, referenceExists } from './registry-errors.js';
import { kindOf, type RegistryState } from './registry-state.js';
import type {
  ChangeAttribution,
  CheckRotationOptions,
  ReferenceHistoryEntry,
  ReferenceUsage,
  RefState,
  RepointOptions,
  RepointResult,
  StoreChangeEvent,
} from './registry-types.js';

/** @internal A change to one reference, computed before it is written. */
export interface RefChange {
  readonly name: string;
  readonly next: RefState;
  readonly events: readonly StoreChangeEvent[];
}

function withEntry(state: RefState, entry: ReferenceHistoryEntry, maxHistory: number): RefState['history'] {
  const history = [...state.history, Object.freeze(entry)];
  return history.length > maxHistory ? history.slice(history.length - maxHistory) : history;
}

/**
 * @internal The rotation check of `candidate` against the reference's current store, with the
 * reference's usage as defaults (see `checkKeystoreRotation`, `checkTruststoreRotation`).
 */
export function checkRotation(
  view: RegistryState,
  ref: string,
  to: string,
  options: CheckRotationOptions,
  at: Date,
): RotationReport {
  const state = view.ref(ref);
  const next = view.store(to);
  const current = view.stores.get(state.target)?.store;
  const base = { reference: REFERENCE_PREFIX + ref, from: state.target, to };
  if (current !== undefined && kindOf(current) !== kindOf(next))
    throw kindMismatch(to, kindOf(current), kindOf(next));
  if (next instanceof Truststore) {
    return { ...checkTruststoreRotation(current as Truststore | undefined, next, { at }), ...base };
  }
  const u = state.usage;
  const trustSpec = options.trustStore ?? u.trustStore;
  const trustStore =
    trustSpec instanceof Truststore
      ? trustSpec
      : trustSpec === undefined
        ? undefined
        : view.resolveTruststore(trustSpec);
  const role = options.role ?? u.role;
  const keyAlias = options.keyAlias ?? u.keyAlias;
  const days = options.expiringWithinDays ?? u.expiringWithinDays;
  const report = checkKeystoreRotation(current as Keystore | undefined, next, {
    at,
    ...(role === undefined ? {} : { role }),
    ...(keyAlias === undefined ? {} : { keyAlias }),
    ...(trustStore === undefined ? {} : { trustStore }),
    ...(days === undefined ? {} : { expiringWithinDays: days }),
  });
  return { ...report, ...base };
}

/** @internal A new reference (history line `define`, no event). */
export function planDefine(
  view: RegistryState,
  ref: string,
  target: string,
  options: ReferenceUsage & ChangeAttribution,
  at: Date,
): RefChange {
  if (view.refs.has(ref)) throw referenceExists(REFERENCE_PREFIX + ref, view.refs.get(ref)?.state.target);
  view.store(target);
  if (options.trustStore !== undefined) parseSpec(options.trustStore);
  const usage: ReferenceUsage = {
    ...(options.role === undefined ? {} : { role: options.role }),
    ...(options.keyAlias === undefined ? {} : { keyAlias: options.keyAlias }),
    ...(options.trustStore === undefined ? {} : { trustStore: options.trustStore }),
    ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
  };
  const entry: ReferenceHistoryEntry = Object.freeze({
    reference: REFERENCE_PREFIX + ref,
    action: 'define',
    from: undefined,
    to: target,
    actor: options.actor,
    reason: options.reason,
    at,
    forced: false,
    findings: [],
  });
  return { name: ref, next: { target, usage, previous: [], history: [entry] }, events: [] };
}

/**
 * @internal A re-point: the rotation check runs here (once), blocking findings refuse it unless
 * `force`. `change` is undefined when the reference already points at `to`.
 * @throws StoreError `ERR_ROTATION_BLOCKED`, and those of `checkRotation`.
 */
export function planRepoint(
  view: RegistryState,
  ref: string,
  to: string,
  options: RepointOptions,
  clock: () => Date,
  maxHistory: number,
): { readonly result: RepointResult; readonly change: RefChange | undefined } {
  const state = view.ref(ref);
  const from = state.target;
  const report = checkRotation(view, ref, to, options, options.at ?? clock());
  const forced = !report.ok;
  if (forced && options.force !== true) {
    const blocking = report.findings.filter((f) => f.severity === 'blocking');
    throw new StoreError(
      'ERR_ROTATION_BLOCKED',
      `ref://${ref} was not re-pointed from "${from}" to "${to}": ${blocking.map((f) => f.code).join(', ')}.`,
      {
        details: {
          reference: REFERENCE_PREFIX + ref,
          from,
          to,
          codes: blocking.map((f) => f.code),
          findings: report.findings,
        },
      },
    );
  }
  const base = { reference: REFERENCE_PREFIX + ref, from, to, forced, report };
  if (from === to) return { result: { ...base, changed: false }, change: undefined };
  const now = clock();
  const entry: ReferenceHistoryEntry = {
    reference: REFERENCE_PREFIX + ref,
    action: 'repoint',
    from,
    to,
    actor: options.actor,
    reason: options.reason,
    at: now,
    forced,
    findings: report.findings.map((f) => f.code),
  };
  const next: RefState = {
    ...state,
    target: to,
    previous: [...state.previous, from],
    history: withEntry(state, entry, maxHistory),
  };
  const event = eventOf(entry, view.store(to));
  return { result: { ...base, changed: true }, change: { name: ref, next, events: [event] } };
}

/**
 * @internal A rollback to the target before the last re-point (not checked: it restores what worked).
 * @throws StoreError `ERR_STORE_NO_ROLLBACK`, `ERR_STORE_NOT_FOUND`.
 */
export function planRollback(
  view: RegistryState,
  ref: string,
  attribution: ChangeAttribution,
  now: Date,
  maxHistory: number,
): RefChange & { readonly entry: ReferenceHistoryEntry } {
  const state = view.ref(ref);
  const to = state.previous[state.previous.length - 1];
  if (to === undefined) {
    throw new StoreError('ERR_STORE_NO_ROLLBACK', `ref://${ref} has no earlier target to roll back to.`, {
      details: { reference: REFERENCE_PREFIX + ref, target: state.target },
    });
  }
  const store = view.store(to);
  const entry: ReferenceHistoryEntry = Object.freeze({
    reference: REFERENCE_PREFIX + ref,
    action: 'rollback',
    from: state.target,
    to,
    actor: attribution.actor,
    reason: attribution.reason,
    at: now,
    forced: false,
    findings: [],
  });
  const next: RefState = {
    ...state,
    target: to,
    previous: state.previous.slice(0, -1),
    history: withEntry(state, entry, maxHistory),
  };
  return { name: ref, next, events: [eventOf(entry, store)], entry };
}

/** @internal The change event of a re-point or rollback history line. */
export function eventOf(entry: ReferenceHistoryEntry, store: StoreChangeEvent['store']): StoreChangeEvent {
  return {
    type: entry.action === 'rollback' ? 'rollback' : 'repoint',
    reference: entry.reference,
    from: entry.from ?? entry.to,
    to: entry.to,
    store,
    actor: entry.actor,
    reason: entry.reason,
    at: entry.at,
    forced: entry.forced,
  };
}

/** @internal The `store-replaced` events of the references that point at a replaced store. */
export function replacedEvents(
  view: RegistryState,
  name: string,
  store: StoreChangeEvent['store'],
  attribution: { readonly actor?: string | undefined; readonly reason?: string | undefined },
  at: Date,
): StoreChangeEvent[] {
  const events: StoreChangeEvent[] = [];
  for (const [ref, { state }] of view.refs) {
    if (state.target !== name) continue;
    events.push({
      type: 'store-replaced',
      reference: REFERENCE_PREFIX + ref,
      from: name,
      to: name,
      store,
      actor: attribution.actor,
      reason: attribution.reason,
      at,
      forced: false,
    });
  }
  return events;
}
