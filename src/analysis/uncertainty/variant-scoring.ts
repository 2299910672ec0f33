/**
 * Scoring a scenario by what it changes. With tolerances every unit's evidence changes in
 * every draw, yet only the few items owning a varied field can score differently: an item's
 * rule reads its own fields alone, and its state (a conditional field asked or not) depends
 * on them alone. So each item with a varied field keeps its score for each combination of
 * its fields' outcomes, scored once when first drawn; a unit whose items all score as
 * published, and whose vetoes read nothing changed, keeps its published result; another gets
 * its published result with those items' scores (rescoreUnit); and the scenario is ranked as
 * assessing it would rank it (rankResults). The figures are those of assessing every
 * scenario's evidence afresh, byte for byte (test/analysis/variant-scoring.test.ts).
 */
import type { AssessOptions, AssessmentResult, Item, PreparedEvidence, Rubric, UnitResult } from '../../core/index.js';
import { prepareEvidence } from '../../core/index.js';
import { withFieldValues } from '../../core/evidence/index.js';
import { rankResults } from '../../core/rank-results.js';
import { rescoreUnit } from '../../core/score.js';
import { itemSteps } from '../../core/stages/item.js';
import { withValues } from '../evidence-values.js';
import type { Variation, VariedValue } from './variations.js';
import type { Field } from '../../core/rubric/index.js';

/** An item of one unit with varied fields. */
interface ItemPlan {
  readonly item: Item;
  /** Positions of its variations in the analysis's list. */
  readonly variations: Int32Array;
  /** By combination of its variations' outcomes (mixed radix, the last turning fastest): its score in steps, NaN until drawn; null when it has too many to keep. */
  readonly steps: Float64Array | null;
}

interface UnitPlan {
  /** Position of the unit among the evidence documents. */
  readonly unit: number;
  readonly published: UnitResult;
  readonly items: readonly ItemPlan[];
  /** Positions of its variations of a veto's fields. */
  readonly vetoes: Int32Array;
  /** Positions of all its variations. */
  readonly variations: Int32Array;
  /** Whether a varied field decides whether another is asked: then a variant is read again in full, as the plain path reads it. */
  readonly conditional: boolean;
}

/** An item whose varied fields have more combinations than this scores each drawn one afresh. */
const MAX_KEPT_COMBINATIONS = 4096;

/**
 * For each scenario's choices (by variation, the chosen outcome), the assessment of the
 * scenario's evidence; null for a rubric whose rules read across units (a statistic over
 * all units moves with any unit's value): assess each scenario afresh.
 */
export function variantScoring(
  rubric: Rubric,
  prepared: readonly PreparedEvidence[],
  published: AssessmentResult,
  variations: readonly Variation[],
  options: AssessOptions,
): ((choices: Int32Array) => AssessmentResult) | null {
  if (rubric.derivedReads.length > 0) return null;
  const position = new Map(prepared.map((p, i) => [p.unit.code, i]));
  const publishedUnits = new Array<UnitResult>(prepared.length);
  for (const ranked of published.units) publishedUnits[position.get(ranked.result.unit.code) as number] = ranked.result;
  const plans = unitPlans(rubric, publishedUnits, variations);

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

  // By variation: the index of its submitted outcome (-1 when none is), and its number of outcomes.
  const submittedAt = Int32Array.from(variations, (v) => v.outcomes.findIndex((o) => o.value === v.submitted));
  const radix = Int32Array.from(variations, (v) => v.outcomes.length);

  const scoreOf = (plan: UnitPlan, item: ItemPlan, choices: Int32Array): number => {
    const own = item.variations;
    let key = 0;
    let changed = false;
    for (let k = 0; k < own.length; k++) {
      const i = own[k] as number;
      const choice = choices[i] as number;
      if (choice !== submittedAt[i]) changed = true;
      key = key * (radix[i] as number) + choice;
    }
    if (!changed) return plan.published.computedSteps[item.item.index] as number;
    const kept = item.steps === null ? NaN : (item.steps[key] as number);
    if (kept === kept) return kept;
    const steps = itemSteps(
      rubric,
      variantOf(plan, own, (k) => choices[own[k] as number] as number),
      item.item,
    );
    if (item.steps !== null) item.steps[key] = steps;
    return steps;
  };

  return (choices) => {
    const units = publishedUnits.slice();
    for (let p = 0; p < plans.length; p++) {
      const plan = plans[p] as UnitPlan;
      const computed = plan.published.computedSteps;
      let steps: Float64Array | null = null;
      for (let t = 0; t < plan.items.length; t++) {
        const item = plan.items[t] as ItemPlan;
        const s = scoreOf(plan, item, choices);
        if (s === computed[item.item.index]) continue;
        steps ??= new Float64Array(computed); // not slice(): a typed array's slice looks up a species constructor each time
        steps[item.item.index] = s;
      }
      let vetoesChanged = false;
      for (let k = 0; k < plan.vetoes.length; k++) {
        const i = plan.vetoes[k] as number;
        if (choices[i] !== submittedAt[i]) vetoesChanged = true;
      }
      if (steps === null && !vetoesChanged) continue;
      // The scenario's choices change with the next one: the variant is made from a copy of this unit's.
      const all = plan.variations;
      const own = new Array<number>(all.length); // a small array: a typed array costs a buffer of its own
      for (let k = 0; k < all.length; k++) own[k] = choices[all[k] as number] as number;
      const variant = () => variantOf(plan, all, (k) => own[k] as number);
      units[plan.unit] = rescoreUnit(rubric, plan.published, steps ?? computed, vetoesChanged ? variant() : variant);
    }
    return rankResults(rubric, units, options);
  };
}

/** Each unit with variations: its items with varied fields, and its variations of vetoes' fields. */
function unitPlans(rubric: Rubric, published: readonly UnitResult[], variations: readonly Variation[]): UnitPlan[] {
  const byUnit = new Map<number, number[]>();
  variations.forEach((v, i) => byUnit.set(v.unit, [...(byUnit.get(v.unit) ?? []), i]));
  return [...byUnit].map(([unit, indices]) => {
    const byItem = new Map<string, number[]>();
    for (const i of indices) {
      const code = (variations[i] as Variation).item;
      byItem.set(code, [...(byItem.get(code) ?? []), i]);
    }
    const items: ItemPlan[] = [];
    const vetoes: number[] = [];
    for (const [code, own] of byItem) {
      const item = rubric.items.get(code);
      if (item === undefined) {
        vetoes.push(...own);
        continue;
      }
      const combinations = own.reduce((n, i) => n * (variations[i] as Variation).outcomes.length, 1);
      items.push({ item, variations: Int32Array.from(own), steps: combinations <= MAX_KEPT_COMBINATIONS ? new Float64Array(combinations).fill(NaN) : null });
    }
    const conditional = indices.some((i) => (variations[i] as Variation).conditional);
    return { unit, published: published[unit] as UnitResult, items, vetoes: Int32Array.from(vetoes), variations: Int32Array.from(indices), conditional };
  });
}
