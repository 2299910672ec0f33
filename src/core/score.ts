/**
 * score(): one unit's evidence through every stage, without ranking.
 */
import { KaoheError } from './errors.js';
import { type EvidenceDocument, normaliseEvidence } from './evidence/index.js';
import { type Num, fromDouble } from './exact/index.js';
import { finalGrade, scoreGrade } from './grading/grade.js';
import type { ItemResult, UnitResult } from './result.js';
import type { Item, Rubric } from './rubric/index.js';
import { scoreItem } from './stages/item.js';
import { baseScore, capped, finalTotal, sectionScores, sumScores } from './stages/totals.js';
import { checkVeto } from './stages/vetoes.js';

export interface ScoreOptions {
  /** Record sub-expression values (default true). */
  readonly trace?: boolean;
}

export function score(rubric: Rubric, evidence: EvidenceDocument, options: ScoreOptions = {}): UnitResult {
  const traced = options.trace !== false;
  const { inputs, problems } = normaliseEvidence(rubric, evidence);
  if (problems.length > 0) throw new KaoheError(problems);
  const code = evidence.unit.code;
  const run = (items: readonly Item[]): ItemResult[] =>
    items.map((item) => scoreItem(rubric, item, inputs.items.get(item.code) as NonNullable<ReturnType<typeof inputs.items.get>>, code, traced));

  const checkpoints = run(rubric.checkpoints);
  const bonusItems = run(rubric.bonus?.items ?? []);
  const deductionItems = run(rubric.deductions?.items ?? []);
  const vetoes = rubric.vetoes.map((v) => checkVeto(v, inputs.vetoes.get(v.code) as NonNullable<ReturnType<typeof inputs.vetoes.get>>, traced));

  const sections = sectionScores(rubric, checkpoints);
  const base = baseScore(rubric, sections);
  const bonusClaimed = sumScores(bonusItems);
  const bonus = capped(bonusClaimed, rubric.bonus?.cap);
  const deductionsClaimed = sumScores(deductionItems);
  const deductions = capped(deductionsClaimed, rubric.deductions?.cap);
  const total = finalTotal(base, bonus, deductions);
  const fromScore = scoreGrade(rubric, { base, bonus, deductions, total, sections, items: checkpoints }, code);

  return {
    unit: { code, name: evidence.unit.name },
    checkpoints,
    bonusItems,
    deductionItems,
    vetoes,
    sections,
    base,
    bonusClaimed,
    bonus,
    deductionsClaimed,
    deductions,
    total,
    vetoed: vetoes.some((v) => v.triggered),
    scoreGrade: fromScore,
    grade: finalGrade(fromScore, vetoes),
    selfTotal: evidence.selfTotal === undefined ? undefined : (fromDouble(evidence.selfTotal) as Num),
  };
}
