/**
 * Refuses, at parse time, a rule whose worst case exceeds the evaluation-step budget
 * (logic/budget.ts), naming the rule and the iteration that makes it costly.
 */
import { fail } from '../errors.js';
import { STEP_BUDGET } from '../logic/budget.js';
import { estimateCost, literalSize } from '../logic/cost.js';
import type { Field } from './model.js';

/** The longest array or string a field's value can be: a set has at most its named items. */
function fieldSize(field: Field): number {
  if (field.type === 'set' || field.type === 'enum') return literalSize(field.values ?? []);
  return 0;
}

/** The rule's worst-case steps per evaluation over these fields (Infinity when unbounded). */
export function ruleSteps(rule: unknown, path: string, fields: readonly Field[]) {
  const sizes = new Map(fields.map((f) => [f.key, fieldSize(f)]));
  return estimateCost(rule, path, { fieldSize: (key) => sizes.get(key) });
}

/** The rule's worst-case steps per evaluation; throws logic_too_costly over the budget. */
export function checkRuleCost(rule: unknown, path: string, fields: readonly Field[]): number {
  const { steps, path: where } = ruleSteps(rule, path, fields);
  if (steps > STEP_BUDGET) {
    const estimate = Number.isFinite(steps) ? `约 ${formatSteps(steps)} 步` : '无法确定上限的步数（遍历的数组可能无限增长，或规则过于复杂）';
    const inner = where === path ? '' : `，主要来自 ${where} 处的遍历`;
    fail(
      'logic_too_costly',
      path,
      `规则最坏情况下需要${estimate}求值，超过每次求值 ${formatSteps(STEP_BUDGET)} 步的上限${inner}（map、filter、reduce、all、some、none 的次数按所遍历数组的最大长度相乘估算）`,
    );
  }
  return steps;
}

function formatSteps(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
