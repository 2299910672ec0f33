/**
 * Scoring a scenario by what it changes. With tolerances every unit's evidence changes in
 * every draw, yet only the few items owning a varied field can score differently: an item's
 * rule reads its own fields alone, and its state (a conditional field asked or not) depends
 * on them alone. So each item with a varied field keeps its score for each combination of
 * its fields' outcomes, scored once when first drawn; a unit whose items all score as
 * published, and whose vetoes read nothing changed, keeps its published result (the
 * variant's scores, totals and result; only its inputs are the submitted ones); another gets
 * its published result with those items' scores (rescoreUnit); and the scenario is ranked as
 * assessing it would rank it (rankResults). The figures are those of assessing every
 * scenario's evidence afresh, byte for byte (test/analysis/variant-scoring.test.ts).
 */
import type { AssessOptions, AssessmentResult, Item, ItemFactors, PreparedEvidence, Rubric, UnitResult } from '../../core/index.js';
import { prepareEvidence } from '../../core/index.js';
import { withFieldValues } from '../../core/evidence/index.js';
import { rankResults } from '../../core/rank-results.js';
import { rescoreUnit } from '../../core/score.js';
import { itemSteps } from '../../core/stages/item.js';
import { withValues } from '../evidence-values.js';
import type { Variation, VariedValue } from './variations.js';
import type { Field } from '../../core/rubric/index.js';

interface UnitPlan {
  /** Position of the unit among the evidence documents. */
  readonly unit: number;
  readonly published: UnitResult;
  /** Positions of all its variations. */
  readonly variations: Int32Array;
  /** Whether a varied field decides whether another is asked: then a variant is read again in full, as the plain path reads it. */
  readonly conditional: boolean;
}

/**
 * Every unit's items with varied fields, flat: what each draw reads of every unit, in
 * typed arrays side by side rather than in an object per item (measured: reading each
 * item's own small arrays cost more than the rest of a draw's bookkeeping).
 */
interface Layout {
  readonly units: readonly UnitPlan[];
  /** Unit p's items are items itemStart[p] … itemStart[p + 1] − 1. */
  readonly itemStart: Int32Array;
  /** By item: its index in Rubric.allItems. */
  readonly itemIndex: Int32Array;
  /** Item t's variations are itemVariations[variationStart[t] … variationStart[t + 1] − 1]. */
  readonly variationStart: Int32Array;
  readonly itemVariations: Int32Array;
  /** Item t's score for each combination of its variations' outcomes (mixed radix, the last turning fastest) from kept[keptAt[t]], NaN until drawn; keptAt −1 when it has too many to keep. */
  readonly keptAt: Int32Array;
  readonly kept: Float64Array;
  /** Unit p's variations of a veto's fields are vetoVariations[vetoStart[p] … vetoStart[p + 1] − 1]. */
  readonly vetoStart: Int32Array;
  readonly vetoVariations: Int32Array;
}

/** An item whose varied fields have more combinations than this scores each drawn one afresh. */
const MAX_KEPT_COMBINATIONS = 4096;
/** Scores kept over all units at most (64 MB). */
const MAX_KEPT = 8 * 1024 * 1024;
/**
 * A rescored unit's item scores are views of buffers of this size, each shared by the
 * units that fit, as the core's scoring lays them out: an array of its own per unit was a
 * buffer allocated and freed outside the heap each time (measured: the largest cost of a
 * draw with tolerances, with the collections it brought).
 */
const STEPS_BUFFER_BYTES = 32 * 1024;

/**
 * For each scenario's choices (by variation, the chosen outcome), the assessment of the
 * scenario's evidence, with the scenario's factors of item points when weights vary (then
 * every unit's result is made again from its item scores); null for a rubric whose rules read across units (a statistic over
 * all units moves with any unit's value): assess each scenario afresh.
 */
