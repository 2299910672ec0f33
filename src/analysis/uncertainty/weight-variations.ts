/**
 * The rubric's own choices as a source of uncertainty: each section's weight, or each
 * checkpoint's points, drawn from 1 + k·x/levels % (k = −levels…levels, equally likely),
 * then renormalised so that the full marks stay the same: sections so that the total's
 * full marks do (a section's share of the total moves, the total's scale does not), points
 * within their section so that the section's full marks do. Without renormalising, every
 * total would move with the scale and the grade bands (60 分合格) would decide the answer.
 */
import { ItemFactors, type Rubric } from '../../core/index.js';
import type { Section } from '../../core/rubric/index.js';
import { type Num, add, cmp, div, fromDouble, mul, ratio } from '../../core/exact/index.js';
import type { UncertaintySpec, WeightVariationSpec } from './spec.js';

export interface WeightOutcome {
  readonly factor: Num;
  readonly probability: Num;
}

/** One section's weight or one checkpoint's points, with every factor it may take. */
export interface WeightVariation {
  readonly kind: 'section' | 'points';
  /** The section's or the checkpoint's code. */
  readonly code: string;
  readonly title: string;
  readonly outcomes: readonly WeightOutcome[];
}

export function resolveWeightVariations(rubric: Rubric, spec: UncertaintySpec): WeightVariation[] {
  const variations: WeightVariation[] = [];
  const sections = spec.weights?.sections;
  const points = spec.weights?.points;
  // A single section (or checkpoint in its section) is scaled back to where it was: it cannot vary.
  if (sections !== undefined && rubric.sections.length > 1) {
    for (const section of rubric.sections) variations.push({ kind: 'section', code: section.code, title: section.title, outcomes: factorOutcomes(sections) });
  }
  if (points !== undefined) {
    for (const section of rubric.sections) {
      if (section.items.filter((item) => cmp(item.points, 0) > 0).length < 2) continue;
      for (const item of section.items) {
        if (cmp(item.points, 0) > 0) variations.push({ kind: 'points', code: item.code, title: item.title, outcomes: factorOutcomes(points) });
      }
    }
  }
  return variations;
}

function factorOutcomes(spec: WeightVariationSpec): WeightOutcome[] {
  const step = div(fromDouble(spec.percent), 100 * spec.levels);
  const probability = ratio(1, 2 * spec.levels + 1);
  const outcomes: WeightOutcome[] = [];
  for (let k = -spec.levels; k <= spec.levels; k++) outcomes.push({ factor: add(1, mul(k, step)), probability });
  return outcomes;
}

/**
 * For a scenario's choices (the weight variations' outcomes from position `offset`), the
 * factor of every item's score, renormalised; null when the rubric declares no weight
 * variation.
 */
export function scenarioFactors(rubric: Rubric, variations: readonly WeightVariation[], offset: number): ((choices: Int32Array) => ItemFactors) | null {
  if (variations.length === 0) return null;
  const sectionAt = new Map<string, number>();
  const pointsAt = new Map<string, number>();
  variations.forEach((v, i) => (v.kind === 'section' ? sectionAt : pointsAt).set(v.code, offset + i));
  const factorAt = (choices: Int32Array, at: number | undefined): Num =>
    at === undefined ? 1 : ((variations[at - offset] as WeightVariation).outcomes[choices[at] as number] as WeightOutcome).factor;
  // A section's full marks in the total: its points, times its weight when the rubric weighs sections.
  const fullMarks = (section: Section): Num => (rubric.aggregation === 'weighted' ? mul(section.points, section.weight ?? 0) : section.points);
  const total = rubric.sections.reduce<Num>((sum, s) => add(sum, fullMarks(s)), 0);
  return (choices) => {
    const factors = new Array<Num | undefined>(rubric.allItems.length);
    let drawnTotal: Num = 0;
    for (const section of rubric.sections) drawnTotal = add(drawnTotal, mul(factorAt(choices, sectionAt.get(section.code)), fullMarks(section)));
    for (const section of rubric.sections) {
      const sectionFactor = cmp(drawnTotal, 0) === 0 ? 1 : div(mul(factorAt(choices, sectionAt.get(section.code)), total), drawnTotal);
      let points: Num = 0;
      let drawnPoints: Num = 0;
      for (const item of section.items) {
        points = add(points, item.points);
        drawnPoints = add(drawnPoints, mul(factorAt(choices, pointsAt.get(item.code)), item.points));
      }
      for (const item of section.items) {
        const own = cmp(drawnPoints, 0) === 0 ? 1 : div(mul(factorAt(choices, pointsAt.get(item.code)), points), drawnPoints);
        factors[item.index] = mul(sectionFactor, own);
      }
    }
    return new ItemFactors(rubric, factors);
  };
}
