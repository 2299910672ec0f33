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
 * upserted (bootstrap), which clears it in this process; another process's upsert is
 * seen when the TTL has passed.
 */
export function keptList<T extends object>(ttlMs: number) {
  let kept: { readonly records: readonly T[]; readonly until: number } | undefined;
  // A new object at every clear: a read that a clear overtook does not keep what it read.
  let generation: object = {};
  return {
    async read(load: () => Promise<T[]>): Promise<T[]> {
      const now = Date.now();
      if (kept === undefined || now >= kept.until || kept.until - now > ttlMs) {
        // Kept only if nothing cleared it while it was being read.
        const started = generation;
        const records = await load();
        if (generation === started) kept = { records: records.map((r) => ({ ...r })), until: now + ttlMs };
        return records;
      }
      return kept.records.map((r) => ({ ...r }));
    },
    clear(): void {
      kept = undefined;
      generation = {};
    },
  };
}
