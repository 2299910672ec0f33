/**
 * A run's two stored texts (the inputs: every unit's evidence; the results.json) cut
 * into one piece per unit and a small frame, and put back together byte for byte.
 * A run of thousands of units is stored and read this way (never one document near
 * MongoDB's 16 MB limit), while its inputsHash and resultsHash stay the hashes of the
 * same whole texts as before: the texts are compact JSON (JSON.stringify), in which an
 * array is its elements' texts joined by commas, so each unit's text is a slice of the
 * whole and the whole is the slices joined.
 */
import type { EvidenceDocument, ResultsV1 } from '../../core/index.js';
import { type RankingRow, rankingOf } from './run-views.js';

/** One unit's slices of the run's texts: its evidence document and its entry in results.units. */
export interface RunUnitTexts {
  readonly code: string;
  readonly evidence: string;
  readonly result: string;
}

/** What a run keeps besides its units' texts: enough to rank, page and put the texts back together. */
export interface RunFrame {
  /** The results text before and after its `units` array. */
  readonly resultsHead: string;
  readonly resultsTail: string;
  /** Unit codes in the order of the inputs (unit-code order for a service run). */
  readonly inputCodes: readonly string[];
  /** The ranking rows in the order of results.units (rank order). */
  readonly ranking: readonly RankingRow[];
}

export interface RunPieces {
  readonly frame: RunFrame;
  readonly units: readonly RunUnitTexts[];
}

/** Stands in for results.units while the frame is written; never a key or value of a results file. */
const UNITS_MARK = '\u0000kaohe:units\u0000';

/**
 * The run's texts cut into pieces, or null when they cannot be: texts that are not a
 * list of evidence documents and a results file over the same units, or whose pieces
 * would not give back the texts exactly (a caller then keeps them whole).
 */
export function splitRunTexts(inputs: string, results: string): RunPieces | null {
  const evidences = JSON.parse(inputs) as unknown;
  const parsed = JSON.parse(results) as Partial<ResultsV1> | null;
  if (!Array.isArray(evidences) || parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.units)) return null;
  const [resultsHead, resultsTail, ...extra] = JSON.stringify({ ...parsed, units: UNITS_MARK }).split(JSON.stringify(UNITS_MARK));
  if (resultsHead === undefined || resultsTail === undefined || extra.length > 0) return null;
  const resultTexts = new Map(parsed.units.map((u) => [u.code, JSON.stringify(u)]));
  const units = (evidences as EvidenceDocument[]).map((e) => ({ code: e.unit.code, evidence: JSON.stringify(e), result: resultTexts.get(e.unit.code) ?? '' }));
  const byCode = new Map(units.map((u) => [u.code, u]));
  if (byCode.size !== units.length || resultTexts.size !== units.length || units.some((u) => u.result === '')) return null;
  const frame: RunFrame = { resultsHead, resultsTail, inputCodes: units.map((u) => u.code), ranking: rankingOf(parsed as ResultsV1) };
  if (joinInputs(frame, byCode) !== inputs || joinResults(frame, byCode) !== results) return null;
  return { frame, units };
}

type UnitsByCode = ReadonlyMap<string, Pick<RunUnitTexts, 'evidence' | 'result'>>;

function piece(units: UnitsByCode, code: string): Pick<RunUnitTexts, 'evidence' | 'result'> {
  const unit = units.get(code);
  if (!unit) throw new Error(`评分缺少单位 ${code} 的存储分段`);
  return unit;
}

/** The inputs text, whole (for a run small enough to hold; large ones are read in pieces). */
export function joinInputs(frame: RunFrame, units: UnitsByCode): string {
  return `[${frame.inputCodes.map((code) => piece(units, code).evidence).join(',')}]`;
}

/** The results text, whole. */
export function joinResults(frame: RunFrame, units: UnitsByCode): string {
  return `${frame.resultsHead}[${frame.ranking.map((row) => piece(units, row.code).result).join(',')}]${frame.resultsTail}`;
}

/** The results without their units' entries (units: []): the summary, rubric, engine and hashes. */
export function resultsFrame(frame: RunFrame): ResultsV1 {
  return JSON.parse(`${frame.resultsHead}[]${frame.resultsTail}`) as ResultsV1;
}
