/**
 * Stages 2–4: section scores and the base score, then bonus (capped), then
 * deductions (capped), then the total, floored at zero. Item scores are already at
 * the rubric's precision, so sums are exact; a weighted roll-up is rounded once more.
 */
import { type Num, add, cmp, min, mul, ratio, roundTo, sub } from '../exact/index.js';
import type { BonusGroupResult, SectionResult } from '../assessment-result.js';
import type { Item, Rubric } from '../rubric/index.js';

/** The sum of the items' scores (held as whole precision steps, so the sum is exact). */
export function sumOf(steps: Float64Array, items: readonly Item[], scale: number): Num {
  let total = 0;
  for (const item of items) total += steps[item.index] as number;
  return ratio(total, scale);
}

export function sectionScores(rubric: Rubric, steps: Float64Array): SectionResult[] {
  const scale = 10 ** rubric.precision;
  return rubric.sections.map((section) => ({
    code: section.code,
    title: section.title,
    max: section.points,
    score: sumOf(steps, section.items, scale),
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

export interface BonusTotal {
  readonly claimed: Num;
  readonly bonus: Num;
  /** Present when the rubric has bonus groups. */
  readonly groups?: readonly BonusGroupResult[];
}

/**
 * What the bonus items add: each group's items capped by the group's cap, then the
 * groups' sum capped by the overall cap (a rubric without groups has only that cap).
 */
export function bonusTotal(rubric: Rubric, steps: Float64Array): BonusTotal {
  const scale = 10 ** rubric.precision;
  const bonus = rubric.bonus;
  const claimed = sumOf(steps, bonus?.items ?? [], scale);
  if (bonus === undefined || bonus.groups.length === 0) return { claimed, bonus: capped(claimed, bonus?.cap) };
  const groups = bonus.groups.map((g) => {
    const groupClaimed = sumOf(steps, g.items, scale);
    return { code: g.code, title: g.title, cap: g.cap, claimed: groupClaimed, bonus: capped(groupClaimed, g.cap) };
  });
  let counted: Num = 0;
  for (const g of groups) counted = add(counted, g.bonus);
  return { claimed, bonus: capped(counted, bonus.cap), groups };
}

export function finalTotal(base: Num, bonus: Num, deductions: Num): Num {
  const total = sub(add(base, bonus), deductions);
  return cmp(total, 0) < 0 ? 0 : total;
}
