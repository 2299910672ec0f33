/**
 * The analysis as a file (uncertainty/v1): what it varied, how, and what it found, with
 * every probability an exact fraction of the scenarios' weights rounded half-up to four
 * decimal places. Nothing in it depends on the clock or the machine: the same inputs and
 * seed give the same file, byte for byte.
 */
import type { ContentHash, Rubric } from '../../core/index.js';
import { type Num, mul, roundTo, toFixed, toJsonValue } from '../../core/exact/index.js';
import type { UncertaintyResult } from './analyse.js';
import type { UncertaintySpec } from './spec.js';

/** Places of a probability in files and tables. */
export const PROBABILITY_PLACES = 4;

export function probabilityValue(p: Num): number {
  return toJsonValue(roundTo(p, PROBABILITY_PLACES, 'half-up')) as number;
}

/**
 * A share (0.911) as a table shows it: a percentage to one decimal, rounded half-up from
 * the exact share (91.1%). The command line, the API and the browser show the same text.
 */
export function percentText(share: Num): string {
  return `${toFixed(roundTo(mul(share, 100), 1, 'half-up'), 1)}%`;
}

/** A total is on the rubric's precision grid, so its JSON number is exactly its decimal. */
function totalValue(total: Num): number {
  return toJsonValue(total) as number;
}

/** A result's shape as written: every exact number as a JSON number (tuples and arrays kept). */
type Written<T> = T extends Num ? number : T extends object ? { readonly [K in keyof T]: Written<T[K]> } : T;

/** The analysis's result as written, beside the rubric it read and the spec it ran. */
export type UncertaintyFileV1 = Written<Omit<UncertaintyResult, 'seed'>> & {
  readonly kaohe: 'uncertainty/v1';
  readonly rubric: { readonly id: string; readonly version: string; readonly hash: ContentHash };
  /** The evidence analysed, hashed as results.json's evidenceHash (evidenceSetHash), so a report can tell an analysis of its own results; absent in files written before. */
  readonly evidenceHash?: ContentHash;
  readonly spec: UncertaintySpec;
};

/** `evidenceHash`: evidenceSetHash of the evidence analysed (results.json's evidenceHash when it is the published run's). */
export function uncertaintyFile(rubric: Rubric, spec: UncertaintySpec, result: UncertaintyResult, evidenceHash?: ContentHash): UncertaintyFileV1 {
  return {
    kaohe: 'uncertainty/v1',
    rubric: { id: rubric.id, version: rubric.version, hash: rubric.hash },
    ...(evidenceHash && { evidenceHash }),
    spec,
    method: result.method,
    scenarios: result.scenarios,
    variations: result.variations,
    weights: result.weights,
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
          published: { ...u.published, total: totalValue(u.published.total) },
          imputed: { ...u.imputed, total: totalValue(u.imputed.total) },
        })),
      },
    }),
  };
}
