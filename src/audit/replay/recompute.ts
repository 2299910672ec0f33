/**
 * Step 6: the results scored again from the bundle's rubric and evidence with the
 * core, exactly as `kaohe assess` and a service run score them, and compared with the
 * bundle's results (compare-results.ts).
 */
import {
  type EvidenceDocument,
  KaoheError,
  type PreparedEvidence,
  type ResultsV1,
  type Rubric,
  assessPrepared,
  buildResults,
  readEvidence,
} from '../../core/index.js';
import { compareResults } from './compare-results.js';
import type { ReplayProblem } from './report.js';

export interface Recomputation {
  readonly problems: ReplayProblem[];
  readonly checkpoints: number;
  /** The recomputed results, when every unit's evidence could be scored. */
  readonly results?: ResultsV1;
}

/** `previous`: last year's evidence the bundle carries (given only when it carries some). */
export function recompute(rubric: Rubric, evidences: readonly EvidenceDocument[], bundled: ResultsV1, previous?: readonly EvidenceDocument[]): Recomputation {
  const problems: ReplayProblem[] = [];
  const prepared: PreparedEvidence[] = [];
  for (const evidence of evidences) {
    const read = readEvidence(rubric, evidence);
    const code = evidence.unit.code;
    for (const p of read.problems) {
      problems.push({
        part: `units/${code}/evidence`,
        kind: 'evidence',
        unitCode: code,
        message: `单位 ${code} 的证据不符合考核细则，无法评分：${p.path}：${p.message}`,
      });
    }
    prepared.push(read.inputs);
  }
  if (problems.length > 0) return { problems, checkpoints: 0 };
  let results: ResultsV1;
  try {
    const options = {
      engineVersion: bundled.engine.version,
      year: rubric.year,
      ...(bundled.asOf !== undefined && { asOf: bundled.asOf }),
      ...(previous !== undefined && { previous }),
    };
    results = buildResults(rubric, assessPrepared(rubric, prepared, options), evidences);
  } catch (error) {
    if (!(error instanceof KaoheError)) throw error;
    return {
      problems: error.problems.map((p) => ({ part: 'rubric', kind: 'recompute', message: `按审计包中的细则和证据无法重新计算结果：${p.path}：${p.message}` })),
      checkpoints: 0,
    };
  }
  const compared = compareResults(bundled, results);
  return { problems: compared.problems, checkpoints: compared.checkpoints, results };
}
