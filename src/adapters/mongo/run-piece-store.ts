/**
 * A run's texts in pieces on MongoDB (FerretDB): the run_frames document and its units'
 * texts (services/runs/run-pieces.ts cuts and joins them), consecutive units in one
 * run_unit_chunks document (up to 64 units or 4 MB of text). Every read is by _id, the
 * one filter FerretDB v1 hands to SQLite, which still visits every row of the collection
 * (without decoding it): with a document per unit, reading a run of 2,850 units was
 * 2,850 walks over every unit of every run, minutes at that size; in chunks it is 45
 * walks over a few hundred rows. Runs stored before chunks (a run_units document per
 * unit, no `chunkStarts` in their frame) are read as they were.
 */
import { randomUUID } from 'node:crypto';
import { type RunFrame, type RunUnitTexts, joinInputs, joinResults, splitRunTexts } from '../../services/runs/run-pieces.js';
import type { StoredRunPieces } from '../../services/ports.js';
import type { Models } from './models.js';

/** How many unit documents (of runs stored before chunks) are written or read at once. */
const UNITS_AT_ONCE = 16;
/** A chunk closes at this many units or this much text, whichever comes first (a document may hold 16 MB). */
const CHUNK_UNITS = 64;
const CHUNK_CHARS = 4 * 1024 * 1024;
/**
 * Text one reader keeps of the chunks it read, the least recently used let go first.
 * Reports and the bundle read a run's units in rank order, which jumps between chunks:
 * a run of a few hundred units is read once, one of 2,850 (128 MB) about twice.
 */
const CHARS_KEPT = 64 * 1024 * 1024;

/** A frame older than this whose run was never written is a crash's leftover. */
const STRAY_AFTER_MS = 60 * 60_000;

const unitKey = (piecesId: string, code: string) => `${piecesId}/${code}`;
const chunkKey = (piecesId: string, chunk: number) => `${piecesId}#${chunk}`;

