/**
 * The analysis as a file (uncertainty/v1): what it varied, how, and what it found, with
 * every probability an exact fraction of the scenarios' weights rounded half-up to four
 * decimal places. Nothing in it depends on the clock or the machine: the same inputs and
 * seed give the same file, byte for byte.
 */
import type { ContentHash, Rubric } from '../../core/index.js';
import { type Num, roundTo, toJsonValue } from '../../core/exact/index.js';
import type { UncertaintyResult } from './analyse.js';
import type { UncertaintySpec } from './spec.js';

/** Places of a probability in files and tables. */
export const PROBABILITY_PLACES = 4;

export function probabilityValue(p: Num): number {
  return toJsonValue(roundTo(p, PROBABILITY_PLACES, 'half-up')) as number;
}

export interface UncertaintyFileV1 {
  readonly kaohe: 'uncertainty/v1';
  readonly rubric: { readonly id: string; readonly version: string; readonly hash: ContentHash };
  readonly spec: UncertaintySpec;
  readonly method: UncertaintyResult['method'];
  readonly scenarios: number;
  readonly variations: number;
  readonly units: readonly {
    readonly code: string;
    readonly name: string;
    readonly published: { readonly rank: number; readonly grade: string; readonly flags: readonly string[] };
    readonly medianRank: number;
    readonly rankInterval: readonly [number, number];
    readonly rankProbabilities: readonly number[];
    readonly grades: readonly { readonly grade: string; readonly probability: number }[];
    readonly flags: readonly { readonly code: string; readonly probability: number }[];
    readonly variations: number;
  }[];
  readonly flagSets: readonly {
    readonly code: string;
    readonly label: string;
    readonly published: readonly string[];
    readonly changeProbability: number;
    readonly sets: readonly { readonly units: readonly string[]; readonly probability: number }[];
  }[];
  /** What drives the ranks of the flagged units (first-order indices, two places). */
  readonly drivers: UncertaintyResult['drivers'];
  readonly missing?: {
    readonly units: readonly {
      readonly code: string;
      readonly name: string;
      readonly published: { readonly rank: number; readonly grade: string; readonly total: number | string };
      readonly imputed: { readonly rank: number; readonly grade: string; readonly total: number | string };
      readonly missingItems: readonly string[];
      readonly values: readonly { readonly item: string; readonly field: string; readonly value: unknown }[];
    }[];
  };
}

export function uncertaintyFile(rubric: Rubric, spec: UncertaintySpec, result: UncertaintyResult): UncertaintyFileV1 {
  return {
    kaohe: 'uncertainty/v1',
    rubric: { id: rubric.id, version: rubric.version, hash: rubric.hash },
    spec,
    method: result.method,
    scenarios: result.scenarios,
    variations: result.variations,
    units: result.units.map((u) => ({
      ...u,
      rankProbabilities: u.rankProbabilities.map(probabilityValue),
      grades: u.grades.map((g) => ({ grade: g.grade, probability: probabilityValue(g.probability) })),
      flags: u.flags.map((f) => ({ code: f.code, probability: probabilityValue(f.probability) })),
    })),
    flagSets: result.flagSets.map((f) => ({
      ...f,
      changeProbability: probabilityValue(f.changeProbability),
      sets: f.sets.map((s) => ({ units: s.units, probability: probabilityValue(s.probability) })),
    })),
    drivers: result.drivers,
    ...(result.missing && {
      missing: {
        units: result.missing.units.map((u) => ({
          ...u,
          published: { ...u.published, total: toJsonValue(u.published.total) },
          imputed: { ...u.imputed, total: toJsonValue(u.imputed.total) },
        })),
      },
    }),
  };
}
