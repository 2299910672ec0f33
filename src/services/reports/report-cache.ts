/**
 * A small in-memory cache of promises, least recently used first out. Report sets take
 * seconds to make and a run's results never change once stored, so a set made once is
 * good for as long as its key holds; keeping the promise (not the value) lets requests
 * that arrive while a set is being made wait for that one instead of starting another.
 * Bounded, because one run's set is tens of megabytes.
 */
export interface PromiseCache<V> {
  /** The value under `key`, made by `make` when absent. A failed making is forgotten, so the next call tries again. */
  get(key: string, make: () => Promise<V>): Promise<V>;
  readonly size: number;
}

export function promiseCache<V>(capacity: number): PromiseCache<V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recent first.
  const entries = new Map<string, Promise<V>>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const made = Promise.resolve().then(make);
      entries.set(key, made);
      made.catch(() => {
        if (entries.get(key) === made) entries.delete(key);
      });
      for (const oldest of entries.keys()) {
        if (entries.size <= capacity) break;
        entries.delete(oldest);
      }
      return made;
    },
    get size() {
      return entries.size;
    },
  };
}
