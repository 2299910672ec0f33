/**
 * assess(): the one entry point for a whole assessment. Pure: rubric, evidence and
 * options in; ranked results out; no clock, no files, no randomness.
 */
import { KaoheError, problem } from './errors.js';
import { type EvidenceDocument, type PreparedEvidence, prepareEvidence } from './evidence/index.js';
import { rankUnits } from './ranking/rank.js';
import type { AssessOptions, AssessmentResult, UnitResult } from './assessment-result.js';
import type { Rubric } from './rubric/index.js';
import { completeUnit, totalStepsOf } from './score.js';
import { scoreAssessment } from './stages/item.js';
import { deriveInputs } from './stages/population.js';
import type { ItemFactors } from './stages/item-factors.js';

export function assess(rubric: Rubric, evidences: readonly EvidenceDocument[], options: AssessOptions): AssessmentResult {
  return assessPrepared(
    rubric,
    evidences.map((e) => prepareEvidence(rubric, e)),
    options,
  );
}

/**
 * The same from evidence prepareEvidence() has already checked (e.g. when it was submitted).
 * `factors`: item points scaled, for an uncertainty analysis (never a published run).
 */
export function assessPrepared(
  rubric: Rubric,
  prepared: readonly PreparedEvidence[],
  options: AssessOptions,
  factors: ItemFactors | null = null,
): AssessmentResult {
  if (options.year !== undefined && options.year !== rubric.year) {
    throw new KaoheError([problem('evidence_mismatch', '$.year', `考核年度 ${options.year} 与考核细则年度 ${rubric.year} 不一致`)]);
  }
  // Phase 1 (only for rules that read across units or years): the values they read, from every unit's evidence.
  const { inputs, context } = deriveInputs(rubric, prepared, options.previous);
  const scale = 10 ** rubric.precision;
  const totals = new Float64Array(inputs.length);
  const vetoed = new Uint8Array(inputs.length);
  let listed = true;
  let previousCode = '';
  const units: UnitResult[] = scoreAssessment(rubric, inputs, options.trace === true, (u, items, trace) => {
    const unit = completeUnit(rubric, inputs[u] as PreparedEvidence, factors === null ? items : factors.apply(items), trace, context);
    totals[u] = totalStepsOf(unit, scale);
    vetoed[u] = unit.vetoed ? 1 : 0;
    // Listed by code (the usual order) shows every code to be different; read here, while the unit is in the CPU's cache.
    const code = unit.unit.code;
    if (u > 0 && listed) listed = previousCode < code;
    previousCode = code;
    return unit;
  });
  if (!listed) refuseDuplicateUnits(inputs);
  return { rubricHash: rubric.hash, options, units: rankUnits(rubric, units, { totals, vetoed, listed }) };
}

/** One evidence document per unit, for evidence not listed by code (scoring has checked evidence that is): a set finds the second. */
function refuseDuplicateUnits(prepared: readonly PreparedEvidence[]): void {
  const seen = new Set<string>();
  for (const { unit } of prepared) {
    if (seen.has(unit.code)) {
      throw new KaoheError([problem('evidence_duplicate_unit', '$.unit.code', `单位 ${unit.code}（${unit.name}）的证据出现了不止一份`)]);
    }
    seen.add(unit.code);
  }
}
