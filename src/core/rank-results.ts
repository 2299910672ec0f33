/**
 * rankResults(): the ranking of unit results already made, for an analysis that scores
 * variants of an assessment's units (rescoreUnit()) and ranks each variant of the whole.
 */
import type { AssessOptions, AssessmentResult, UnitResult } from './assessment-result.js';
import { rankUnits } from './ranking/rank.js';
import type { Rubric } from './rubric/index.js';
import { totalStepsOf } from './score.js';

/**
 * What assessPrepared() gives for the evidence the results were scored from. `units`:
 * one result per unit (an assessment's results, or variants of them), in the evidence's
 * order; assessPrepared() has refused two documents of one unit.
 */
export function rankResults(rubric: Rubric, units: readonly UnitResult[], options: AssessOptions): AssessmentResult {
  const scale = 10 ** rubric.precision;
  const n = units.length;
  const totals = new Float64Array(n);
  const vetoed = new Uint8Array(n);
  let listed = true;
  for (let u = 0; u < n; u++) {
    const unit = units[u] as UnitResult;
    totals[u] = totalStepsOf(unit, scale);
    vetoed[u] = unit.vetoed ? 1 : 0;
    if (u > 0 && listed) listed = (units[u - 1] as UnitResult).unit.code < unit.unit.code;
  }
  return { rubricHash: rubric.hash, options, units: rankUnits(rubric, units, { totals, vetoed, listed }) };
}
