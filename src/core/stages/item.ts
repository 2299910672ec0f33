/**
 * Stage 1: one item's score. The rule runs on the item's evidence; its result must
 * be a finite number; it is clamped to [0, cap], rounded once with the rubric's
 * rule, and replaced by an examiner's adjustment if there is one.
 */
import type { ItemInput } from '../evidence/index.js';
import { fail } from '../errors.js';
import { type Num, cmp, isFiniteNum, isNum, roundTo, toNumber } from '../exact/index.js';
import { toNum } from '../logic/index.js';
import type { ItemResult } from '../result.js';
import type { Item, Rubric } from '../rubric/index.js';

export function scoreItem(rubric: Rubric, item: Item, input: ItemInput, unitCode: string, traced: boolean): ItemResult {
  if (input.state === 'not_applicable') {
    const score = item.notApplicable?.score ?? 0;
    return withAdjustment(item, input, { status: 'not_applicable', computed: score, trace: null });
  }
  if (input.state === 'missing') {
    return withAdjustment(item, input, { status: 'missing', computed: 0, trace: null });
  }
  const trace = traced ? new Array<unknown>(item.rule.nodes.length) : null;
  const result = item.rule.evaluate(input.data, trace);
  const raw = ruleNumber(result, item, unitCode);
  const clamped = clamp(raw, item.cap);
  const computed = roundTo(clamped, rubric.precision, rubric.rounding);
  return withAdjustment(item, input, { status: 'scored', computed, raw, clamped, trace });
}

/** A rule result as a number, or an error naming the item: a score must be a finite number. */
export function ruleNumber(result: unknown, item: { code: string; path: string }, unitCode: string): Num {
  const plain = typeof result === 'number' ? result : isNum(result) ? result : undefined;
  if (plain === undefined) {
    fail('rule_not_a_number', `${item.path}`, `单位 ${unitCode} 的考核要点 ${item.code}：规则结果 ${JSON.stringify(result) ?? String(result)} 不是数值`);
  }
  const value = toNum(plain);
  if (!isFiniteNum(value)) {
    fail('rule_not_finite', `${item.path}`, `单位 ${unitCode} 的考核要点 ${item.code}：规则结果为 ${toNumber(value)}（不是有限数值，可能除以了零或读取了未填写的字段）`);
  }
  return value;
}

function clamp(value: Num, cap: Num): Num {
  if (cmp(value, 0) < 0) return 0;
  if (cmp(value, cap) > 0) return cap;
  return value;
}

type Computed = Pick<ItemResult, 'status' | 'computed' | 'trace' | 'raw' | 'clamped'>;

function withAdjustment(item: Item, input: ItemInput, computed: Computed): ItemResult {
  const adjustment = input.adjustment;
  return { item, input, ...computed, adjusted: adjustment !== undefined, score: adjustment?.score ?? computed.computed };
}
