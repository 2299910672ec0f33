/**
 * What a rubric really weighs, given results (issue 13 §2): per section and item, its
 * nominal weight (points over the rubric's total) against its effective weight (its share
 * of the variance of the units' totals: cov(score, total) / var(total)), and what keeps a
 * part from telling units apart (a deduction's score counts against the total, so one that
 * separates units has a positive effective weight like any other part): every unit scoring the same, most units at full points
 * (ceiling) or at zero (floor), two items so correlated they measure one thing twice.
 */
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import { type Num, add, cmp, div, fromDouble } from '../../core/exact/index.js';
import { type Column, column, correlation, covariance, mean, variance } from './statistics.js';

/** A part is at its ceiling (or floor) when at least this share of units score full points (or nothing). */
export const CEILING_SHARE = 0.8;
/** Two items whose scores correlate at least this strongly (either sign) are listed as a pair. */
export const PAIR_CORRELATION = 0.95;
const MAX_PAIRS = 20;

export interface PartWeight {
  readonly code: string;
  readonly title: string;
  readonly kind: 'section' | 'checkpoint' | 'bonus' | 'deduction';
  readonly section?: string;
  /** Its points (most it can yield, or most it can deduct). */
  readonly points: number;
  /** points / the rubric's total. */
  readonly nominal: Num;
  /** cov(score, total) / var(total), a deduction's score counted negative; null when every total is equal. */
  readonly effective: Num | null;
  readonly mean: Num;
  readonly lowest: number;
  readonly highest: number;
  /** How many different scores the units have. */
  readonly distinct: number;
  readonly atCeiling: number;
  readonly atFloor: number;
}

export interface CorrelatedPair {
  readonly a: string;
  readonly b: string;
  readonly r: number;
}

export interface RubricWeights {
  readonly units: number;
  readonly total: number;
  /** var(total): zero when every unit has the same total, and then no part has an effective weight. */
  readonly totalVariance: Num;
  readonly sections: readonly PartWeight[];
  readonly items: readonly PartWeight[];
  /** Items every unit scores the same on: they cannot change a rank. */
  readonly flat: readonly string[];
  readonly ceiling: readonly string[];
  readonly floor: readonly string[];
  readonly pairs: readonly CorrelatedPair[];
}

export function rubricWeights(results: ResultsV1): RubricWeights {
  const units = results.units;
  const totals = column(units.map((u) => u.total));
  const totalVariance = variance(totals);
  const rubricTotal = results.rubric.total;
  const weigh = (
    base: Omit<PartWeight, 'nominal' | 'effective' | 'mean' | 'lowest' | 'highest' | 'distinct' | 'atCeiling' | 'atFloor'>,
    scores: readonly number[],
  ) => {
    const sign = base.kind === 'deduction' ? -1 : 1;
    const x = column(scores.map((s) => sign * s));
    return {
      ...base,
      nominal: div(fromDouble(base.points), fromDouble(rubricTotal)),
      effective: cmp(totalVariance, 0) === 0 ? null : div(covariance(x, totals), totalVariance),
      mean: mean(column(scores)),
      lowest: Math.min(...scores),
      highest: Math.max(...scores),
      distinct: new Set(scores).size,
      atCeiling: scores.filter((s) => s === base.points).length,
      atFloor: scores.filter((s) => s === 0).length,
    };
  };
  const first = units[0];
  const sections = (first?.sections ?? []).map((s, k) =>
    weigh(
      { code: s.code, title: s.title, kind: 'section', points: s.max },
      units.map((u) => (u.sections[k] as UnitResultV1['sections'][number]).score),
    ),
  );
  const items = (first?.items ?? []).map((item, k) =>
    weigh(
      { code: item.code, title: item.title, kind: item.kind, ...(item.section !== undefined && { section: item.section }), points: item.cap ?? item.max },
      units.map((u) => (u.items[k] as UnitResultV1['items'][number]).score),
    ),
  );
  const many = units.length * CEILING_SHARE;
  const varied = items.filter((i) => i.distinct > 1);
  return {
    units: units.length,
    total: rubricTotal,
    totalVariance,
    sections,
    items,
    flat: items.filter((i) => i.distinct === 1 && units.length > 1).map((i) => i.code),
    ceiling: varied.filter((i) => i.atCeiling >= many).map((i) => i.code),
    floor: varied.filter((i) => i.kind !== 'deduction' && i.atFloor >= many).map((i) => i.code),
    pairs: correlatedPairs(
      varied.map((i) => i.code),
      new Map(items.map((item, k) => [item.code, column(units.map((u) => (u.items[k] as UnitResultV1['items'][number]).score))])),
    ),
  };
}

function correlatedPairs(codes: readonly string[], scores: ReadonlyMap<string, Column>): CorrelatedPair[] {
  const pairs: CorrelatedPair[] = [];
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      const a = codes[i] as string;
      const b = codes[j] as string;
      const r = correlation(scores.get(a) as Column, scores.get(b) as Column);
      if (r !== null && Math.abs(r) >= PAIR_CORRELATION) pairs.push({ a, b, r });
    }
  }
  return pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r) || x.a.localeCompare(y.a) || x.b.localeCompare(y.b)).slice(0, MAX_PAIRS);
}

/** The sum of the items' effective weights: 1 when the total is exactly their sum, less where caps and floors cut it. */
export function accountedFor(weights: RubricWeights): Num | null {
  if (weights.items.some((i) => i.effective === null)) return null;
  return weights.items.reduce<Num>((sum, i) => add(sum, i.effective as Num), 0);
}
