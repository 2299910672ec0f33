/**
 * Checking one evidence value against its field declaration. Used when evidence is
 * read (a bad value is refused, never scored) and when a rubric's defaults are read.
 */
import { type Problem, problem } from '../errors.js';
import { type Num, cmp, div, fromDouble, isInteger, toExactText } from '../exact/index.js';
import type { Field, FieldValue } from './model.js';

type FieldSpec = Pick<Field, 'key' | 'label' | 'type' | 'min' | 'max' | 'step' | 'values'>;

export type ValueCheck = { ok: true; value: FieldValue } | { ok: false; problem: Problem };

function name(field: FieldSpec): string {
  return `“${field.label}”（${field.key}）`;
}

function show(raw: unknown): string {
  return JSON.stringify(raw) ?? String(raw);
}

/** The value in engine form (numbers exact), or the reason it is refused. */
export function checkFieldValue(field: FieldSpec, raw: unknown, path: string): ValueCheck {
  const refuse = (code: Problem['code'], message: string): ValueCheck => ({ ok: false, problem: problem(code, path, message) });
  switch (field.type) {
    case 'number':
    case 'integer': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        return refuse('evidence_type', `${name(field)}应为数值，实际为 ${show(raw)}`);
      }
      const value = fromDouble(raw);
      if (field.type === 'integer' && !isInteger(value)) {
        return refuse('evidence_type', `${name(field)}应为整数，实际为 ${show(raw)}`);
      }
      if ((field.min !== undefined && cmp(value, field.min) < 0) || (field.max !== undefined && cmp(value, field.max) > 0)) {
        return refuse('evidence_out_of_range', `${name(field)}超出允许范围 ${rangeText(field)}：${show(raw)}`);
      }
      if (field.step !== undefined && !isInteger(div(value, field.step))) {
        return refuse('evidence_out_of_range', `${name(field)}应为 ${toExactText(field.step)} 的整数倍：${show(raw)}`);
      }
      return { ok: true, value };
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return refuse('evidence_type', `${name(field)}应为 true 或 false，实际为 ${show(raw)}`);
      return { ok: true, value: raw };
    case 'enum':
      if (typeof raw !== 'string' || !field.values?.includes(raw)) {
        return refuse('evidence_not_allowed', `${name(field)}只能取 ${choices(field)} 之一，实际为 ${show(raw)}`);
      }
      return { ok: true, value: raw };
    case 'set': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
        return refuse('evidence_type', `${name(field)}应为字符串数组，实际为 ${show(raw)}`);
      }
      const unknown = raw.filter((v) => !field.values?.includes(v as string));
      if (unknown.length > 0) return refuse('evidence_not_allowed', `${name(field)}只能包含 ${choices(field)}，不认识 ${show(unknown)}`);
      if (new Set(raw).size !== raw.length) return refuse('evidence_not_allowed', `${name(field)}中有重复项：${show(raw)}`);
      return { ok: true, value: raw as string[] };
    }
  }
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
