/**
 * How sure is a rank? Scores every scenario of the declared sources with the exact engine
 * and reports, per unit, the distribution of its rank, result and flags against the
 * published ones. Pure and deterministic: the same rubric, evidence and spec (seed
 * included) give the same figures, byte for byte.
 */
import {
  type AssessOptions,
  type AssessmentResult,
  type EvidenceDocument,
  type PreparedEvidence,
  type Rubric,
  assessPrepared,
  prepareEvidence,
} from '../../core/index.js';
import { withFieldValues } from '../../core/evidence/index.js';
import { type Num, add, cmp, div, ratio, sub, toNumber } from '../../core/exact/index.js';
import { type Driver, RankRecord } from './sensitivity.js';
import { type Scenario, everyCombination, seededDraws } from './scenarios.js';
import { type MissingScenario, imputedScenario } from './missing.js';
import type { UncertaintySpec } from './spec.js';
import { scenarioPlan } from './plan.js';
import { type Tally, type UnitTally, addScenario, emptyTally, setKey } from './tally.js';
import type { Variation, VariedValue } from './variations.js';
import { variantScoring } from './variant-scoring.js';
import { type WeightVariation, scenarioFactors } from './weight-variations.js';
import { withValues } from '../evidence-values.js';

export interface UnitUncertainty {
  readonly code: string;
  readonly name: string;
  readonly published: { readonly rank: number; readonly grade: string; readonly flags: readonly string[] };
  /** The smallest rank reached with probability at least one half, counting from first. */
  readonly medianRank: number;
  /** The 5% and 95% points of the rank's distribution. */
  readonly rankInterval: readonly [number, number];
  /** By rank − 1. */
  readonly rankProbabilities: readonly Num[];
  readonly grades: readonly { readonly grade: string; readonly probability: Num }[];
  readonly flags: readonly { readonly code: string; readonly probability: Num }[];
  /** How many of this unit's fields vary. */
  readonly variations: number;
}

/** The fields whose variation explains most of a unit's rank variance (sensitivity.ts). */
export interface UnitDrivers {
  readonly code: string;
  readonly drivers: readonly {
    /** The unit whose field it is: a rank moves with others' evidence too. '' for a weight or points variation (the rubric's, not a unit's). */
    readonly unit: string;
    /** The checkpoint's code; for a section's weight, the section's code. */
    readonly item: string;
    /** The field's key; "weight" for a section's weight, "points" for a checkpoint's points. */
    readonly field: string;
    readonly label: string;
    /** First-order index, rounded to two places. */
    readonly index: number;
  }[];
}

export interface FlagSetUncertainty {
  readonly code: string;
  readonly label: string;
  readonly published: readonly string[];
  /** The probability that the flag marks another set of units than it does in the published result. */
  readonly changeProbability: Num;
  /** The likeliest sets, most probable first (at most ten). */
  readonly sets: readonly { readonly units: readonly string[]; readonly probability: Num }[];
}

export interface UncertaintyResult {
  readonly method: 'exact' | 'sample';
  /** Scenarios scored: combinations enumerated, or draws. */
  readonly scenarios: number;
  readonly seed: number;
  /** Evidence values that vary, over all units. */
  readonly variations: number;
  /** Section weights and checkpoint points that vary. */
  readonly weights: number;
  readonly units: readonly UnitUncertainty[];
  readonly flagSets: readonly FlagSetUncertainty[];
  /** For the units a flag marks in the published result (else the last three): what drives their ranks. */
  readonly drivers: readonly UnitDrivers[];
  /** With `missing: "imputed"`: every unit's rank and result with missing values imputed, beside the published ones. */
  readonly missing?: MissingScenario;
}

