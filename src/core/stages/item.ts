/**
 * Stage 1: item scores. Each rule runs on the unit's values; its result must be a
 * finite number; it is clamped to [0, cap], rounded once with the rubric's rule, and
 * replaced by an examiner's adjustment if there is one.
 */
import type { UnitInputs } from '../evidence/index.js';
import { fail } from '../errors.js';
import { type Num, cmp, isFiniteNum, isNum, roundTo, toNumber } from '../exact/index.js';
import type { TraceValues } from '../logic/index.js';
import { toNum } from '../logic/index.js';
import type { Item, Rubric } from '../rubric/index.js';

export interface ItemScores {
  scores: Num[];
  computed: Num[];
  raw: (Num | undefined)[];
  clamped: (Num | undefined)[];
}

export function scoreItems(rubric: Rubric, inputs: UnitInputs, trace: TraceValues | null, unitCode: string): ItemScores {
  const items = rubric.allItems;
  const n = items.length;
  const out: ItemScores = { scores: new Array(n), computed: new Array(n), raw: new Array(n).fill(undefined), clamped: new Array(n).fill(undefined) };
  const { precision, rounding } = rubric;
  for (let i = 0; i < n; i++) {
    const item = items[i] as Item;
    const state = inputs.states[i];
    let computed: Num;
    if (state === 'present') {
      const raw = ruleNumber(item.rule.evaluate(inputs.values, trace), item, unitCode);
      const clamped = cmp(raw, 0) < 0 ? 0 : cmp(raw, item.cap) > 0 ? item.cap : raw;
      computed = roundTo(clamped, precision, rounding);
      out.raw[i] = raw;
      out.clamped[i] = clamped;
    } else {
      computed = state === 'not_applicable' ? (item.notApplicable?.score ?? 0) : 0;
    }
    out.computed[i] = computed;
    const adjustment = inputs.adjustments?.[i];
    out.scores[i] = adjustment === undefined ? computed : adjustment.score;
  }
  return out;
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
