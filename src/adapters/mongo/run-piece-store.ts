/**
 * A run's texts in pieces on MongoDB (FerretDB): the run_frames document and its units'
 * texts (services/runs/run-pieces.ts cuts and joins them) in two series of chunks, each in
 * the order it is read: the evidence in input order (re-scoring, last year's evidence, the
 * bundle's units), the results in rank order (reports, ranking pages, the bundle's
 * results), consecutive units in one run_unit_chunks document (up to 64 units or 4 MB of
 * text). A reader that walks a whole run reads each chunk once; one unit is one chunk,
 * found from the frame. Every read is by _id, the one filter FerretDB v1 hands to SQLite,
 * which still visits every row of the collection (without decoding it). Runs stored
 * before (a run_units document per unit, no starts in their frame; or one series of
 * chunks holding both texts, `chunkStarts`) are read as they were.
 */
import { randomUUID } from 'node:crypto';
import { type RunFrame, type RunUnitTexts, joinInputs, joinResults, splitRunTexts } from '../../services/runs/run-pieces.js';
import type { StoredRunPieces } from '../../services/ports.js';
import type { Models } from './models.js';
import { chunkSeriesReader, chunkStartsOf } from './run-chunk-series.js';

export { chunkStartsOf } from './run-chunk-series.js';

/** How many unit documents (of runs stored before chunks) are written or read at once. */
const UNITS_AT_ONCE = 16;
/**
 * Text one reader keeps of the chunks it read, per series, the least recently used let go
 * first: a walk in the series' order needs one chunk at a time; this is for units read one
 * by one (scorecards on demand, a unit's page).
 */
const CHARS_KEPT = 32 * 1024 * 1024;

/** A frame older than this whose run was never written is a crash's leftover. */
const STRAY_AFTER_MS = 60 * 60_000;

const unitKey = (piecesId: string, code: string) => `${piecesId}/${code}`;
/** A chunk of the evidence series ('e'), of the results series ('r'), or of the one series of both before ('') . */
const chunkKey = (piecesId: string, chunk: number, series: 'e' | 'r' | '' = '') => `${piecesId}#${series}${chunk}`;

async function inBatches<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += UNITS_AT_ONCE) out.push(...(await Promise.all(items.slice(i, i + UNITS_AT_ONCE).map(each))));
  return out;
}

const textChars = (texts: readonly string[]) => texts.reduce((sum, t) => sum + t.length, 0);

type Readers = Omit<StoredRunPieces, 'frame'>;

/** Readers of both kinds from one reader of whole units (the forms stored before two series). */
function fromUnits(read: (codes: readonly string[]) => Promise<Pick<RunUnitTexts, 'evidence' | 'result'>[]>): Readers {
  return {
    evidence: async (codes) => (await read(codes)).map((u) => u.evidence),
    results: async (codes) => (await read(codes)).map((u) => u.result),
  };
}

/** Pieces of a run stored whole (before pieces existed), cut on reading. */
export function piecesOfWhole(inputs: string, results: string): StoredRunPieces {
  const cut = splitRunTexts(inputs, results);
  if (!cut) throw new Error('评分的存储文本不是证据列表与结果文件，无法分段读取');
  const { frame, units } = cut;
  const byCode = new Map(units.map((u) => [u.code, u]));
  return {
    frame,
    ...fromUnits(async (codes) =>
      codes.map((code) => {
        const unit = byCode.get(code);
        if (!unit) throw new Error(`评分中没有单位 ${code}`);
        return unit;
      }),
    ),
  };
}

interface StoredFrame extends RunFrame {
  /** One series of chunks holding both texts, in inputCodes order (stored before two series). */
  readonly chunkStarts?: readonly number[];
  readonly evidenceStarts?: readonly number[];
  readonly resultStarts?: readonly number[];
}

const numbers = (value: unknown) => (Array.isArray(value) ? (value as number[]) : undefined);

