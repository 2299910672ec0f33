/**
 * Stages 2–4: section scores and the base score, then bonus (capped), then
 * deductions (capped), then the total, floored at zero. Item scores are already at
 * the rubric's precision, so sums are exact; a weighted roll-up is rounded once more.
 */
import { type Num, Ratio, add, cmp, min, mul, ratio, roundTo, sub } from '../exact/index.js';
import type { SectionResult } from '../result.js';
import type { Item, Rubric } from '../rubric/index.js';

/**
 * The sum of item scores. Scores are at the rubric's precision, so they are summed
 * as integers of 10^-precision points (no intermediate fractions); anything else
 * (a weighted value, a huge number) takes the general exact path.
 */
export function sumOf(scores: readonly Num[], items: readonly Item[], precision: number): Num {
  const scale = 10 ** precision;
  let units = 0;
  for (const item of items) {
    const s = scores[item.index] as Num;
    let n: number;
    if (typeof s === 'number') n = s * scale;
    else if (s instanceof Ratio && scale % s.q === 0) n = s.p * (scale / s.q);
    else return sumExact(scores, items);
    units += n;
    if (!Number.isSafeInteger(units)) return sumExact(scores, items);
  }
  return ratio(units, scale);
}

function sumExact(scores: readonly Num[], items: readonly Item[]): Num {
  let sum: Num = 0;
  for (const item of items) sum = add(sum, scores[item.index] as Num);
  return sum;
}

export function sectionScores(rubric: Rubric, scores: readonly Num[]): SectionResult[] {
  return rubric.sections.map((section) => ({
    code: section.code,
    title: section.title,
    max: section.points,
    score: sumOf(scores, section.items, rubric.precision),
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
