/**
 * score(): one unit's evidence through every stage, without ranking.
 */
import { type EvidenceDocument, type PreparedEvidence, prepareEvidence } from './evidence/index.js';
import { fromDouble } from './exact/index.js';
import { finalGrade, gradeByBands, scoreGrade } from './grading/grade.js';
import type { UnitResult } from './assessment-result.js';
import type { Rubric } from './rubric/index.js';
import { type ItemScores, scoreItems } from './stages/item.js';
import type { TraceValues } from './logic/index.js';
import { unitTotals } from './stages/totals.js';
import { checkVetoes } from './stages/vetoes.js';
import { type AssessmentContext, deriveInputs } from './stages/population.js';

export interface ScoreOptions {
  /** Record sub-expression values during the run (default false; item-views.ts recomputes them on demand). */
  readonly trace?: boolean;
  /**
   * Given by assess(): the inputs already carry the assessment's derived values
   * (stages/population.ts) and this says who they were computed over. Without it, a
   * rubric whose rules read across units scores the unit as an assessment of its own.
   */
  readonly context?: AssessmentContext | null;
}

export function score(rubric: Rubric, evidence: EvidenceDocument, options: ScoreOptions = {}): UnitResult {
  return scorePrepared(rubric, prepareEvidence(rubric, evidence), options);
}

/** Scores evidence that prepareEvidence() has already checked and laid out. */
export function scorePrepared(rubric: Rubric, prepared: PreparedEvidence, options: ScoreOptions = {}): UnitResult {
  if (options.context === undefined && rubric.derivedReads.length > 0) {
    const alone = deriveInputs(rubric, [prepared]);
    return scorePrepared(rubric, alone.inputs[0] as PreparedEvidence, { ...options, context: alone.context });
  }
  const trace = options.trace === true ? new Array<unknown>(rubric.traceSize).fill(undefined) : null;
  return completeUnit(rubric, prepared, scoreItems(rubric, prepared, trace), trace, options.context ?? null);
}

/** Stages 2–5 and the result, from a unit's item scores. */
export function completeUnit(
  rubric: Rubric,
  inputs: PreparedEvidence,
  items: ItemScores,
  trace: TraceValues | null,
  context: AssessmentContext | null = null,
): UnitResult {
  const evidence = inputs.evidence;
  const code = evidence.unit.code;
  const vetoes = checkVetoes(rubric, inputs, trace);
  const { sections, base, bonus: bonusTotal, deductionsClaimed, deductions, total } = unitTotals(rubric, items.steps);
  const { claimed: bonusClaimed, bonus, groups: bonusGroups } = bonusTotal;
  const fromScore =
    rubric.result.rule === undefined ? gradeByBands(rubric, total) : scoreGrade(rubric, { base, bonus, deductions, total, sections, steps: items.steps }, code);
  const vetoed = vetoes.triggered.includes(true);

  return {
    unit: evidence.unit, // immutable, and exactly { code, name } (the schema is strict): shared, not copied
    inputs,
    context,
    steps: items.steps,
    computedSteps: items.computedSteps,
    trace,
    vetoValues: vetoes.values,
    vetoTriggered: vetoes.triggered,
    sections,
    base,
    bonusClaimed,
    bonus,
    bonusGroups,
    deductionsClaimed,
    deductions,
    total,
    vetoed,
    scoreGrade: fromScore,
    grade: vetoed ? finalGrade(rubric, fromScore, vetoes.triggered) : fromScore,
    selfTotal: evidence.selfTotal === undefined ? undefined : fromDouble(evidence.selfTotal),
  };
}