export function runPieceStore(m: Models) {
  const missingUnit = (piecesId: string) => (code: string) => new Error(`评分的存储分段缺少单位 ${code}（${piecesId}）`);

  async function readUnitDocs(piecesId: string, codes: readonly string[]): Promise<RunUnitTexts[]> {
    return inBatches(codes, async (code) => {
      const doc = await m.runUnits.findById(unitKey(piecesId, code)).lean();
      if (!doc) throw missingUnit(piecesId)(code);
      return { code, evidence: doc.evidence as string, result: doc.result as string };
    });
  }

  async function readChunk(piecesId: string, n: number, series: 'e' | 'r' | ''): Promise<{ evidence?: string[]; result?: string[] }> {
    const doc = await m.runUnitChunks.findById(chunkKey(piecesId, n, series)).lean();
    if (!doc) throw new Error(`评分的存储分段缺少第 ${n + 1} 段（${piecesId}${series}）`);
    return { evidence: doc.evidence as string[] | undefined, result: doc.result as string[] | undefined };
  }

  /** A series of one kind of text (two series). */
  function textSeries(piecesId: string, order: readonly string[], starts: readonly number[], series: 'e' | 'r') {
    return chunkSeriesReader<string>(
      {
        order,
        starts,
        read: async (n) => {
          const doc = await readChunk(piecesId, n, series);
          const texts = series === 'e' ? doc.evidence : doc.result;
          if (!texts) throw new Error(`评分的存储分段第 ${n + 1} 段没有内容（${piecesId}${series}）`);
          return texts;
        },
        size: textChars,
        missing: missingUnit(piecesId),
      },
      CHARS_KEPT,
    );
  }

  /** The one series of both texts stored before two series: each unit's evidence and result together. */
  function bothSeries(piecesId: string, frame: RunFrame, starts: readonly number[]) {
    return chunkSeriesReader<Pick<RunUnitTexts, 'evidence' | 'result'>>(
      {
        order: frame.inputCodes,
        starts,
        read: async (n) => {
          const { evidence = [], result = [] } = await readChunk(piecesId, n, '');
          return evidence.map((e, i) => ({ evidence: e, result: result[i] as string }));
        },
        size: (units) => units.reduce((sum, u) => sum + u.evidence.length + u.result.length, 0),
        missing: missingUnit(piecesId),
      },
      2 * CHARS_KEPT,
    );
  }

  async function readFrame(piecesId: string): Promise<StoredFrame> {
    const doc = await m.runFrames.findById(piecesId).lean();
    if (!doc) throw new Error(`评分的存储分段缺少总览（${piecesId}）`);
    const [chunkStarts, evidenceStarts, resultStarts] = [numbers(doc.chunkStarts), numbers(doc.evidenceStarts), numbers(doc.resultStarts)];
    return {
      resultsHead: doc.resultsHead as string,
      resultsTail: doc.resultsTail as string,
      inputCodes: doc.inputCodes as string[],
      ranking: JSON.parse(doc.ranking as string) as RunFrame['ranking'],
      ...(chunkStarts && { chunkStarts }),
      ...(evidenceStarts && resultStarts && { evidenceStarts, resultStarts }),
    };
  }

  function readers(piecesId: string, frame: StoredFrame): Readers {
    if (frame.evidenceStarts !== undefined && frame.resultStarts !== undefined) {
      return {
        evidence: textSeries(piecesId, frame.inputCodes, frame.evidenceStarts, 'e'),
        results: textSeries(
          piecesId,
          frame.ranking.map((r) => r.code),
          frame.resultStarts,
          'r',
        ),
      };
    }
    if (frame.chunkStarts !== undefined) return fromUnits(bothSeries(piecesId, frame, frame.chunkStarts));
    return fromUnits((codes) => readUnitDocs(piecesId, codes));
  }

  /** Removes a run's pieces, whichever form they were stored in. */
  async function remove(piecesId: string, stored?: Pick<StoredFrame, 'inputCodes' | 'chunkStarts' | 'evidenceStarts' | 'resultStarts'>): Promise<void> {
    const doc = stored ? null : await m.runFrames.findById(piecesId, { inputCodes: 1, chunkStarts: 1, evidenceStarts: 1, resultStarts: 1 }).lean();
    const frame = stored ?? {
      inputCodes: (doc?.inputCodes as string[] | undefined) ?? [],
      chunkStarts: numbers(doc?.chunkStarts),
      evidenceStarts: numbers(doc?.evidenceStarts),
      resultStarts: numbers(doc?.resultStarts),
    };
    const chunks = (series: 'e' | 'r' | '', starts: readonly number[]) => starts.map((_, n) => chunkKey(piecesId, n, series));
    if (frame.evidenceStarts !== undefined || frame.resultStarts !== undefined) {
      for (const id of [...chunks('e', frame.evidenceStarts ?? []), ...chunks('r', frame.resultStarts ?? [])]) await m.runUnitChunks.deleteOne({ _id: id });
    } else if (frame.chunkStarts !== undefined) {
      for (const id of chunks('', frame.chunkStarts)) await m.runUnitChunks.deleteOne({ _id: id });
    } else {
      await inBatches(frame.inputCodes, (code) => m.runUnits.deleteOne({ _id: { $eq: unitKey(piecesId, code) } }));
    }
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
      // Evidence in the order of inputCodes (units come so, run-pieces.ts), results in the order of ranking.
      const evidence = units.map((u) => u.evidence);
      const resultOf = new Map(units.map((u) => [u.code, u.result]));
      const result = ranking.map((r) => resultOf.get(r.code) as string);
      const evidenceStarts = chunkStartsOf(evidence.map((t) => t.length));
      const resultStarts = chunkStartsOf(result.map((t) => t.length));
      await m.runFrames.create({
        _id: piecesId,
        runId,
        resultsHead,
        resultsTail,
        inputCodes: [...inputCodes],
        evidenceStarts,
        resultStarts,
        ranking: JSON.stringify(ranking),
        createdAt: at,
      });
      const slices = (texts: readonly string[], starts: readonly number[]) => starts.map((start, n) => texts.slice(start, starts[n + 1] ?? texts.length));
      try {
        for (const [n, slice] of slices(evidence, evidenceStarts).entries()) await m.runUnitChunks.create({ _id: chunkKey(piecesId, n, 'e'), evidence: slice });
        for (const [n, slice] of slices(result, resultStarts).entries()) await m.runUnitChunks.create({ _id: chunkKey(piecesId, n, 'r'), result: slice });
      } catch (error) {
        await remove(piecesId, { inputCodes, evidenceStarts, resultStarts }).catch(() => undefined);
        throw error;
      }
      return piecesId;
    },

    async read(piecesId: string): Promise<StoredRunPieces> {
      const frame = await readFrame(piecesId);
      return { frame, ...readers(piecesId, frame) };
    },

    /** The texts, whole: for the readers that need them so (verify, reports, last year's evidence). */
    async texts(piecesId: string): Promise<{ inputs: string; results: string }> {
      const frame = await readFrame(piecesId);
      const read = readers(piecesId, frame);
      const rankCodes = frame.ranking.map((r) => r.code);
      const [evidence, results] = await Promise.all([read.evidence(frame.inputCodes), read.results(rankCodes)]);
      const units = new Map(frame.inputCodes.map((code, i) => [code, { evidence: evidence[i] as string, result: '' }]));
      rankCodes.forEach((code, i) => {
        const unit = units.get(code);
        if (unit) unit.result = results[i] as string;
      });
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
