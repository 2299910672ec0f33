/**
 * Which Idempotency-Key, if any, the request now running holds: journaled writes made
 * under it note their write ids on the key's claim before they begin (journal.ts), so
 * that a retry after the process died can tell whether the first attempt's write landed
 * (idempotency.ts) instead of running it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface HeldKey {
  /** The user id the key belongs to. */
  readonly actor: string;
  readonly key: string;
}

const held = new AsyncLocalStorage<HeldKey>();

export function runHoldingKey<R>(key: HeldKey, run: () => Promise<R>): Promise<R> {
  return held.run(key, run);
}

export function heldKey(): HeldKey | undefined {
  return held.getStore();
}
