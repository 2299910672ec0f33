/**
 * The scenarios an analysis scores: every combination of the variations' outcomes with
 * its exact probability (exact), or draws from a seeded generator, each of weight one
 * (sample). Either way a scenario is one chosen outcome per variation.
 */
import { type Num, mul, toNumber } from '../../core/exact/index.js';
import { seededRandom } from '../../core/seeded-random.js';

/** What a scenario chooses among: a source's outcomes, each with its probability (a field's values, a weight's factors). */
export interface Axis {
  readonly outcomes: readonly { readonly probability: Num }[];
}

export interface Scenario {
  /** By variation: the index of the chosen outcome. */
  readonly choices: Int32Array;
  readonly weight: Num;
}

/** How many combinations enumeration would visit; Infinity once it passes `limit`. */
export function combinationCount(variations: readonly Axis[], limit: number): number {
  let count = 1;
  for (const v of variations) {
    count *= v.outcomes.length;
    if (count > limit) return Infinity;
  }
  return count;
}

/** Every combination, in mixed-radix order (the last variation turning fastest). */
export function* everyCombination(variations: readonly Axis[]): Generator<Scenario> {
  const choices = new Int32Array(variations.length);
  for (;;) {
    let weight: Num = 1;
    variations.forEach((v, i) => {
      weight = mul(weight, (v.outcomes[choices[i] as number] as Axis['outcomes'][number]).probability);
    });
    yield { choices, weight };
    let i = variations.length - 1;
    while (i >= 0 && (choices[i] as number) + 1 === (variations[i] as Axis).outcomes.length) choices[i--] = 0;
    if (i < 0) return;
    choices[i] = (choices[i] as number) + 1;
  }
}

/** `draws` scenarios from the seed: each variation's outcome picked by its probability, in a fixed order. */
export function* seededDraws(variations: readonly Axis[], draws: number, seed: number): Generator<Scenario> {
  const random = seededRandom(seed);
  const cumulative = variations.map((v) => {
    let sum = 0;
    return v.outcomes.map((o) => (sum += toNumber(o.probability)));
  });
  const choices = new Int32Array(variations.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < variations.length; i++) {
      const bounds = cumulative[i] as number[];
      const r = random() * (bounds[bounds.length - 1] as number);
      let k = 0;
      while (k < bounds.length - 1 && r >= (bounds[k] as number)) k++;
      choices[i] = k;
    }
    yield { choices, weight: 1 };
  }
}
