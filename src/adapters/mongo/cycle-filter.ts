/**
 * How a cycle's records are found and kept unique: each document carries its cycle's
 * id as `cycleKey` ("2015", "2015-620100"), a storage field that is never part of the
 * record (reads drop it), so a record's content hash is what it was before cycles had
 * bodies. A stored field rather than "no body" because FerretDB's unique indexes,
 * on SQLite, count missing values as distinct: two records of the root's cycle
 * (without a body) would both pass a unique index on (year, body, unitCode).
 */
import type { Model } from 'mongoose';
import { type CycleKey, cycleIdOf, cycleKeyOf } from '../../records/index.js';

export const CYCLE_KEY = 'cycleKey';

export function cycleFilter(key: CycleKey): { cycleKey: { $eq: string } } {
  return { cycleKey: { $eq: cycleIdOf(key) } };
}

/** The document to store for a record of a cycle: the record and its cycle's id. */
export function withCycleKey<R extends { readonly year: number; readonly body?: string | undefined }>(record: R): R & { cycleKey: string } {
  return { ...record, cycleKey: cycleIdOf(cycleKeyOf(record)) };
}

/** Gives every document stored before `cycleKey` existed its cycle's id, from its year and body. */
export async function giveCycleKeys(model: Model<unknown>): Promise<void> {
  const missing = (await model.find({ cycleKey: { $exists: false } }, { year: 1, body: 1 }).lean()) as unknown as { year?: number; body?: string }[];
  const pairs = new Map<string, CycleKey>();
  for (const d of missing) if (typeof d.year === 'number') pairs.set(`${d.year}|${d.body ?? ''}`, cycleKeyOf({ year: d.year, body: d.body }));
  for (const key of pairs.values())
    await model.updateMany(
      { cycleKey: { $exists: false }, year: { $eq: key.year }, body: key.body === undefined ? { $exists: false } : { $eq: key.body } },
      { $set: { cycleKey: cycleIdOf(key) } },
    );
}
