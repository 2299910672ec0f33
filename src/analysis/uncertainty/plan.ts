/**
 * What an analysis will score, before it scores anything: the evidence's variations, the
 * weights', and whether it enumerates every combination or draws. The analysis plans with
 * it, and a server asks it first to refuse work beyond its bounds.
 */
import type { EvidenceDocument, Rubric } from '../../core/index.js';
import { problem } from '../../core/errors.js';
import { combinationCount } from './scenarios.js';
import { type UncertaintySpec, UncertaintySpecError } from './spec.js';
import { type Variation, resolveVariations } from './variations.js';
import { type WeightVariation, resolveWeightVariations } from './weight-variations.js';

export interface ScenarioPlan {
  readonly variations: readonly Variation[];
  readonly weights: readonly WeightVariation[];
  readonly method: 'exact' | 'sample';
  /** Combinations enumerated, or draws. */
  readonly scenarios: number;
}

export function scenarioPlan(rubric: Rubric, evidences: readonly EvidenceDocument[], spec: UncertaintySpec): ScenarioPlan {
  const variations = resolveVariations(rubric, evidences, spec);
  const weights = resolveWeightVariations(rubric, spec);
  const combinations = combinationCount([...variations, ...weights], spec.exactLimit);
  if (spec.method === 'exact' && combinations === Infinity) {
    throw new UncertaintySpecError([problem('schema_invalid', '$.method', `组合数超过 exactLimit（${spec.exactLimit}），无法逐一枚举：请改用 "sample"`)]);
  }
  const method = spec.method === 'sample' || combinations === Infinity ? 'sample' : 'exact';
  return { variations, weights, method, scenarios: method === 'exact' ? combinations : spec.draws };
}
