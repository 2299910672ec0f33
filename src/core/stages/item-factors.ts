/**
 * Item scores with each item's points scaled by an exact factor: what an uncertainty
 * analysis varies when it asks how much a rank owes to the rubric's choice of points and
 * section weights (issue 13). An item scoring s with factor f counts s × f, rounded to
 * the rubric's precision by the rubric's rounding rule, as an item's own score is; the
 * rest of the assessment (sums, caps, bonus, deductions, grades, ranking) is unchanged.
 */
import { type Num, cmp, mul, ratio, roundTo } from '../exact/index.js';
import type { Rubric } from '../rubric/index.js';
import type { ItemScores } from './item.js';
import { stepsOnGrid } from './totals.js';

export class ItemFactors {
  readonly #precision: number;
  readonly #rounding: Rubric['rounding'];
  readonly #scale: number;
  /** By item index: its factor, or null where it is one. */
  readonly #factors: (Num | null)[];
  /** By item index: scaled steps by steps, since a score recurs across units. */
  readonly #scaled: Map<number, number>[];

  /** `factors` by item index (Rubric.allItems); an item without one keeps its score. */
  constructor(rubric: Rubric, factors: readonly (Num | undefined)[]) {
    this.#precision = rubric.precision;
    this.#rounding = rubric.rounding;
    this.#scale = 10 ** rubric.precision;
    this.#factors = rubric.allItems.map((item) => {
      const factor = factors[item.index];
      return factor === undefined || cmp(factor, 1) === 0 ? null : factor;
    });
    this.#scaled = rubric.allItems.map(() => new Map());
  }

  /** The unit's item scores with every factor applied: new arrays, the given ones untouched. */
  apply(items: ItemScores): ItemScores {
    const from = items.steps;
    const steps = new Float64Array(from.length);
    for (let i = 0; i < from.length; i++) {
      const s = from[i] as number;
      const factor = this.#factors[i];
      if (factor === null || factor === undefined || s === 0) {
        steps[i] = s;
        continue;
      }
      const memo = this.#scaled[i] as Map<number, number>;
      let scaled = memo.get(s);
      if (scaled === undefined) {
        scaled = stepsOnGrid(roundTo(mul(ratio(s, this.#scale), factor), this.#precision, this.#rounding), this.#scale);
        memo.set(s, scaled);
      }
      steps[i] = scaled;
    }
    return { steps, computedSteps: steps };
  }
}
