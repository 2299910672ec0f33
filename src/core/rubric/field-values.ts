/**
 * Checking one evidence value against its field declaration. Used when evidence is
 * read (a bad value is refused, never scored) and when a rubric's defaults are read.
 * It runs for every value of every unit, so it returns the value itself and
 * allocates only on refusal.
 */
import type { Problem } from '../errors.js';
import { showValue } from '../excerpt.js';
import { type Num, div, fromDouble, isInteger, toExactText } from '../exact/index.js';
import type { Field, FieldValue } from './model.js';

type FieldSpec = Pick<Field, 'key' | 'label' | 'type' | 'min' | 'max' | 'step' | 'values' | 'bounds'>;

/** Why a value was refused; the caller knows where it sits and builds the path. */
export class Refusal {
  constructor(
    readonly code: Problem['code'],
    readonly message: string,
  ) {}
}

function name(field: FieldSpec): string {
  return `“${field.label}”（${field.key}）`;
}

function show(raw: unknown): string {
  return showValue(raw);
}

/** The value in engine form (numbers exact), or a Refusal saying why not. */
export function checkFieldValue(field: FieldSpec, raw: unknown): FieldValue | Refusal {
  switch (field.type) {
    case 'number':
    case 'integer': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return new Refusal('evidence_type', `${name(field)}应为数值，实际为 ${show(raw)}`);
      if (field.type === 'integer' && !Number.isInteger(raw)) return new Refusal('evidence_type', `${name(field)}应为整数，实际为 ${show(raw)}`);
      // Comparing the doubles is exact here: both sides are the nearest doubles of short
      // decimals, and rounding to the nearest double never reverses an order.
      const { min, max } = field.bounds;
      if ((min !== undefined && raw < min) || (max !== undefined && raw > max)) {
        return new Refusal('evidence_out_of_range', `${name(field)}超出允许范围 ${rangeText(field)}：${show(raw)}`);
      }
      const value = fromDouble(raw);
      if (field.step !== undefined && !isInteger(div(value, field.step))) {
        return new Refusal('evidence_out_of_range', `${name(field)}应为 ${toExactText(field.step)} 的整数倍：${show(raw)}`);
      }
      return value;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return new Refusal('evidence_type', `${name(field)}应为 true 或 false，实际为 ${show(raw)}`);
      return raw;
    case 'enum':
      if (typeof raw !== 'string' || !field.values?.includes(raw)) {
        return new Refusal('evidence_not_allowed', `${name(field)}只能取 ${choices(field)} 之一，实际为 ${show(raw)}`);
      }
      return raw;
    case 'set':
      return checkSet(field, raw);
  }
}

/** A set of declared values, each at most once (checked without allocating: it runs per value). */
function checkSet(field: FieldSpec, raw: unknown): FieldValue | Refusal {
  if (!Array.isArray(raw)) return new Refusal('evidence_type', `${name(field)}应为字符串数组，实际为 ${show(raw)}`);
  const allowed = field.values ?? [];
  for (let i = 0; i < raw.length; i++) {
    const v: unknown = raw[i];
    if (typeof v !== 'string') return new Refusal('evidence_type', `${name(field)}应为字符串数组，实际为 ${show(raw)}`);
    if (!allowed.includes(v)) return new Refusal('evidence_not_allowed', `${name(field)}只能包含 ${choices(field)}，不认识 ${show(v)}`);
    if (raw.indexOf(v) !== i) return new Refusal('evidence_not_allowed', `${name(field)}中有重复项：${show(v)}`);
  }
  return raw as string[];
}

export function rangeText(field: Pick<Field, 'min' | 'max'>): string {
  const lo = field.min === undefined ? '-∞' : toExactText(field.min);
  const hi = field.max === undefined ? '+∞' : toExactText(field.max);
  return `[${lo}, ${hi}]`;
}

function choices(field: FieldSpec): string {
  return (field.values ?? []).map((v) => `“${v}”`).join('、');
}

export function numOrUndefined(x: number | undefined): Num | undefined {
  return x === undefined ? undefined : fromDouble(x);
}