/** Where each chunk begins among the units, in their order. */
export function chunkStartsOf(units: readonly RunUnitTexts[]): number[] {
  const starts: number[] = [];
  let size = Infinity;
  let count = 0;
  units.forEach((u, i) => {
    const chars = u.evidence.length + u.result.length;
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
  async function readUnitDocs(piecesId: string, codes: readonly string[]): Promise<RunUnitTexts[]> {
    return inBatches(codes, async (code) => {
      const doc = await m.runUnits.findById(unitKey(piecesId, code)).lean();
      if (!doc) throw new Error(`评分的存储分段缺少单位 ${code}（${piecesId}）`);
      return { code, evidence: doc.evidence as string, result: doc.result as string };
    });
  }

  /** A reader of a chunked run's units: each chunk read once while it is needed. */
  function chunkReader(piecesId: string, frame: StoredFrame, starts: readonly number[]) {
    const position = new Map(frame.inputCodes.map((code, i) => [code, i]));
    const kept = new Map<number, Promise<{ evidence: string[]; result: string[] }>>();
    const sizes = new Map<number, number>();
    let keptChars = 0;
    const forget = (n: number) => {
      kept.delete(n);
      keptChars -= sizes.get(n) ?? 0;
      sizes.delete(n);
    };
    const chunkOf = (index: number) => {
      let lo = 0;
      while (lo + 1 < starts.length && (starts[lo + 1] as number) <= index) lo++;
      return lo;
    };
    async function readChunk(n: number): Promise<{ evidence: string[]; result: string[] }> {
      const doc = await m.runUnitChunks.findById(chunkKey(piecesId, n)).lean();
      if (!doc) throw new Error(`评分的存储分段缺少第 ${n + 1} 段（${piecesId}）`);
      return { evidence: doc.evidence as string[], result: doc.result as string[] };
    }
    function chunk(n: number): Promise<{ evidence: string[]; result: string[] }> {
      const found = kept.get(n);
      if (found !== undefined) {
        // Most recently used last: Map keeps insertion order.
        kept.delete(n);
        kept.set(n, found);
        return found;
      }
      const reading = readChunk(n).then((texts) => {
        if (kept.get(n) === reading) {
          const chars = texts.evidence.reduce((sum, t) => sum + t.length, 0) + texts.result.reduce((sum, t) => sum + t.length, 0);
          sizes.set(n, chars);
          keptChars += chars;
          for (const old of kept.keys()) if (keptChars > CHARS_KEPT && old !== n) forget(old);
        }
        return texts;
      });
      kept.set(n, reading);
      reading.catch(() => forget(n));
      return reading;
    }
    return async (codes: readonly string[]): Promise<RunUnitTexts[]> => {
      const wanted = codes.map((code) => {
        const index = position.get(code);
        if (index === undefined) throw new Error(`评分的存储分段缺少单位 ${code}（${piecesId}）`);
        const n = chunkOf(index);
        // Every chunk the call needs is asked for at once; each is read once.
        return { code, at: index - (starts[n] as number), texts: chunk(n) };
      });
      const out: RunUnitTexts[] = [];
      for (const { code, at, texts } of wanted) {
        const { evidence, result } = await texts;
        out.push({ code, evidence: evidence[at] as string, result: result[at] as string });
      }
      return out;
    };
  }

  interface StoredFrame extends RunFrame {
    readonly chunkStarts?: readonly number[];
  }

  async function readFrame(piecesId: string): Promise<StoredFrame> {
    const doc = await m.runFrames.findById(piecesId).lean();
    if (!doc) throw new Error(`评分的存储分段缺少总览（${piecesId}）`);
    return {
      resultsHead: doc.resultsHead as string,
      resultsTail: doc.resultsTail as string,
      inputCodes: doc.inputCodes as string[],
      ranking: JSON.parse(doc.ranking as string) as RunFrame['ranking'],
      ...(Array.isArray(doc.chunkStarts) ? { chunkStarts: doc.chunkStarts } : {}),
    };
  }

  function unitsReader(piecesId: string, frame: StoredFrame): (codes: readonly string[]) => Promise<RunUnitTexts[]> {
    return frame.chunkStarts === undefined ? (codes) => readUnitDocs(piecesId, codes) : chunkReader(piecesId, frame, frame.chunkStarts);
  }

  async function remove(piecesId: string, codes?: readonly string[], chunks?: number): Promise<void> {
    const frame = await m.runFrames.findById(piecesId, { inputCodes: 1, chunkStarts: 1 }).lean();
    const known = codes ?? (frame?.inputCodes as string[] | undefined) ?? [];
    const chunkCount = chunks ?? (frame?.chunkStarts as number[] | undefined)?.length;
    if (chunkCount === undefined) await inBatches(known, (code) => m.runUnits.deleteOne({ _id: { $eq: unitKey(piecesId, code) } }));
    else for (let n = 0; n < chunkCount; n++) await m.runUnitChunks.deleteOne({ _id: chunkKey(piecesId, n) });
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
      // units come in the order of inputCodes (run-pieces.ts), so a code's chunk follows from its position.
      const chunkStarts = chunkStartsOf(units);
      await m.runFrames.create({
        _id: piecesId,
        runId,
        resultsHead,
        resultsTail,
        inputCodes: [...inputCodes],
        chunkStarts,
        ranking: JSON.stringify(ranking),
        createdAt: at,
      });
      try {
        for (const [n, start] of chunkStarts.entries()) {
          const slice = units.slice(start, chunkStarts[n + 1] ?? units.length);
          await m.runUnitChunks.create({ _id: chunkKey(piecesId, n), evidence: slice.map((u) => u.evidence), result: slice.map((u) => u.result) });
        }
      } catch (error) {
        await remove(piecesId, frame.inputCodes, chunkStarts.length).catch(() => undefined);
        throw error;
      }
      return piecesId;
    },

    async read(piecesId: string): Promise<StoredRunPieces> {
      const frame = await readFrame(piecesId);
      return { frame, units: unitsReader(piecesId, frame) };
    },

    /** The texts, whole: for the readers that need them so (verify, reports, last year's evidence). */
    async texts(piecesId: string): Promise<{ inputs: string; results: string }> {
      const frame = await readFrame(piecesId);
      const units = new Map((await unitsReader(piecesId, frame)(frame.inputCodes)).map((u) => [u.code, u]));
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
