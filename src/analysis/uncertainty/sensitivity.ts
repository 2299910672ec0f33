/**
 * Which varying fields drive a unit's rank: first-order sensitivity indices, estimated from
 * the scenarios already scored (the "given data" estimator, no extra scoring). For a
 * variation i with outcomes k, S_i = Var_k(E[rank | outcome k]) / Var(rank): the share of
 * the rank's variance explained by that field alone. With an exact enumeration the weights
 * are the scenarios' probabilities and the index is exact up to floating point. With N draws
 * it is an estimate, biased upwards by chance alone by about (K − 1) / (N − 1) for a field of
 * K outcomes, so it is adjusted as R² is: (S − b) / (1 − b), and 0 below that. Shown rounded
 * to two places.
 */
import type { Axis } from './scenarios.js';

/** Indices below this are left out: they explain less than a hundredth of the rank's variance. */
export const MIN_INDEX = 0.01;
const MAX_DRIVERS = 5;

export interface Driver {
  /** Position of the variation in the analysis's list. */
  readonly variation: number;
  readonly index: number;
}

/** What the analysis keeps of each scenario for the units it explains. */
export class RankRecord {
  private readonly weights: number[] = [];
  private readonly choices: Int32Array[] = [];
  private readonly ranks: number[][];

  /** `sampled`: the scenarios are draws (each of weight 1), so chance correlation is adjusted for. */
  constructor(
    readonly units: readonly string[],
    private readonly sampled: boolean,
  ) {
    this.ranks = units.map(() => []);
  }

  add(choices: Int32Array, weight: number, rankOf: (code: string) => number): void {
    this.weights.push(weight);
    this.choices.push(choices.slice());
    this.units.forEach((code, u) => (this.ranks[u] as number[]).push(rankOf(code)));
  }

  /** The strongest drivers of each unit's rank, largest first. */
  drivers(variations: readonly Axis[]): Driver[][] {
    return this.units.map((_, u) => {
      const ranks = this.ranks[u] as number[];
      // A rank that never moves has nothing to explain (its variance in floating point need not come out exactly 0).
      if (ranks.every((r) => r === ranks[0])) return [];
      const total = this.weights.reduce((a, b) => a + b, 0);
      const mean = ranks.reduce((s, r, j) => s + (this.weights[j] as number) * r, 0) / total;
      const spread = ranks.reduce((s, r, j) => s + (this.weights[j] as number) * (r - mean) ** 2, 0) / total;
      if (spread === 0) return [];
      // Each outcome's weight and weighted rank sum, draw by draw (each draw's choices read in order, not one variation across every draw).
      const first = new Int32Array(variations.length + 1);
      variations.forEach((v, i) => (first[i + 1] = (first[i] as number) + v.outcomes.length));
      const weightOf = new Float64Array(first[variations.length] as number);
      const sumOf = new Float64Array(weightOf.length);
      for (let j = 0; j < ranks.length; j++) {
        const row = this.choices[j] as Int32Array;
        const w = this.weights[j] as number;
        const wr = w * (ranks[j] as number);
        for (let i = 0; i < variations.length; i++) {
          const at = (first[i] as number) + (row[i] as number);
          weightOf[at] = (weightOf[at] as number) + w;
          sumOf[at] = (sumOf[at] as number) + wr;
        }
      }
      const found: Driver[] = [];
      variations.forEach((v, i) => {
        let between = 0;
        for (let at = first[i] as number; at < (first[i + 1] as number); at++) {
          const w = weightOf[at] as number;
          if (w > 0) between += w * ((sumOf[at] as number) / w - mean) ** 2;
        }
        const raw = between / total / spread;
        const chance = this.sampled ? (v.outcomes.length - 1) / Math.max(1, ranks.length - 1) : 0;
        const index = chance >= 1 ? 0 : Math.max(0, (raw - chance) / (1 - chance));
        if (index >= MIN_INDEX) found.push({ variation: i, index: Math.round(index * 100) / 100 });
      });
      return found.sort((a, b) => b.index - a.index || a.variation - b.variation).slice(0, MAX_DRIVERS);
    });
  }
}
