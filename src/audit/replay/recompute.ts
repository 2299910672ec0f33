/**
 * Step 6: the results scored again from the bundle's rubric and evidence with the
 * core, exactly as `kaohe assess` and a service run score them, and compared with the
 * bundle's results (compare-results.ts) one unit at a time: each unit's recomputed
 * results are built, compared and let go, so the recomputed results are never held
 * whole beside the bundle's (at 2,851 units they would be over a gigabyte of heap).
 */
import {
  type EvidenceDocument,
  KaoheError,
  type PreparedEvidence,
  type ResultsV1,
  type Rubric,
  assessPrepared,
  readEvidence,
  resultsParts,
} from '../../core/index.js';
import { compareHead, compareOrder, compareUnitResults } from './compare-results.js';
import type { ReplayProblem } from './report.js';

export interface Recomputation {
  readonly problems: ReplayProblem[];
  readonly checkpoints: number;
}

/**
 * `read`: each of `evidences` as readEvidence reads it (replay reads them once, for this
 * and the second evaluator); `previous`: last year's evidence the bundle carries (given
 * only when it carries some); `unitTexts`: the sha256 of each bundled unit's JSON text,
 * when replay has them (runTextHashes), so that a bundled unit is not written out again.
 */
export function recompute(
  rubric: Rubric,
  evidences: readonly EvidenceDocument[],
  read: readonly ReturnType<typeof readEvidence>[],
  bundled: ResultsV1,
  previous?: readonly EvidenceDocument[],
  unitTexts?: ReadonlyMap<string, string>,
): Recomputation {
  const problems: ReplayProblem[] = [];
  const prepared: PreparedEvidence[] = [];
  for (const [i, evidence] of evidences.entries()) {
    const { inputs, problems: refused } = read[i] as ReturnType<typeof readEvidence>;
    const code = evidence.unit.code;
    for (const p of refused) {
      problems.push({
        part: `units/${code}/evidence`,
        kind: 'evidence',
        unitCode: code,
        message: `单位 ${code} 的证据不符合考核细则，无法评分：${p.path}：${p.message}`,
      });
    }
    prepared.push(inputs);
  }
  if (problems.length > 0) return { problems, checkpoints: 0 };
  const order: string[] = [];
  let checkpoints = 0;
  try {
    const options = {
      engineVersion: bundled.engine.version,
      year: rubric.year,
      ...(bundled.asOf !== undefined && { asOf: bundled.asOf }),
      ...(previous !== undefined && { previous }),
    };
    const parts = resultsParts(rubric, assessPrepared(rubric, prepared, options), evidences);
    compareHead(bundled, parts.head, problems);
    const places = parts.head.rubric.precision;
    const mine = new Map(bundled.units.map((u) => [u.code, u]));
    for (const unit of parts.units()) {
      order.push(unit.code);
      const bundledUnit = mine.get(unit.code);
      if (bundledUnit) checkpoints += compareUnitResults(bundledUnit, unit, places, problems, unitTexts?.get(unit.code));
    }
  } catch (error) {
    if (!(error instanceof KaoheError)) throw error;
    return {
      problems: error.problems.map((p) => ({ part: 'rubric', kind: 'recompute', message: `按审计包中的细则和证据无法重新计算结果：${p.path}：${p.message}` })),
      checkpoints: 0,
    };
  }
  // Only when nothing else differs: a changed score that moves a rank is reported as the score.
  if (problems.length === 0)
    compareOrder(
      bundled.units.map((u) => u.code),
      order,
      problems,
    );
  return { problems, checkpoints };
}
