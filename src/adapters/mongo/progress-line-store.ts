/**
 * The progress board's lines on MongoDB (or FerretDB): one small document per version of
 * a unit's submission, `_id` "<cycle id>/<unit code>#<version>", inserted and never changed. An
 * insert is checked against the `_id` index (a millisecond however many lines there are),
 * where replacing one line per unit would walk every row of the collection on FerretDB v1
 * (unit-record-ids.ts) at every save. The board reads the cycle's lines, small documents,
 * keeps the latest version of each unit and drops the others, so that the next read decodes
 * one line a unit. Which cycles' lines were made from their submissions is kept in
 * `progress_built` (`_id`: the cycle's id).
 */
import { type Connection, Schema } from 'mongoose';
import { type ProgressLineRecord, cycleIdOf } from '../../records/index.js';
import type { Stores } from '../../services/ports.js';
import { cycleFilter, withCycleKey } from './cycle-filter.js';

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

export function defineProgressLineModels(c: Connection) {
  const strict = { versionKey: false as const, strict: 'throw' as const };
  const lines = c.model(
    'ProgressLine',
    new Schema(
      {
        _id: String,
        year: Number,
        body: String,
        cycleKey: String,
        unitCode: String,
        version: Number,
        state: String,
        reopened: Boolean,
        missing: Number,
        selfTotal: Number,
        updatedAt: String,
        submittedAt: String,
      },
      strict,
    ),
    'progress_lines',
  );
  const built = c.model('ProgressBuilt', new Schema({ _id: String }, strict), 'progress_built');
  return { lines, built };
}

type ProgressLineModels = ReturnType<typeof defineProgressLineModels>;

/** A stored line as a record: without `_id` and `cycleKey`, absent members dropped. */
function lineOf(doc: unknown): ProgressLineRecord {
  const { _id, cycleKey: _cycleKey, ...rest } = doc as Record<string, unknown>;
  for (const k of Object.keys(rest)) if (rest[k] === undefined || rest[k] === null) delete rest[k];
  return rest as unknown as ProgressLineRecord;
}

const lineId = (line: ProgressLineRecord) => `${cycleIdOf(line)}/${line.unitCode}#${line.version}`;

export function progressLineStore(m: ProgressLineModels): Stores['progressLines'] {
  return {
    async put(line) {
      try {
        await m.lines.create({ _id: lineId(line), ...withCycleKey(line) });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    },
    async latest(cycle) {
      const newest = new Map<string, ProgressLineRecord>();
      const superseded: string[] = [];
      for (const doc of await m.lines.find(cycleFilter(cycle)).lean()) {
        const line = lineOf(doc);
        const kept = newest.get(line.unitCode);
        if (kept !== undefined && kept.version > line.version) {
          superseded.push(lineId(line));
          continue;
        }
        if (kept !== undefined) superseded.push(lineId(kept));
        newest.set(line.unitCode, line);
      }
      // Lines below a unit's latest are never read again: the next read decodes only what it needs. (Another
      // process's read may drop them at the same moment; a unit's latest line is never among them.)
      if (superseded.length > 0) await m.lines.deleteMany({ _id: { $in: superseded } });
      return [...newest.values()].sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0));
    },
    async built(cycle) {
      return (await m.built.findById(cycleIdOf(cycle)).lean()) !== null;
    },
    async markBuilt(cycle) {
      try {
        await m.built.create({ _id: cycleIdOf(cycle) });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    },
    async markStale(cycle) {
      await m.built.deleteOne({ _id: cycleIdOf(cycle) });
    },
  };
}
