/**
 * Serialises read-check-write sequences on one record within this process.
 *
 * Why: the stores' conditional writes (findOneAndReplace / findOneAndUpdate filtered on
 * the version read) are atomic on MongoDB, but FerretDB v1 with its SQLite backend does
 * not apply them atomically: two concurrent writers from the same version can both be
 * told they succeeded, and one update is silently lost. The local default runs one
 * service process, so queueing the writers of a record here restores "one wins, the
 * other gets 409". (Unique-index inserts are atomic on both, so inserts need no lock.)
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
