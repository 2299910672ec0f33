/**
 * Stage 1: item scores. Each rule runs on the unit's values; its result must be a
 * finite number; it is clamped to [0, cap], rounded once with the rubric's rule, and
 * replaced by an examiner's adjustment if there is one.
 */
import type { PreparedEvidence } from '../evidence/index.js';
import { fail } from '../errors.js';
import { type Num, cmp, isFiniteNum, isNum, roundTo, toNumber } from '../exact/index.js';
import type { TraceValues } from '../logic/index.js';
import { toNum } from '../logic/index.js';
import type { Item, Rubric } from '../rubric/index.js';

export interface ItemScores {
  /** The scores that count, by item index. */
  scores: Num[];
  /** The engine's scores; the same array as `scores` when nothing was adjusted. */
  computed: Num[];
}

export function scoreItems(rubric: Rubric, inputs: PreparedEvidence, trace: TraceValues | null, unitCode: string): ItemScores {
  const items = rubric.allItems;
  const n = items.length;
  const computed = new Array<Num>(n);
  for (let i = 0; i < n; i++) {
    const item = items[i] as Item;
    const state = inputs.states[i];
    if (state === 'present') computed[i] = roundTo(clampToItem(ruleNumber(item.rule.evaluate(inputs.values, trace), item, unitCode), item), rubric.precision, rubric.rounding);
    else computed[i] = state === 'not_applicable' ? (item.notApplicable?.score ?? 0) : 0;
  }
  const adjustments = inputs.adjustments;
  if (adjustments === null) return { scores: computed, computed };
  const scores = computed.map((c, i) => adjustments[i]?.score ?? c);
  return { scores, computed };
}

/** [0, cap]: a score is never negative (扣完为止) and never above what the item can earn. */
export function clampToItem(raw: Num, item: Item): Num {
  return cmp(raw, 0) < 0 ? 0 : cmp(raw, item.cap) > 0 ? item.cap : raw;
}

/** A rule result as a number, or an error naming the item: a score must be a finite number. */
export function ruleNumber(result: unknown, item: { code: string; path: string }, unitCode: string): Num {
  if (typeof result !== 'number' && !isNum(result)) {
    fail('rule_not_a_number', item.path, `单位 ${unitCode} 的考核要点 ${item.code}：规则结果 ${JSON.stringify(result) ?? String(result)} 不是数值`);
  }
  const value = toNum(result);
  if (!isFiniteNum(value)) {
    fail('rule_not_finite', item.path, `单位 ${unitCode} 的考核要点 ${item.code}：规则结果为 ${toNumber(value)}（不是有限数值，可能除以了零或读取了未填写的字段）`);
  }
  return value;
}
