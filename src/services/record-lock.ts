/**
 * Serialises read-check-write sequences on one record within this process.
 *
 * Why, given that the stores' versioned writes are atomic (each claims its version
 * under a unique index first, adapters/mongo/stores.ts)? A use case reads a record,
 * checks it (state, deadline, values), writes it, then appends to the audit chain.
 * Queueing the writers of one record keeps those steps of two requests from
 * interleaving, so the audit entries land in the order of the writes. Across several
 * service processes the claims still refuse a lost update; only the audit order of
 * two near-simultaneous writes could then differ from the write order.
 */
const queues = new WeakMap<object, Map<string, Promise<void>>>();

/** One lock table per store, so that every service writing a record queues on the same key. */
export function recordLock(scope: object) {
  let table = queues.get(scope);
  if (!table) queues.set(scope, (table = new Map()));
  const tails = table;

  return async function withRecordLock<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    try {
      return await run();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
