/**
 * Stages 2–4: section scores and the base score, then bonus (capped), then
 * deductions (capped), then the total, floored at zero. Item scores are already at
 * the rubric's precision, so sums are exact; a weighted roll-up is rounded once more.
 */
import { type Num, add, cmp, min, mul, roundTo, sub } from '../exact/index.js';
import type { SectionResult } from '../result.js';
import type { Item, Rubric } from '../rubric/index.js';

export function sumOf(scores: readonly Num[], items: readonly Item[]): Num {
  let sum: Num = 0;
  for (const item of items) sum = add(sum, scores[item.index] as Num);
  return sum;
}

export function sectionScores(rubric: Rubric, scores: readonly Num[]): SectionResult[] {
  return rubric.sections.map((section) => ({
    code: section.code,
    title: section.title,
    max: section.points,
    score: sumOf(scores, section.items),
    weight: section.weight,
  }));
}

export function baseScore(rubric: Rubric, sections: readonly SectionResult[]): Num {
  let base: Num = 0;
  for (const s of sections) base = add(base, rubric.aggregation === 'weighted' ? mul(s.score, s.weight ?? 0) : s.score);
  return rubric.aggregation === 'weighted' ? roundTo(base, rubric.precision, rubric.rounding) : base;
}

export function capped(claimed: Num, cap: Num | undefined): Num {
  return cap === undefined ? claimed : min(claimed, cap);
}

export function finalTotal(base: Num, bonus: Num, deductions: Num): Num {
  const total = sub(add(base, bonus), deductions);
  return cmp(total, 0) < 0 ? 0 : total;
}
