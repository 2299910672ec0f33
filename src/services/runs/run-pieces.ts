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

/** The run's texts cut into pieces; throws when the pieces would not give back the texts exactly. */
export function splitRunTexts(inputs: string, results: string): RunPieces {
  const evidences = JSON.parse(inputs) as EvidenceDocument[];
  const parsed = JSON.parse(results) as ResultsV1;
  const [resultsHead, resultsTail, ...extra] = JSON.stringify({ ...parsed, units: UNITS_MARK }).split(JSON.stringify(UNITS_MARK));
  if (resultsHead === undefined || resultsTail === undefined || extra.length > 0) throw new Error('评分结果无法分段存储：结果中找不到唯一的 units 数组');
  const resultTexts = new Map(parsed.units.map((u) => [u.code, JSON.stringify(u)]));
  const units = evidences.map((e) => ({ code: e.unit.code, evidence: JSON.stringify(e), result: resultTexts.get(e.unit.code) ?? '' }));
  const frame: RunFrame = { resultsHead, resultsTail, inputCodes: units.map((u) => u.code), ranking: rankingOf(parsed) };
  if (resultTexts.size !== units.length || units.some((u) => u.result === '')) throw new Error('评分结果无法分段存储：结果与输入的单位不一一对应');
  const byCode = new Map(units.map((u) => [u.code, u]));
  if (joinInputs(frame, byCode) !== inputs || joinResults(frame, byCode) !== results) throw new Error('评分结果无法分段存储：分段后不能逐字节还原');
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
