/**
 * A unit's record of a cycle (its submission, its review) stored under `_id`
 * "<cycle id>/<unit code>". FerretDB v1 (SQLite) hands SQLite a filter that is exactly
 * `{ _id: value }` and decodes every document of the collection for any other (with a
 * condition beside the `_id`, or `{ _id: { $eq: value } }`): on 5,000 documents of 3 KB,
 * 60 ms against 450–600 ms. So reading or replacing one unit's record costs a small part of
 * what reading the whole cycle's did. Documents stored before keep an ObjectId and are found
 * by their fields, as before; while a collection holds any, a miss by `_id` is checked that
 * way too.
 */
import type { Connection } from 'mongoose';
import { type CycleKey, cycleIdOf } from '../../records/index.js';
import { cycleFilter } from './cycle-filter.js';

export function unitRecordId(cycle: CycleKey, unitCode: string): string {
  return `${cycleIdOf(cycle)}/${unitCode}`;
}

/** Whether the database is FerretDB (its buildInfo says which version of it). */
export async function isFerretdb(connection: Connection): Promise<boolean> {
  const info = (await connection.db?.admin().command({ buildInfo: 1 })) ?? {};
  return 'ferretdbVersion' in info;
}

/** What is used of a collection's model (mongoose's own types differ with each schema). */
interface Collection {
  exists(filter: object): PromiseLike<unknown>;
  findById(id: string): { lean(): PromiseLike<unknown> };
  findOne(filter: object): { lean(): PromiseLike<unknown> };
  findOneAndReplace(filter: object, replacement: object, options: { returnDocument: 'after' }): { lean(): PromiseLike<unknown> };
}

/** Finds and replaces a unit's record by `_id`, and by its fields only while the collection holds documents stored before ids. */
export async function unitRecords(model: Collection, ferretdb: boolean) {
  // Decided once, at start-up: documents are only ever added with ids from now on.
  const older = (await model.exists({ _id: { $type: 'objectId' } })) !== null;
  const fields = (cycle: CycleKey, unitCode: string) => ({ ...cycleFilter(cycle), unitCode: { $eq: unitCode } });
  return {
    async find(cycle: CycleKey, unitCode: string): Promise<unknown> {
      const doc = await model.findById(unitRecordId(cycle, unitCode)).lean();
      if (doc !== null || !older) return doc;
      return model.findOne(fields(cycle, unitCode)).lean();
    },
    /**
     * Replaces the record at `version` with `next`: the stored record, or null when it is not
     * at that version. The caller has claimed the version (stores.ts), which is what decides
     * between writers on FerretDB: it never applied a conditional replace atomically, so there
     * the version is checked on the record read by `_id` and the replace names the `_id` alone.
     */
    async replace(cycle: CycleKey, unitCode: string, version: number, next: object): Promise<unknown> {
      const id = unitRecordId(cycle, unitCode);
      const after = { returnDocument: 'after' } as const;
      if (!ferretdb || older)
        return model.findOneAndReplace({ ...(older ? fields(cycle, unitCode) : { _id: id }), version: { $eq: version } }, next, after).lean();
      const current = (await model.findById(id).lean()) as { version?: number } | null;
      if (current?.version !== version) return null;
      return model.findOneAndReplace({ _id: id }, next, after).lean();
    },
  };
}
