/**
 * Conditional fields (requiredWhen): a field asked only when other fields of its item
 * have given values, e.g. the deduction asked only when the framework exists but was not
 * adjusted. The evidence reader, the forms and the explanations share these two answers:
 * is the field asked for these values, and how is its condition said.
 */
import { cmp, fromDouble, type Num, toExactText } from '../exact/index.js';
import type { Field, FieldCondition, FieldValue } from './model.js';

function matches(condition: FieldCondition, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (condition.type !== 'integer') return condition.values.includes(value as FieldValue);
  if (typeof value === 'boolean' || typeof value === 'string') return false;
  // A form's value is a double as typed; prepared evidence holds it exact already.
  const exact = typeof value === 'number' ? fromDouble(value) : (value as Num);
  return condition.values.some((wanted) => cmp(exact, wanted as Num) === 0);
}

/** Whether the field is asked, given a unit's values by slot (prepared evidence): always, unless it is conditional and a condition fails. */
export function isAsked(field: Field, values: readonly unknown[]): boolean {
  return field.requiredWhen === undefined || field.requiredWhen.every((c) => matches(c, values[c.slot]));
}

/** The same question over values by key (a form's or a file's values, numbers as typed). */
export function isAskedByKey(field: Field, values: Readonly<Record<string, unknown>>): boolean {
  return field.requiredWhen === undefined || field.requiredWhen.every((c) => matches(c, values[c.key]));
}

function valueWords(type: FieldCondition['type'], value: FieldValue): string {
  if (type === 'boolean') return value === true ? '是' : '否';
  if (type === 'integer') return toExactText(value as Num);
  return String(value);
}

/** The condition in words: “已建立质量工作框架”为“是”且“已按要求调整”为“否”. */
export function conditionWords(field: Field): string {
  return (field.requiredWhen ?? []).map((c) => `“${c.label}”为${c.values.map((v) => `“${valueWords(c.type, v)}”`).join('或')}`).join('且');
}
