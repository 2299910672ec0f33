/**
 * A unit's record of a cycle (its submission, its review) stored under `_id`
 * "<cycle id>/<unit code>" (keyed-by-id.ts). FerretDB v1 (SQLite) hands SQLite a filter that
 * is exactly `{ _id: value }`, which the build of scripts/install-ferretdb.sh answers from the
 * `_id` index (1–3 ms for a read or a replace, with 300 documents of 4 KB or 3,000), and
 * decodes every document of the collection for any other (with a condition beside the `_id`,
 * or `{ _id: { $eq: value } }`: on 5,000 documents of 3 KB, 450–600 ms). So reading or
 * replacing one unit's record costs the same however many units the cycle has.
 */
import type { Connection } from 'mongoose';
import { type CycleKey, cycleIdOf } from '../../records/index.js';
import { cycleFilter } from './cycle-filter.js';
import { type Collection, keyedById } from './keyed-by-id.js';

export function unitRecordId(cycle: CycleKey, unitCode: string): string {
  return `${cycleIdOf(cycle)}/${unitCode}`;
}

/** Whether the database is FerretDB (its buildInfo says which version of it). */
export async function isFerretdb(connection: Connection): Promise<boolean> {
  const info = (await connection.db?.admin().command({ buildInfo: 1 })) ?? {};
  return 'ferretdbVersion' in info;
}

interface UnitKey {
  readonly cycle: CycleKey;
  readonly unitCode: string;
}

const UNIT_KEY = {
  idOf: (k: UnitKey) => unitRecordId(k.cycle, k.unitCode),
  fieldsOf: (k: UnitKey) => ({ ...cycleFilter(k.cycle), unitCode: { $eq: k.unitCode } }),
};

interface ReplaceableCollection extends Collection {
  findOneAndReplace(filter: object, replacement: object, options: { returnDocument: 'after' | 'before' }): { lean(): PromiseLike<unknown> };
}

/** Finds and replaces a unit's record by `_id`, and by its fields only while the collection holds documents stored before ids. */
export async function unitRecords(model: ReplaceableCollection, ferretdb: boolean) {
  const keyed = await keyedById(model, UNIT_KEY);
  return {
    find: (cycle: CycleKey, unitCode: string): Promise<unknown> => keyed.find({ cycle, unitCode }),
    /**
     * Replaces the record at `version` with `next`: the stored record, or null when it is not
     * at that version. The caller has claimed the version (stores.ts), which is what decides
     * between writers on FerretDB: it never applied a conditional replace atomically, and a
     * condition beside the `_id` makes it decode every document of the collection, where the
     * `_id` alone is an index search. So there the replace names the `_id` alone and the
     * version is checked on the record it replaced; a record found at another version (only
     * possible when a claim was given up as abandoned while its writer still lived) is put back
     * as it was.
     */
    async replace(cycle: CycleKey, unitCode: string, version: number, next: object): Promise<unknown> {
      const key = { cycle, unitCode };
      if (!ferretdb || keyed.older)
        return model.findOneAndReplace({ ...keyed.filter(key), version: { $eq: version } }, next, { returnDocument: 'after' }).lean();
      const id = keyed.idOf(key);
      const replaced = (await model.findOneAndReplace({ _id: id }, next, { returnDocument: 'before' }).lean()) as { version?: number } | null;
      if (replaced === null) return null;
      if (replaced.version === version) return { ...next, _id: id };
      await model.findOneAndReplace({ _id: id }, replaced, { returnDocument: 'before' }).lean();
      return null;
    },
  };
}
