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

export function assess(rubric: Rubric, evidences: readonly EvidenceDocument[], options: AssessOptions): AssessmentResult {
  return assessPrepared(
    rubric,
    evidences.map((e) => prepareEvidence(rubric, e)),
    options,
  );
}

/** The same from evidence prepareEvidence() has already checked (e.g. when it was submitted). */
export function assessPrepared(rubric: Rubric, prepared: readonly PreparedEvidence[], options: AssessOptions): AssessmentResult {
  if (options.year !== undefined && options.year !== rubric.year) {
    throw new KaoheError([problem('evidence_mismatch', '$.year', `考核年度 ${options.year} 与考核细则年度 ${rubric.year} 不一致`)]);
  }
  const listed = refuseDuplicateUnits(prepared);
  // Phase 1 (only for rules that read across units or years): the values they read, from every unit's evidence.
  const { inputs, context } = deriveInputs(rubric, prepared, options.previous);
  const scale = 10 ** rubric.precision;
  const totals = new Float64Array(inputs.length);
  const vetoed = new Uint8Array(inputs.length);
  const units: UnitResult[] = scoreAssessment(rubric, inputs, options.trace === true, (u, items, trace) => {
    const unit = completeUnit(rubric, inputs[u] as PreparedEvidence, items, trace, context);
    totals[u] = totalStepsOf(unit, scale);
    vetoed[u] = unit.vetoed ? 1 : 0;
    return unit;
  });
  return { rubricHash: rubric.hash, options, units: rankUnits(rubric, units, { totals, vetoed, listed }) };
}

/**
 * One evidence document per unit. Evidence listed by code (the usual order) shows it in
 * one pass of comparisons; else a set finds the second. Whether it was so listed.
 */
function refuseDuplicateUnits(prepared: readonly PreparedEvidence[]): boolean {
  let ascending = true;
  for (let i = 1; i < prepared.length && ascending; i++)
    ascending = (prepared[i - 1] as PreparedEvidence).evidence.unit.code < (prepared[i] as PreparedEvidence).evidence.unit.code;
  if (ascending) return true;
  const seen = new Set<string>();
  for (const { evidence: e } of prepared) {
    if (seen.has(e.unit.code)) {
      throw new KaoheError([problem('evidence_duplicate_unit', '$.unit.code', `单位 ${e.unit.code}（${e.unit.name}）的证据出现了不止一份`)]);
    }
    seen.add(e.unit.code);
  }
  return false;
}
