/**
 * A unit's record of a cycle (its submission, its review) stored under `_id`
 * "<cycle id>/<unit code>": FerretDB v1 (SQLite) answers a lookup by a string `_id` from its
 * primary key and decodes every document of the collection for any other filter (see
 * audit-store.ts), so reading or replacing one unit's record no longer costs the whole
 * cycle's. Documents stored before keep an ObjectId and are found by their fields, as before;
 * while a collection holds any, a miss by `_id` is checked that way too.
 */
import { type CycleKey, cycleIdOf } from '../../records/index.js';
import { cycleFilter } from './cycle-filter.js';

export function unitRecordId(cycle: CycleKey, unitCode: string): string {
  return `${cycleIdOf(cycle)}/${unitCode}`;
}

/** What is used of a collection's model (mongoose's own types differ with each schema). */
interface Collection {
  exists(filter: object): PromiseLike<unknown>;
  findById(id: string): { lean(): PromiseLike<unknown> };
  findOne(filter: object): { lean(): PromiseLike<unknown> };
}

/** Finds a unit's record by `_id`, and by its fields only while the collection holds documents stored before ids. */
export async function unitRecords(model: Collection) {
  // Decided once, at start-up: documents are only ever added with ids from now on.
  const older = (await model.exists({ _id: { $type: 'objectId' } })) !== null;
  const fields = (cycle: CycleKey, unitCode: string) => ({ ...cycleFilter(cycle), unitCode: { $eq: unitCode } });
  return {
    /** The filter that selects the record at `version`, for a conditional replace. */
    atVersion(cycle: CycleKey, unitCode: string, version: number): object {
      const where = older ? fields(cycle, unitCode) : { _id: { $eq: unitRecordId(cycle, unitCode) } };
      return { ...where, version: { $eq: version } };
    },
    async find(cycle: CycleKey, unitCode: string): Promise<unknown> {
      const doc = await model.findById(unitRecordId(cycle, unitCode)).lean();
      if (doc !== null || !older) return doc;
      return model.findOne(fields(cycle, unitCode)).lean();
    },
  };
}
