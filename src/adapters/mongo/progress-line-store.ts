/**
 * The progress board's lines on MongoDB (or FerretDB): one small document per version of
 * a unit's submission, `_id` "<cycle id>/<unit code>#<version>", inserted and never changed.
 * An insert is checked against the `_id` index (a millisecond however many lines there are),
 * where replacing one line per unit would walk every row of the collection on FerretDB v1
 * (unit-record-ids.ts) at every save. FerretDB decodes every document a read finds, at a cost
 * per document, so a read that finds many lines folds them into one snapshot of the cycle
 * (`progress_snapshots`: the latest line of each unit as one JSON text): the board then reads
 * one snapshot and the lines put since. Which cycles' lines were made from their submissions
 * is kept in `progress_built` (`_id`: the cycle's id).
 */
import { type Connection, Schema } from 'mongoose';
import { type CycleKey, type ProgressLineRecord, cycleIdOf } from '../../records/index.js';
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
  const snapshots = c.model('ProgressSnapshot', new Schema({ _id: String, cycleKey: String, seq: Number, lines: String }, strict), 'progress_snapshots');
  const built = c.model('ProgressBuilt', new Schema({ _id: String }, strict), 'progress_built');
  return { lines, snapshots, built };
}

type ProgressLineModels = ReturnType<typeof defineProgressLineModels>;

/** A stored line as a record: without `_id` and `cycleKey`, absent members dropped. */
function lineOf(doc: unknown): ProgressLineRecord {
  const { _id, cycleKey: _cycleKey, ...rest } = doc as Record<string, unknown>;
  for (const k of Object.keys(rest)) if (rest[k] === undefined || rest[k] === null) delete rest[k];
  return rest as unknown as ProgressLineRecord;
}

const lineId = (line: ProgressLineRecord) => `${cycleIdOf(line)}/${line.unitCode}#${line.version}`;

/** A cycle's lines folded into one document: their JSON as one string, which FerretDB decodes as one value. */
interface Snapshot {
  readonly _id: string;
  readonly seq: number;
  readonly lines: string;
}

/** Lines read one by one from which a read folds them into the cycle's next snapshot. */
const FOLD_AT = 32;

export function progressLineStore(m: ProgressLineModels): Stores['progressLines'] {
  /**
   * Stores `lines` as the cycle's snapshot `seq`, then drops the lines and snapshots they were made from. Two
   * reads that fold at once make the same `seq`: the one refused keeps everything, since the lines it read
   * may include one the other did not. A line put meanwhile is not among those dropped, and outranks the
   * snapshot's by its version.
   */
  async function fold(cycle: CycleKey, seq: number, lines: readonly ProgressLineRecord[], lineIds: string[], snapshotIds: string[]): Promise<void> {
    const cycleKey = cycleIdOf(cycle);
    try {
      await m.snapshots.create({ _id: `${cycleKey}#${String(seq).padStart(9, '0')}`, cycleKey, seq, lines: JSON.stringify(lines) });
    } catch (error) {
      if (isDuplicate(error)) return;
      throw error;
    }
    await m.lines.deleteMany({ _id: { $in: lineIds } });
    if (snapshotIds.length > 0) await m.snapshots.deleteMany({ _id: { $in: snapshotIds } });
  }

  return {
    async put(line) {
      try {
        await m.lines.create({ _id: lineId(line), ...withCycleKey(line) });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    },
    async latest(cycle) {
      const [snapshots, docs] = await Promise.all([
        m.snapshots.find(cycleFilter(cycle)).lean() as unknown as Promise<Snapshot[]>,
        m.lines.find(cycleFilter(cycle)).lean(),
      ]);
      const top = snapshots.reduce<Snapshot | undefined>((a, b) => (a === undefined || b.seq > a.seq ? b : a), undefined);
      const newest = new Map<string, ProgressLineRecord>();
      for (const line of top === undefined ? [] : (JSON.parse(top.lines) as ProgressLineRecord[])) newest.set(line.unitCode, line);
      for (const doc of docs) {
        const line = lineOf(doc);
        const kept = newest.get(line.unitCode);
        if (kept === undefined || kept.version < line.version) newest.set(line.unitCode, line);
      }
      const lines = [...newest.values()].sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0));
      const older = snapshots.filter((x) => x !== top).map((x) => x._id);
      if (docs.length >= FOLD_AT)
        await fold(
          cycle,
          (top?.seq ?? 0) + 1,
          lines,
          docs.map((d) => String(d._id)),
          [...older, ...(top ? [top._id] : [])],
        );
      else if (older.length > 0) await m.snapshots.deleteMany({ _id: { $in: older } });
      return lines;
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