/** `prepared`: every unit's evidence as prepareEvidence() checked it (as submitted: the published result is scored from it). */
export function analyseUncertainty(rubric: Rubric, prepared: readonly PreparedEvidence[], spec: UncertaintySpec, options: AssessOptions): UncertaintyResult {
  const scoring = { ...options, trace: false };
  const evidences = prepared.map((p) => p.evidence);
  const published = assessPrepared(rubric, prepared, scoring);
  const { variations, weights, method } = scenarioPlan(rubric, evidences, spec);
  const axes = [...variations, ...weights];
  const scenarios = method === 'exact' ? everyCombination(axes) : seededDraws(axes, spec.draws, spec.seed);
  const bottomFlags = rubric.flags.filter((f) => f.kind === 'bottom');
  const tally = emptyTally(
    published.units.map((u) => u.result.unit.code),
    bottomFlags.map((f) => f.code),
  );
  const unitsOf = scenarioEvidence(rubric, evidences, prepared, variations);
  const factorsOf = scenarioFactors(rubric, weights, variations.length);
  const explained = new RankRecord(explainedUnits(published), method === 'sample');
  const explainedCodes = new Set(explained.units);
  let count = 0;
  const rescored = variantScoring(rubric, prepared, published, variations, scoring);
  for (const scenario of scenarios) {
    const factors = factorsOf?.(scenario.choices) ?? null;
    // Only what a scenario changes is scored again (variant-scoring.ts).
    const result = rescored !== null ? rescored(scenario.choices, factors) : assessPrepared(rubric, unitsOf(scenario), scoring, factors);
    addScenario(tally, result, scenario.weight);
    const explainedRanks = new Map<string, number>();
    for (const r of result.units) if (explainedCodes.has(r.result.unit.code)) explainedRanks.set(r.result.unit.code, r.rank);
    explained.add(scenario.choices, toNumber(scenario.weight), (code) => explainedRanks.get(code) as number);
    count++;
  }
  const drivers = explained.drivers(axes);
  return {
    method,
    scenarios: count,
    seed: spec.seed,
    variations: variations.length,
    weights: weights.length,
    units: unitFigures(rubric, evidences, published, tally, variations),
    drivers: explained.units.map((code, u) => ({
      code,
      drivers: (drivers[u] as Driver[]).map((d) => {
        if (d.variation >= variations.length) {
          const w = weights[d.variation - variations.length] as WeightVariation;
          return { unit: '', item: w.code, field: w.kind === 'section' ? 'weight' : 'points', label: w.kind === 'section' ? '权重' : '分值', index: d.index };
        }
        const v = variations[d.variation] as Variation;
        return { unit: (evidences[v.unit] as EvidenceDocument).unit.code, item: v.item, field: v.field, label: v.declared.label, index: d.index };
      }),
    })),
    ...(spec.missing === 'imputed' && { missing: imputedScenario(rubric, prepared, options) }),
    flagSets: bottomFlags.map((flag) => {
      const publishedSet = published.units.filter((u) => u.flags.some((f) => f.code === flag.code)).map((u) => u.result.unit.code);
      const sets = [...(tally.flagSets.get(flag.code) as Map<string, Num>)]
        .map(([key, weight]) => ({ units: key === '' ? [] : key.split(','), probability: div(weight, tally.total) }))
        .sort((a, b) => cmp(b.probability, a.probability) || setKey(a.units).localeCompare(setKey(b.units)));
      const same = sets.find((s) => setKey(s.units) === setKey(publishedSet))?.probability ?? 0;
      return { code: flag.code, label: flag.label, published: publishedSet, changeProbability: sub(1, same), sets: sets.slice(0, 10) };
    }),
  };
}

/**
 * The evidence of a scenario: a unit whose chosen values are all as submitted keeps its
 * prepared evidence; another gets a variant with the changed values in place
 * (withFieldValues), or read again in full when a changed field decides which others are
 * asked. A unit with few combinations keeps each variant it made, since enumeration and
 * draws revisit them; one with many would fill memory with variants seldom seen again.
 */
