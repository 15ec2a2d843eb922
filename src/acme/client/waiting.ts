import type { Dns01SolverContext, Dns01SolverProgress } from '../challenges/dns-01-solver.js';
import type { AcmeContext } from './acme-context.js';

/** Default pause between two `waiting` progress events, in milliseconds. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5_000;

/**
 * Runs `run` while telling, every `progressIntervalMs`, what is awaited and for how long (a `waiting`
 * progress event); what is awaited is also named in the timeout error if the order's deadline passes.
 */
export async function whileWaiting<T>(
  ctx: AcmeContext,
  what: string,
  run: () => Promise<T>,
  identifier?: string,
): Promise<T> {
  const started = Date.now();
  const interval = ctx.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  ctx.waits.add(what);
  const timer = setInterval(() => {
    ctx.emit({
      type: 'waiting',
      ...(identifier === undefined ? {} : { identifier }),
      what,
      elapsedMs: Date.now() - started,
      deadlineInMs: Math.max(0, ctx.deadlineAt - Date.now()),
    });
  }, interval);
  timer.unref();
  try {
    const value = await run();
    ctx.waits.delete(what);
    return value;
  } catch (error) {
    // kept when the deadline ended it, so the timeout error can say what was awaited
    if (!ctx.signal.aborted) ctx.waits.delete(what);
    throw error;
  } finally {
    clearInterval(timer);
  }
}

/** How long a solver is given to settle by itself once the order's signal aborted, in milliseconds. */
const SETTLE_GRACE_MS = 250;

/**
 * Settles like `work`, or rejects soon after the signal aborts, so a solver that ignores its signal
 * cannot hold an order past its deadline (its own work is left to finish by itself). A solver that
 * honours the signal settles within a short grace with its own, more precise error (e.g. the callback
 * receiver's code), which is then the one thrown; otherwise the signal's reason is.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(signal.reason);
      }, SETTLE_GRACE_MS);
      timer.unref();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(error);
      },
    );
  });
}

/** The context a DNS solver call gets: the order's signal, and its progress turned into events. */
export function solverContext(ctx: AcmeContext, identifier: string, solver: string): Dns01SolverContext {
  return {
    signal: ctx.signal,
    progress: (p: Dns01SolverProgress) => {
      if (p.type === 'delivery') {
        ctx.emit({
          type: 'solver-delivery',
          identifier,
          solver,
          eventType: p.eventType,
          attempt: p.attempt,
          delivered: p.delivered,
          outcome: p.outcome,
          ...(p.retryInMs === undefined ? {} : { retryInMs: p.retryInMs }),
        });
      } else {
        ctx.emit({
          type: 'waiting',
          identifier,
          what: p.what,
          elapsedMs: p.elapsedMs,
          deadlineInMs: Math.max(0, ctx.deadlineAt - Date.now()),
        });
      }
    },
  };
}
