/**
 * A series of chunks: a run's units in one order (input order, or rank order), cut into
 * documents of consecutive units (run-piece-store.ts). A reader finds a unit's chunk from
 * its position in that order (the frame holds the order and where each chunk begins), so
 * one unit is one chunk read, and a walk in the series' own order reads each chunk once.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** A chunk closes at this many units or this much text, whichever comes first (a document may hold 16 MB). */
const CHUNK_UNITS = 64;
const CHUNK_CHARS = 4 * 1024 * 1024;

/** Where each chunk begins among the units whose texts are `sizes` long, in their order. */
export function chunkStartsOf(sizes: readonly number[]): number[] {
  const starts: number[] = [];
  let size = Infinity;
  let count = 0;
  sizes.forEach((chars, i) => {
    if (count >= CHUNK_UNITS || size + chars > CHUNK_CHARS) {
      starts.push(i);
      size = 0;
      count = 0;
    }
    size += chars;
    count++;
  });
  return starts;
}

/** The chunk holding position `index`: the last start at or before it. */
function chunkAt(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface ChunkSeries<T> {
  /** Unit codes in the series' order. */
  readonly order: readonly string[];
  /** Where each chunk begins in `order`. */
  readonly starts: readonly number[];
  /** Chunk `n`'s units, in order; rejects when it is missing. */
  read(n: number): Promise<T[]>;
  /** The text a chunk holds, for the budget of what is kept. */
  size(units: readonly T[]): number;
  /** The error for a code the series does not hold. */
  missing(code: string): Error;
}

/**
 * A reader of the series: these units, in the order asked. Every chunk a call needs is
 * asked for at once; chunks read are kept up to `keptChars` of text, the least recently
 * used let go first, so that a few units read one by one (scorecards, a unit's page) do
 * not read their chunk each time.
 */
export function chunkSeriesReader<T>(series: ChunkSeries<T>, keptChars: number): (codes: readonly string[]) => Promise<T[]> {
  const position = new Map(series.order.map((code, i) => [code, i]));
  const kept = new Map<number, Promise<T[]>>();
  const sizes = new Map<number, number>();
  let keptSize = 0;
  const forget = (n: number) => {
    kept.delete(n);
    keptSize -= sizes.get(n) ?? 0;
    sizes.delete(n);
  };
  function chunk(n: number): Promise<T[]> {
    const found = kept.get(n);
    if (found !== undefined) {
      // Most recently used last: Map keeps insertion order.
      kept.delete(n);
      kept.set(n, found);
      return found;
    }
    const reading = series.read(n).then((units) => {
      if (kept.get(n) === reading) {
        const chars = series.size(units);
        sizes.set(n, chars);
        keptSize += chars;
        for (const old of kept.keys()) if (keptSize > keptChars && old !== n) forget(old);
      }
      return units;
    });
    kept.set(n, reading);
    reading.catch(() => forget(n));
    return reading;
  }
  return async (codes) => {
    let fromStore = false;
    const wanted = codes.map((code) => {
      const index = position.get(code);
      if (index === undefined) throw series.missing(code);
      const n = chunkAt(series.starts, index);
      fromStore ||= !kept.has(n);
      return { at: index - (series.starts[n] as number), units: chunk(n) };
    });
    const out: T[] = [];
    for (const { at, units } of wanted) out.push((await units)[at] as T);
    // Answered from kept chunks alone, the call would never leave the event loop: a walk over a
    // whole run kept in memory would hold the server until it ended.
    if (!fromStore) await yieldToLoop();
    return out;
  };
}
