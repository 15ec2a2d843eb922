import { StoreError } from '../../errors/area-errors.js';
import type { StoreChangeEvent } from './registry-types.js';

/** @internal The `change` listeners of a registry. */
export class ChangeEmitter {
  readonly #listeners = new Set<(event: StoreChangeEvent) => void>();
  readonly #onListenerError: ((error: unknown, event: StoreChangeEvent) => void) | undefined;

  constructor(onListenerError: ((error: unknown, event: StoreChangeEvent) => void) | undefined) {
    this.#onListenerError = onListenerError;
  }

  add(listener: (event: StoreChangeEvent) => void): void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    this.#listeners.add(listener);
  }

  delete(listener: (event: StoreChangeEvent) => void): void {
    this.#listeners.delete(listener);
  }

  /**
   * Calls every listener with every event. A listener that throws goes to `onListenerError`; without
   * one, `emit` throws `ERR_STORE_LISTENER_FAILED` after all ran (the change was made).
   * @throws StoreError `ERR_STORE_LISTENER_FAILED`.
   */
  emit(events: readonly StoreChangeEvent[]): void {
    let first: { error: unknown; event: StoreChangeEvent } | undefined;
    let failures = 0;
    for (const e of events) {
      const event = Object.freeze(e);
      for (const l of [...this.#listeners]) {
        try {
          l(event);
        } catch (error) {
          if (this.#onListenerError !== undefined) this.#onListenerError(error, event);
          else {
            failures++;
            first ??= { error, event };
          }
        }
      }
    }
    if (first !== undefined) {
      throw new StoreError(
        'ERR_STORE_LISTENER_FAILED',
        `${failures} change listener call(s) threw; the change was made.`,
        {
          cause: first.error,
          details: { failures, reference: first.event.reference, type: first.event.type },
        },
      );
    }
  }
}
