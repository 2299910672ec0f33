/**
 * Serialises read-check-write sequences on one record within this process.
 *
 * Correctness does not rest on it: across service processes the database decides. Each
 * versioned write claims its version under a unique index (adapters/mongo/stores.ts),
 * so a lost update is refused; an audit entry waits for the entries of the record's
 * earlier writes, appending them itself from their open intents
 * (services/audit/subject-order.ts), so the trail follows the writes; an idempotency
 * key is claimed by an insert under a unique index (services/idempotency.ts). What the
 * queue adds, within one process, is that two requests for one record do not both do
 * the work of a write that one of them will lose, nor wait on each other's entries.
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
