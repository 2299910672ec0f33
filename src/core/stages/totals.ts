/**
 * Stages 2–4: section scores and the base score, then bonus (capped), then
 * deductions (capped), then the total, floored at zero. Item scores are already at
 * the rubric's precision, so sums are exact; a weighted roll-up is rounded once more.
 */
import { type Num, Ratio, add, cmp, min, mul, ratio, roundTo, sub } from '../exact/index.js';
import type { BonusGroupResult, SectionResult } from '../assessment-result.js';
import type { Item, Rubric, Section } from '../rubric/index.js';

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

/** A value as a whole count of precision steps (`scale` per point), or NaN when it is not on that grid. */
export function stepsOnGrid(value: Num, scale: number): number {
  if (typeof value === 'number') {
    const steps = value * scale;
    return Number.isSafeInteger(steps) ? steps : NaN;
  }
  if (value instanceof Ratio && scale % value.q === 0) {
    const steps = value.p * (scale / value.q);
    return Number.isSafeInteger(steps) ? steps : NaN;
  }
  return NaN;
}

/** Stages 2–4 of one unit. */
export interface Totals {
  readonly sections: SectionResult[];
  readonly base: Num;
  readonly bonus: BonusTotal;
  readonly deductionsClaimed: Num;
  readonly deductions: Num;
  readonly total: Num;
  /** The total in whole precision steps, or NaN when it is not known to be on the grid (what stepsOnGrid gives). */
  readonly totalSteps: number;
}

/**
 * What a rubric's totals can be computed in: whole precision steps when every sum is
 * a plain sum and every cap is on the grid (one exact integer sum per stage, and one
 * rational per value at the end), else null and the rationals all the way.
 */
interface StepCaps {
  readonly scale: number;
  readonly bonus: number;
  readonly deductions: number;
  /** By section, then of the bonus and of the deduction items: their item indices, read without reaching through each item object. */
  readonly sections: readonly Int32Array[];
  readonly bonusItems: Int32Array;
  readonly deductionItems: Int32Array;
}

const stepCaps = new WeakMap<Rubric, StepCaps | null>();

function capsInSteps(rubric: Rubric): StepCaps | null {
  let caps = stepCaps.get(rubric);
  if (caps === undefined) {
    const scale = 10 ** rubric.precision;
    const cap = (value: Num | undefined) => (value === undefined ? Infinity : stepsOnGrid(value, scale));
    const bonus = cap(rubric.bonus?.cap);
    const deductions = cap(rubric.deductions?.cap);
    const plain = rubric.aggregation !== 'weighted' && (rubric.bonus?.groups.length ?? 0) === 0;
    const indices = (items: readonly Item[]) => Int32Array.from(items, (item) => item.index);
    caps =
      plain && bonus === bonus && deductions === deductions
        ? {
            scale,
            bonus,
            deductions,
            sections: rubric.sections.map((section) => indices(section.items)),
            bonusItems: indices(rubric.bonus?.items ?? []),
            deductionItems: indices(rubric.deductions?.items ?? []),
          }
        : null;
    stepCaps.set(rubric, caps);
  }
  return caps;
}

const stepValueTables = new Map<number, Num[]>();
/** Values up to this many steps (1,310.71 points at precision 2) are shared. */
const SHARED_STEP_VALUES = 1 << 17;

function stepValueTable(scale: number): Num[] {
  let table = stepValueTables.get(scale);
  if (table === undefined) {
    table = new Array<Num>(SHARED_STEP_VALUES);
    stepValueTables.set(scale, table);
  }
  return table;
}

/**
 * A whole count of precision steps as its exact value, the same object for every unit
 * (values are immutable): sums repeat across units, and a rational made for each of
 * them was most of what a unit's totals allocated.
 */