export function variantScoring(
  rubric: Rubric,
  prepared: readonly PreparedEvidence[],
  published: AssessmentResult,
  variations: readonly Variation[],
  options: AssessOptions,
): ((choices: Int32Array, factors: ItemFactors | null) => AssessmentResult) | null {
  if (rubric.derivedReads.length > 0) return null;
  const position = new Map(prepared.map((p, i) => [p.unit.code, i]));
  const publishedUnits = new Array<UnitResult>(prepared.length);
  for (const ranked of published.units) publishedUnits[position.get(ranked.result.unit.code) as number] = ranked.result;
  const layout = layOut(rubric, publishedUnits, variations);
  const { units: plans, itemStart, itemIndex, variationStart, itemVariations, keptAt, kept, vetoStart, vetoVariations } = layout;

  /** The unit's evidence with the chosen outcomes of `which` (positions of variations; choiceAt(k) for which[k]), read as the plain path reads it. */
  const variantOf = (plan: UnitPlan, which: Int32Array, choiceAt: (k: number) => number): PreparedEvidence => {
    const changes: { item: string; field: Field; value: VariedValue }[] = [];
    for (let k = 0; k < which.length; k++) {
      const v = variations[which[k] as number] as Variation;
      const value = (v.outcomes[choiceAt(k)] as Variation['outcomes'][number]).value;
      if (value !== v.submitted) changes.push({ item: v.item, field: v.declared, value });
    }
    const evidence = prepared[plan.unit] as PreparedEvidence;
    const document = () =>
      withValues(
        evidence.evidence,
        changes.map((c) => ({ item: c.item, field: c.field.key, value: c.value })),
      );
    return plan.conditional ? prepareEvidence(rubric, document()) : withFieldValues(evidence, document, changes);
  };

  /** Item t's score with the chosen outcomes of its own variations. */
  const scoreOf = (plan: UnitPlan, t: number, choices: Int32Array): number => {
    const own = itemVariations.subarray(variationStart[t], variationStart[t + 1]);
    const item = rubric.allItems[itemIndex[t] as number] as Item;
    return itemSteps(
      rubric,
      variantOf(plan, own, (k) => choices[own[k] as number] as number),
      item,
    );
  };

  // By variation: the index of its submitted outcome (-1 when none is), and its number of outcomes.
  const submittedAt = Int32Array.from(variations, (v) => v.outcomes.findIndex((o) => o.value === v.submitted));
  const radix = Int32Array.from(variations, (v) => v.outcomes.length);
  let buffer = new ArrayBuffer(0);
  let used = 0;
  const copyOf = (computed: Float64Array): Float64Array => {
    const bytes = computed.length * Float64Array.BYTES_PER_ELEMENT;
    if (used + bytes > buffer.byteLength) {
      buffer = new ArrayBuffer(Math.max(STEPS_BUFFER_BYTES, bytes));
      used = 0;
    }
    const steps = new Float64Array(buffer, used, computed.length);
    used += bytes;
    steps.set(computed);
    return steps;
  };

  // With factors, a unit whose scores are as published is made again from them.
  const submittedOf = prepared.map((p) => () => p);

  return (choices, factors) => {
    const units = publishedUnits.slice();
    for (let p = 0; p < plans.length; p++) {
      const plan = plans[p] as UnitPlan;
      const computed = plan.published.computedSteps;
      let steps: Float64Array | null = null;
      for (let t = itemStart[p] as number, end = itemStart[p + 1] as number; t < end; t++) {
        let key = 0;
        let changed = false;
        for (let k = variationStart[t] as number, last = variationStart[t + 1] as number; k < last; k++) {
          const i = itemVariations[k] as number;
          const choice = choices[i] as number;
          if (choice !== submittedAt[i]) changed = true;
          key = key * (radix[i] as number) + choice;
        }
        if (!changed) continue; // scores as published
        const at = keptAt[t] as number;
        let score = at < 0 ? NaN : (kept[at + key] as number);
        if (score !== score) {
          score = scoreOf(plan, t, choices);
          if (at >= 0) kept[at + key] = score;
        }
        const index = itemIndex[t] as number;
        if (score === computed[index]) continue;
        steps ??= copyOf(computed);
        steps[index] = score;
      }
      let vetoesChanged = false;
      for (let k = vetoStart[p] as number, end = vetoStart[p + 1] as number; k < end; k++) {
        const i = vetoVariations[k] as number;
        if (choices[i] !== submittedAt[i]) vetoesChanged = true;
      }
      if (steps === null && !vetoesChanged) continue;
      // The scenario's choices change with the next one: the variant is made from a copy of this unit's.
      const all = plan.variations;
      const own = new Array<number>(all.length); // a small array: a typed array costs a buffer of its own
      for (let k = 0; k < all.length; k++) own[k] = choices[all[k] as number] as number;
      const variant = () => variantOf(plan, all, (k) => own[k] as number);
      units[plan.unit] = rescoreUnit(rubric, plan.published, steps ?? computed, vetoesChanged ? variant() : variant, factors);
    }
    if (factors !== null) {
      for (let u = 0; u < units.length; u++) {
        const unit = units[u] as UnitResult;
        if (unit === publishedUnits[u]) units[u] = rescoreUnit(rubric, unit, unit.computedSteps, submittedOf[u] as () => PreparedEvidence, factors);
      }
    }
    return rankResults(rubric, units, options);
  };
}

/** Each unit with variations, its items with varied fields and its variations of vetoes' fields, flat (Layout). */
function layOut(rubric: Rubric, published: readonly UnitResult[], variations: readonly Variation[]): Layout {
  const byUnit = new Map<number, number[]>();
  variations.forEach((v, i) => byUnit.set(v.unit, [...(byUnit.get(v.unit) ?? []), i]));
  const units: UnitPlan[] = [];
  const itemStart = [0];
  const itemIndex: number[] = [];
  const variationStart = [0];
  const itemVariations: number[] = [];
  const keptAt: number[] = [];
  let keptCount = 0;
  const vetoStart = [0];
  const vetoVariations: number[] = [];
  for (const [unit, indices] of byUnit) {
    const byItem = new Map<string, number[]>();
    for (const i of indices) {
      const code = (variations[i] as Variation).item;
      byItem.set(code, [...(byItem.get(code) ?? []), i]);
    }
    for (const [code, own] of byItem) {
      const item = rubric.items.get(code);
      if (item === undefined) {
        vetoVariations.push(...own);
        continue;
      }
      itemIndex.push(item.index);
      itemVariations.push(...own);
      variationStart.push(itemVariations.length);
      const combinations = own.reduce((n, i) => n * (variations[i] as Variation).outcomes.length, 1);
      const keep = combinations <= MAX_KEPT_COMBINATIONS && keptCount + combinations <= MAX_KEPT;
      keptAt.push(keep ? keptCount : -1);
      if (keep) keptCount += combinations;
    }
    itemStart.push(itemIndex.length);
    vetoStart.push(vetoVariations.length);
    const conditional = indices.some((i) => (variations[i] as Variation).conditional);
    units.push({ unit, published: published[unit] as UnitResult, variations: Int32Array.from(indices), conditional });
  }
  return {
    units,
    itemStart: Int32Array.from(itemStart),
    itemIndex: Int32Array.from(itemIndex),
    variationStart: Int32Array.from(variationStart),
    itemVariations: Int32Array.from(itemVariations),
    keptAt: Int32Array.from(keptAt),
    kept: new Float64Array(keptCount).fill(NaN),
    vetoStart: Int32Array.from(vetoStart),
    vetoVariations: Int32Array.from(vetoVariations),
  };
}
