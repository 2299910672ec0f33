/**
 * A run's texts in pieces on MongoDB (FerretDB): the run_frames document and one
 * run_units document per unit (services/runs/run-pieces.ts cuts and joins them). Every
 * read is by _id, which FerretDB v1 looks up in SQLite without decoding other
 * documents; a few lookups at a time, so that a large run is read at a steady pace.
 */
import { randomUUID } from 'node:crypto';
import { type RunFrame, type RunUnitTexts, joinInputs, joinResults, splitRunTexts } from '../../services/runs/run-pieces.js';
import type { StoredRunPieces } from '../../services/ports.js';
import type { Models } from './models.js';

/** How many unit documents are written or read at once. */
const UNITS_AT_ONCE = 16;

/** A frame older than this whose run was never written is a crash's leftover. */
const STRAY_AFTER_MS = 60 * 60_000;

const unitKey = (piecesId: string, code: string) => `${piecesId}/${code}`;

async function inBatches<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += UNITS_AT_ONCE) out.push(...(await Promise.all(items.slice(i, i + UNITS_AT_ONCE).map(each))));
  return out;
}

/** Pieces of a run stored whole (before pieces existed), cut on reading. */
export function piecesOfWhole(inputs: string, results: string): StoredRunPieces {
  const cut = splitRunTexts(inputs, results);
  if (!cut) throw new Error('评分的存储文本不是证据列表与结果文件，无法分段读取');
  const { frame, units } = cut;
  const byCode = new Map(units.map((u) => [u.code, u]));
  return {
    frame,
    async units(codes) {
      return codes.map((code) => {
        const unit = byCode.get(code);
        if (!unit) throw new Error(`评分中没有单位 ${code}`);
        return unit;
      });
    },
  };
}

export function runPieceStore(m: Models) {
  async function readUnits(piecesId: string, codes: readonly string[]): Promise<RunUnitTexts[]> {
    return inBatches(codes, async (code) => {
      const doc = await m.runUnits.findById(unitKey(piecesId, code)).lean();
      if (!doc) throw new Error(`评分的存储分段缺少单位 ${code}（${piecesId}）`);
      return { code, evidence: doc.evidence as string, result: doc.result as string };
    });
  }

  async function readFrame(piecesId: string): Promise<RunFrame> {
    const doc = await m.runFrames.findById(piecesId).lean();
    if (!doc) throw new Error(`评分的存储分段缺少总览（${piecesId}）`);
    return {
      resultsHead: doc.resultsHead as string,
      resultsTail: doc.resultsTail as string,
      inputCodes: doc.inputCodes as string[],
      ranking: JSON.parse(doc.ranking as string) as RunFrame['ranking'],
    };
  }

  async function remove(piecesId: string, codes?: readonly string[]): Promise<void> {
    const known = codes ?? ((await m.runFrames.findById(piecesId, { inputCodes: 1 }).lean())?.inputCodes as string[] | undefined) ?? [];
    await inBatches(known, (code) => m.runUnits.deleteOne({ _id: { $eq: unitKey(piecesId, code) } }));
    await m.runFrames.deleteOne({ _id: { $eq: piecesId } });
  }

  return {
    /**
     * Writes the pieces of a run's texts (the frame first, so that a crash's leftovers can
     * be found); their piecesId, or null for texts that cannot be cut (run-pieces.ts).
     */
    async write(runId: string, inputs: string, results: string, at: string): Promise<string | null> {
      const cut = splitRunTexts(inputs, results);
      if (!cut) return null;
      const { frame, units } = cut;
      const piecesId = randomUUID();
      const { resultsHead, resultsTail, inputCodes, ranking } = frame;
      await m.runFrames.create({
        _id: piecesId,
        runId,
        resultsHead,
        resultsTail,
        inputCodes: [...inputCodes],
        ranking: JSON.stringify(ranking),
        createdAt: at,
      });
      try {
        await inBatches(units, (u) => m.runUnits.create({ _id: unitKey(piecesId, u.code), evidence: u.evidence, result: u.result }));
      } catch (error) {
        await remove(piecesId, frame.inputCodes).catch(() => undefined);
        throw error;
      }
      return piecesId;
    },

    async read(piecesId: string): Promise<StoredRunPieces> {
      const frame = await readFrame(piecesId);
      return { frame, units: (codes) => readUnits(piecesId, codes) };
    },

    /** The texts, whole: for the readers that need them so (verify, reports, last year's evidence). */
    async texts(piecesId: string): Promise<{ inputs: string; results: string }> {
      const frame = await readFrame(piecesId);
      const units = new Map((await readUnits(piecesId, frame.inputCodes)).map((u) => [u.code, u]));
      return { inputs: joinInputs(frame, units), results: joinResults(frame, units) };
    },

    remove: (piecesId: string) => remove(piecesId),

    /**
     * Removes pieces no run names that are older than an hour: left by a process that died
     * between writing them and its run (or lost its run number and died before removing them).
     */
    async sweepStray(now: Date): Promise<number> {
      const before = new Date(now.getTime() - STRAY_AFTER_MS).toISOString();
      const frames = await m.runFrames.find({ createdAt: { $lt: before } }, { runId: 1 }).lean();
      let removed = 0;
      for (const frame of frames) {
        const run = await m.runs.findOne({ runId: { $eq: frame.runId } }, { piecesId: 1 }).lean();
        if (run?.piecesId === frame._id) continue;
        await remove(String(frame._id));
        removed++;
      }
      return removed;
    },
  };
}
