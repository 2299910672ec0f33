/**
 * What lint tries for rules that read across units and years (logic/derived.ts).
 *
 * Last year's value is independent of everything else: each `previous` read is tried
 * like an optional field of its own (the field's candidates, and absent).
 *
 * Statistics are not independent: for each evidence combination, a few populations
 * are generated around the unit's own value v, consistent with it and with each other:
 * min ≤ v ≤ max, min ≤ mean, median ≤ max, rank 1 exactly when v is the best value,
 * ranks within 1…n, n = 1 (the unit alone, every statistic v), every unit tied, v the
 * best, v the worst, and seeded random ones with up to LINT_UNITS units. A unit
 * without a value of its own is ranked nowhere (null), and an empty population has no
 * statistic but its count (0). The values are the field's candidates (bounds,
 * thresholds of the rule, random) and means off the field's grid, such as thirds.
 */
import { type Num, add, cmp, div, isNum, mul } from '../exact/index.js';
import type { Statistic } from '../logic/derived.js';
import type { DerivedRead, Field, FieldValue, Item } from '../rubric/index.js';
import type { Random } from '../seeded-random.js';
import type { Candidate } from './candidates.js';

/** The most units a generated population has: no rubric says how many units it will assess. */
export const LINT_UNITS = 1000;

/** Populations generated per evidence combination. */
export const POPULATIONS_PER_CASE = 6;

/** `previous` reads as optional fields of their own, tried with the field's candidates and absent. */
export function previousFields(item: Item): Field[] {
  return item.derivedReads
    .filter((r) => r.kind === 'previous')
    .map((r) => ({ ...r.field, key: derivedName(r), slot: r.slot, required: false, default: undefined }));
}

/** How a derived read is named in lint's messages: previous.rate, population.rate.mean. */
export function derivedName(read: DerivedRead): string {
  return read.kind === 'previous' ? `previous.${read.field.key}` : `population.${read.field.key}.${read.statistic ?? ''}`;
}

type Population = Readonly<Record<Statistic, Num | null>>;

/**
 * The evidence combination once per generated population, with every statistic the
 * item reads; the combination alone when it reads none.
 */
export function withPopulations(
  item: Item,
  data: Record<string, FieldValue>,
  candidates: ReadonlyMap<string, readonly Candidate[]>,
  random: Random,
): Record<string, FieldValue>[] {
  const reads = item.derivedReads.filter((r) => r.kind === 'population');
  if (reads.length === 0) return [data];
  const byField = new Map<string, Population[]>();
  for (const r of reads) {
    if (byField.has(r.field.key)) continue;
    const own = data[r.field.key];
    const values = (candidates.get(r.field.key) ?? []).filter((c): c is Num => isNum(c));
    byField.set(r.field.key, populations(isNum(own) ? own : undefined, values, random));
  }
  const out: Record<string, FieldValue>[] = [];
  for (let k = 0; k < POPULATIONS_PER_CASE; k++) {
    const case_: Record<string, FieldValue> = { ...data };
    for (const r of reads) {
      const list = byField.get(r.field.key) as Population[];
      case_[derivedName(r)] = (list[k % list.length] as Population)[r.statistic as Statistic];
    }
    out.push(case_);
  }
  return out;
}

function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A random integer in [lo, hi]. */
function between(lo: number, hi: number, random: Random): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

function populations(own: Num | undefined, values: readonly Num[], random: Random): Population[] {
  const sorted = [...values].sort(cmp);
  const lowest = sorted[0] ?? own ?? 0;
  const highest = sorted[sorted.length - 1] ?? own ?? 0;
  if (own === undefined) {
    const empty: Population = { count: 0, min: null, max: null, mean: null, median: null, rank: null, 'rank-asc': null };
    const others = Array.from({ length: POPULATIONS_PER_CASE - 1 }, () => {
      const [lo, hi] = [pick(sorted, random), pick(sorted, random)].sort(cmp) as [Num, Num];
      const n = cmp(lo, hi) === 0 ? between(1, LINT_UNITS, random) : between(2, LINT_UNITS, random);
      return { count: n, min: lo, max: hi, mean: inside(lo, hi, sorted, random), median: inside(lo, hi, sorted, random), rank: null, 'rank-asc': null };
    });
    return [empty, ...others];
  }
  const alone = around(own, own, own, 1, own, own);
  const tied = around(own, own, own, LINT_UNITS, own, own);
  const best = around(own, lowest, own, LINT_UNITS, inside(lowest, own, sorted, random), inside(lowest, own, sorted, random));
  const worst = around(own, own, highest, LINT_UNITS, inside(own, highest, sorted, random), inside(own, highest, sorted, random));
  const below = sorted.filter((x) => cmp(x, own) <= 0);
  const above = sorted.filter((x) => cmp(x, own) >= 0);
  const randomOnes = [0, 1].map(() => {
    const lo = below.length > 0 ? pick(below, random) : own;
    const hi = above.length > 0 ? pick(above, random) : own;
    const fewest = cmp(lo, hi) === 0 ? 1 : cmp(lo, own) < 0 && cmp(own, hi) < 0 ? 3 : 2;
    const n = random() < 0.5 ? fewest : between(fewest, LINT_UNITS, random);
    return around(own, lo, hi, n, inside(lo, hi, sorted, random), inside(lo, hi, sorted, random), random);
  });
  return [alone, tied, best, worst, ...randomOnes];
}

/**
 * A population of n units holding v, between lo and hi. v ranks first exactly when it
 * is the best value; otherwise last (a corner) or, given `random`, anywhere from 2 on,
 * often near the top, where rank thresholds (前3名) are.
 */
function around(v: Num, lo: Num, hi: Num, n: number, mean: Num, median: Num, random?: Random): Population {
  const rank = (best: boolean) => {
    if (best || n < 2) return 1;
    if (random === undefined) return n;
    return random() < 0.5 ? between(2, Math.min(n, 12), random) : between(2, n, random);
  };
  return { count: n, min: lo, max: hi, mean, median, rank: rank(cmp(v, hi) === 0), 'rank-asc': rank(cmp(v, lo) === 0) };
}

/** A value in [lo, hi]: a candidate there, the midpoint, or a third of the way (off any decimal grid). */
function inside(lo: Num, hi: Num, sorted: readonly Num[], random: Random): Num {
  const within = sorted.filter((x) => cmp(x, lo) >= 0 && cmp(x, hi) <= 0);
  const choices: Num[] = [lo, hi, div(add(lo, hi), 2), div(add(mul(2, lo), hi), 3), ...within];
  return pick(choices, random);
}