function stepValue(steps: number, table: Num[], scale: number): Num {
  if (!(steps >= 0 && steps < SHARED_STEP_VALUES && steps === Math.floor(steps))) return ratio(steps, scale);
  let value = table[steps];
  if (value === undefined) {
    value = ratio(steps, scale);
    table[steps] = value;
  }
  return value;
}

function stepSum(steps: Float64Array, indices: Int32Array): number {
  let total = 0;
  for (let k = 0; k < indices.length; k++) total += steps[indices[k] as number] as number;
  return total;
}

const sectionTables = new WeakMap<Rubric, SectionResult[][]>();

/** Per section of the rubric, its results by sum in steps, made as units reach them. */
function sharedSections(rubric: Rubric): SectionResult[][] {
  let tables = sectionTables.get(rubric);
  if (tables === undefined) {
    // Sized to the most a section can sum to, so that the array stays a plain one, not a dictionary.
    const scale = 10 ** rubric.precision;
    tables = rubric.sections.map((section) => {
      const most = section.items.reduce((sum, item) => sum + stepsOnGrid(item.cap, scale), 0);
      return new Array<SectionResult>(most >= 0 && most < SHARED_STEP_VALUES ? most + 1 : 0);
    });
    sectionTables.set(rubric, tables);
  }
  return tables;
}

/**
 * A section's result for a sum of its items' steps, the same object for every unit
 * with that sum (results are immutable): what would otherwise be an object per section
 * of every unit.
 */
function sectionResult(section: Section, sum: number, shared: SectionResult[], values: Num[], scale: number): SectionResult {
  const within = sum >= 0 && sum < shared.length && sum === Math.floor(sum);
  let result = within ? shared[sum] : undefined;
  if (result === undefined) {
    result = { code: section.code, title: section.title, max: section.points, score: stepValue(sum, values, scale), weight: section.weight };
    if (within) shared[sum] = result;
  }
  return result;
}

/** Sections, base, bonus, deductions and total of one unit's item scores: the same values as the stage functions above give. */
export function unitTotals(rubric: Rubric, steps: Float64Array): Totals {
  const caps = capsInSteps(rubric);
  if (caps === null) {
    const sections = sectionScores(rubric, steps);
    const base = baseScore(rubric, sections);
    const bonus = bonusTotal(rubric, steps);
    const deductionsClaimed = sumOf(steps, rubric.deductions?.items ?? [], 10 ** rubric.precision);
    const deductions = capped(deductionsClaimed, rubric.deductions?.cap);
    const total = finalTotal(base, bonus.bonus, deductions);
    return { sections, base, bonus, deductionsClaimed, deductions, total, totalSteps: stepsOnGrid(total, 10 ** rubric.precision) };
  }
  const scale = caps.scale;
  const values = stepValueTable(scale);
  const shared = sharedSections(rubric);
  let base = 0;
  const sections = new Array<SectionResult>(shared.length);
  for (let s = 0; s < shared.length; s++) {
    const section = rubric.sections[s] as Section;
    const sum = stepSum(steps, caps.sections[s] as Int32Array);
    base += sum;
    sections[s] = sectionResult(section, sum, shared[s] as SectionResult[], values, scale);
  }
  const bonusClaimed = stepSum(steps, caps.bonusItems);
  const bonus = Math.min(bonusClaimed, caps.bonus);
  const deductionsClaimed = stepSum(steps, caps.deductionItems);
  const deductions = Math.min(deductionsClaimed, caps.deductions);
  const total = base + bonus - deductions;
  return {
    sections,
    base: stepValue(base, values, scale),
    bonus: { claimed: stepValue(bonusClaimed, values, scale), bonus: stepValue(bonus, values, scale) },
    deductionsClaimed: stepValue(deductionsClaimed, values, scale),
    deductions: stepValue(deductions, values, scale),
    total: total < 0 ? 0 : stepValue(total, values, scale),
    totalSteps: total < 0 ? 0 : Number.isSafeInteger(total) ? total : NaN,
  };
}