function scenarioEvidence(
  rubric: Rubric,
  evidences: readonly EvidenceDocument[],
  prepared: readonly PreparedEvidence[],
  variations: readonly Variation[],
): (scenario: Scenario) => PreparedEvidence[] {
  const byUnit = new Map<number, number[]>();
  variations.forEach((v, i) => byUnit.set(v.unit, [...(byUnit.get(v.unit) ?? []), i]));
  const units = [...byUnit].map(([unit, indices]) => {
    const own = indices.map((i) => variations[i] as Variation);
    const combinations = own.reduce((n, v) => n * v.outcomes.length, 1);
    return {
      unit,
      indices,
      own,
      conditional: own.some((v) => v.conditional),
      cache: combinations <= MAX_VARIANTS_PER_UNIT ? new Map<number, PreparedEvidence>() : null,
    };
  });
  const variantOf = (u: (typeof units)[number], choices: Int32Array): PreparedEvidence => {
    const changes = u.own.flatMap((v, k) => {
      const choice = choices[u.indices[k] as number] as number;
      return isSubmitted(v, choice) ? [] : [{ ...chosen(v, choice), declared: v.declared }];
    });
    const document = () => withValues(evidences[u.unit] as EvidenceDocument, changes);
    return u.conditional
      ? prepareEvidence(rubric, document())
      : withFieldValues(
          prepared[u.unit] as PreparedEvidence,
          document,
          changes.map((c) => ({ item: c.item, field: c.declared, value: c.value })),
        );
  };
  return (scenario) => {
    const chosenUnits = prepared.slice();
    for (const u of units) {
      let key = 0;
      let changed = false;
      for (let k = 0; k < u.indices.length; k++) {
        const i = u.indices[k] as number;
        const v = u.own[k] as Variation;
        const choice = scenario.choices[i] as number;
        if (!isSubmitted(v, choice)) changed = true;
        key = key * v.outcomes.length + choice;
      }
      if (!changed) continue;
      let variant = u.cache?.get(key);
      if (variant === undefined) {
        variant = variantOf(u, scenario.choices);
        u.cache?.set(key, variant);
      }
      chosenUnits[u.unit] = variant;
    }
    return chosenUnits;
  };
}

/** A unit whose varying fields have at most this many combinations keeps every variant it made. */
const MAX_VARIANTS_PER_UNIT = 256;

function isSubmitted(variation: Variation, choice: number): boolean {
  return (variation.outcomes[choice] as Variation['outcomes'][number]).value === variation.submitted;
}

function chosen(variation: Variation, choice: number): { item: string; field: string; value: VariedValue } {
  return { item: variation.item, field: variation.field, value: (variation.outcomes[choice] as Variation['outcomes'][number]).value };
}

function unitFigures(
  rubric: Rubric,
  evidences: readonly EvidenceDocument[],
  published: AssessmentResult,
  tally: Tally,
  variations: readonly Variation[],
): UnitUncertainty[] {
  const positions = new Map(evidences.map((e, i) => [e.unit.code, i]));
  const variationCounts = new Int32Array(evidences.length);
  for (const v of variations) variationCounts[v.unit] = (variationCounts[v.unit] as number) + 1;
  const gradeOrder = [...rubric.result.grades.map((g) => g.grade), rubric.result.veto];
  return published.units.map((ranked) => {
    const code = ranked.result.unit.code;
    const unit = tally.units.get(code) as UnitTally;
    const rankProbabilities = unit.ranks.map((w) => div(w, tally.total));
    return {
      code,
      name: ranked.result.unit.name,
      published: { rank: ranked.rank, grade: ranked.result.grade, flags: ranked.flags.map((f) => f.code) },
      medianRank: quantileRank(rankProbabilities, ratio(1, 2)),
      rankInterval: [quantileRank(rankProbabilities, ratio(5, 100)), quantileRank(rankProbabilities, ratio(95, 100))],
      rankProbabilities,
      grades: [...unit.grades]
        .map(([grade, w]) => ({ grade, probability: div(w, tally.total) }))
        .sort((a, b) => gradeOrder.indexOf(a.grade) - gradeOrder.indexOf(b.grade)),
      flags: rubric.flags.filter((f) => unit.flags.has(f.code)).map((f) => ({ code: f.code, probability: div(unit.flags.get(f.code) as Num, tally.total) })),
      variations: variationCounts[positions.get(code) as number] as number,
    };
  });
}

/** The smallest rank whose cumulative probability reaches q. */
function quantileRank(probabilities: readonly Num[], q: Num): number {
  let cumulative: Num = 0;
  for (let r = 0; r < probabilities.length; r++) {
    cumulative = add(cumulative, probabilities[r] as Num);
    if (cmp(cumulative, q) >= 0) return r + 1;
  }
  return probabilities.length;
}

/** The units a bottom flag marks in the published result; without such a flag, the last three. */
function explainedUnits(published: AssessmentResult): string[] {
  const flagged = published.units.filter((u) => u.flags.length > 0).map((u) => u.result.unit.code);
  return flagged.length > 0 ? flagged : published.units.slice(-3).map((u) => u.result.unit.code);
}
