/**
 * Records kept in memory once read, for the stores (stores.ts): FerretDB v1 decodes every
 * document a query scans (only _id lookups reach SQLite's index), so reading a cycle, a
 * rubric or a run by its key costs a scan of its collection on every request.
 *
 * Only what cannot change once in the state kept is kept without end: a cycle (the port
 * has no update), a published rubric (publishing is its last change), a finalised run's
 * head (finalising is its last change). They hold for every process and need no
 * invalidation. Bounded all the same: past `capacity` the entry kept longest ago goes.
 * Readers get a shallow copy, so that no caller can change what the next one reads.
 */
export interface KeptRecords<T extends object> {
  get(key: string): T | undefined;
  keep(key: string, record: T): void;
}

export function keptRecords<T extends object>(capacity: number): KeptRecords<T> {
  const entries = new Map<string, T>();
  return {
    get(key) {
      const found = entries.get(key);
      return found === undefined ? undefined : { ...found };
    },
    keep(key, record) {
      entries.delete(key);
      entries.set(key, { ...record });
      while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
  };
}

/**
 * The unit register, read whole and kept for `ttlMs` (for finding one unit): it changes only when units are
 * upserted (bootstrap, a cycle's creation), which clears it in this process; another process's upsert is
 * seen when the TTL has passed. Callers that find it expired while it is being read share that read, and a
 * unit is found by its key in a map: at 2,850 units neither a read per caller nor a pass over the list per
 * lookup is small.
 */
export function keptList<T extends object>(ttlMs: number, keyOf: (record: T) => string) {
  interface Kept {
    readonly byKey: ReadonlyMap<string, T>;
    readonly until: number;
  }
  let kept: Kept | undefined;
  let reading: Promise<Kept> | undefined;
  // A new object at every clear: a read that a clear overtook does not keep what it read.
  let generation: object = {};

  async function current(load: () => Promise<T[]>): Promise<Kept> {
    const now = Date.now();
    if (kept !== undefined && now < kept.until && kept.until - now <= ttlMs) return kept;
    if (reading !== undefined) return reading;
    const started = generation;
    const read = (async () => {
      const records = (await load()).map((r) => ({ ...r }));
      const fresh = { byKey: new Map(records.map((r) => [keyOf(r), r])), until: now + ttlMs };
      // Kept only if nothing cleared it while it was being read.
      if (generation === started) kept = fresh;
      return fresh;
    })();
    reading = read;
    try {
      return await read;
    } finally {
      if (reading === read) reading = undefined;
    }
  }

  return {
    /** The record of `key` (a copy), or undefined when the register as kept has none. */
    async find(load: () => Promise<T[]>, key: string): Promise<T | undefined> {
      const found = (await current(load)).byKey.get(key);
      return found === undefined ? undefined : { ...found };
    },
    clear(): void {
      kept = undefined;
      reading = undefined;
      generation = {};
    },
  };
}
