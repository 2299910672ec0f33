/**
 * What the scenarios add up to: per unit, the weight of each rank, result (grade) and
 * flag; per bottom flag, the weight of each set of units it marks. Weights are exact
 * (probabilities, or counts of draws), so the figures are fractions, not estimates of them.
 */
import type { AssessmentResult } from '../../core/index.js';
import { type Num, add } from '../../core/exact/index.js';

export interface UnitTally {
  /** By rank − 1. */
  readonly ranks: Num[];
  readonly grades: Map<string, Num>;
  readonly flags: Map<string, Num>;
}

export interface Tally {
  total: Num;
  /** By unit code. */
  readonly units: Map<string, UnitTally>;
  /** By flag code, then by the flagged units' codes joined with ",". */
  readonly flagSets: Map<string, Map<string, Num>>;
}

export function emptyTally(codes: readonly string[], flagCodes: readonly string[]): Tally {
  const units = new Map<string, UnitTally>();
  for (const code of codes) units.set(code, { ranks: codes.map(() => 0), grades: new Map(), flags: new Map() });
  return { total: 0, units, flagSets: new Map(flagCodes.map((c) => [c, new Map()])) };
}

export function addScenario(tally: Tally, result: AssessmentResult, weight: Num): void {
  tally.total = add(tally.total, weight);
  const flagged = new Map<string, string[]>([...tally.flagSets.keys()].map((c) => [c, []]));
  for (const ranked of result.units) {
    const unit = tally.units.get(ranked.result.unit.code) as UnitTally;
    unit.ranks[ranked.rank - 1] = add(unit.ranks[ranked.rank - 1] as Num, weight);
    bump(unit.grades, ranked.result.grade, weight);
    for (const flag of ranked.flags) {
      bump(unit.flags, flag.code, weight);
      flagged.get(flag.code)?.push(ranked.result.unit.code);
    }
  }
  for (const [code, units] of flagged) bump(tally.flagSets.get(code) as Map<string, Num>, setKey(units), weight);
}

export function setKey(codes: readonly string[]): string {
  return [...codes].sort().join(',');
}

function bump(map: Map<string, Num>, key: string, weight: Num): void {
  map.set(key, add(map.get(key) ?? 0, weight));
}
