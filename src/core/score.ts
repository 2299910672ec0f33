/**
 * score(): one unit's evidence through every stage, without ranking.
 */
import { KaoheError } from './errors.js';
import { type EvidenceDocument, readEvidence } from './evidence/index.js';
import { fromDouble } from './exact/index.js';
import { finalGrade, scoreGrade } from './grading/grade.js';
import type { UnitResult } from './result.js';
import type { Rubric } from './rubric/index.js';
import { scoreItems } from './stages/item.js';
import { baseScore, capped, finalTotal, sectionScores, sumOf } from './stages/totals.js';
import { checkVetoes } from './stages/vetoes.js';

export interface ScoreOptions {
  /** Record sub-expression values (default true). */
  readonly trace?: boolean;
}

export function score(rubric: Rubric, evidence: EvidenceDocument, options: ScoreOptions = {}): UnitResult {
  const { inputs, problems } = readEvidence(rubric, evidence);
  if (problems.length > 0) throw new KaoheError(problems);
  const code = evidence.unit.code;
  const trace = options.trace === false ? null : new Array<unknown>(rubric.traceSize).fill(undefined);

  const items = scoreItems(rubric, inputs, trace, code);
  const vetoes = checkVetoes(rubric, inputs, trace);
  const sections = sectionScores(rubric, items.scores);
  const base = baseScore(rubric, sections);
  const bonusClaimed = sumOf(items.scores, rubric.bonus?.items ?? []);
  const bonus = capped(bonusClaimed, rubric.bonus?.cap);
  const deductionsClaimed = sumOf(items.scores, rubric.deductions?.items ?? []);
  const deductions = capped(deductionsClaimed, rubric.deductions?.cap);
  const total = finalTotal(base, bonus, deductions);
  const fromScore = scoreGrade(rubric, { base, bonus, deductions, total, sections, scores: items.scores }, code);
  const vetoed = vetoes.triggered.includes(true);

  return {
    unit: { code, name: evidence.unit.name },
    inputs,
    scores: items.scores,
    computed: items.computed,
    raw: items.raw,
    clamped: items.clamped,
    trace,
    vetoValues: vetoes.values,
    vetoTriggered: vetoes.triggered,
    sections,
    base,
    bonusClaimed,
    bonus,
    deductionsClaimed,
    deductions,
    total,
    vetoed,
    scoreGrade: fromScore,
    grade: finalGrade(rubric, fromScore, vetoes.triggered),
    selfTotal: evidence.selfTotal === undefined ? undefined : fromDouble(evidence.selfTotal),
  };
}
