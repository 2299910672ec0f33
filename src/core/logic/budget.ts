/**
 * The evaluation-step budget: how much work one evaluation of one rule may do.
 *
 * The limit is checked twice. When a rubric is parsed, cost.ts estimates each rule's
 * worst case from its tree and refuses a rule over the budget, before anything runs.
 * While a rule runs, a meter counts what iterations and the array and string builders
 * actually do and stops the evaluation over the same budget: defence in depth for
 * rules compiled without the estimate, never reached by a rule that passed it.
 *
 * The meter counts only inside iterations, `merge` and `cat`: a rule without them is
 * already bounded by its node limit, and the scoring hot path stays uncounted.
 */
import { fail } from '../errors.js';

/** Steps one evaluation of one rule may take: real rubrics use a few hundred at most. */
export const STEP_BUDGET = 10_000;

/** One evaluation's count; `compileRule` resets it at each `evaluate`. */
export class StepMeter {
  steps = 0;

  constructor(readonly limit: number = STEP_BUDGET) {}

  /** Counts `n` steps; throws at `path` once the evaluation goes over its budget. */
  charge(n: number, path: string): void {
    this.steps += n;
    if (this.steps > this.limit) {
      fail('logic_too_costly', path, `规则求值超过 ${this.limit} 步的上限（遍历次数或生成的数组、字符串过大），已停止求值`);
    }
  }
}
