/**
 * The values a unit could give a field instead of its own: every value of a small domain
 * (yes/no, a choice, an integer or stepped number with at most MAX_VALUES values), else an
 * even grid of MAX_VALUES steps across the declared range. Only fields the unit itself fills:
 * the examiners' judgements and the approved targets are not the unit's to change.
 */
import { type Num, add, div, mul, sub, toJsonValue, toNumber } from '../../core/exact/index.js';
import type { Field } from '../../core/rubric/index.js';

export const MAX_VALUES = 200;

export type Candidate = number | boolean | string;

export function candidateValues(field: Field): Candidate[] {
  if (field.type === 'boolean') return [false, true];
  if (field.type === 'enum') return [...(field.values ?? [])];
  if (field.type === 'set' || field.min === undefined || field.max === undefined) return [];
  const span = sub(field.max, field.min);
  const step: Num = field.step ?? (field.type === 'integer' ? 1 : div(span, MAX_VALUES));
  const count = Math.floor(toNumber(div(span, step)) + 1e-9);
  const stride = count > MAX_VALUES ? Math.ceil(count / MAX_VALUES) : 1;
  const values: Candidate[] = [];
  for (let k = 0; k <= count; k += stride) {
    const v = toJsonValue(add(field.min, mul(k, step)));
    if (typeof v === 'number') values.push(v);
  }
  const top = toJsonValue(field.max);
  if (typeof top === 'number' && values[values.length - 1] !== top) values.push(top);
  return values;
}

/** How far a change goes, for choosing the smallest: a share of the range for numbers, one step for a choice. */
export function distance(field: Field, from: Candidate | undefined, to: Candidate): number {
  if (typeof to !== 'number' || typeof from !== 'number') {
    if (field.type === 'enum' && typeof from === 'string' && typeof to === 'string') {
      const values = field.values ?? [];
      return Math.abs(values.indexOf(to) - values.indexOf(from));
    }
    return 1;
  }
  const span = field.min !== undefined && field.max !== undefined ? toNumber(sub(field.max, field.min)) : 1;
  return Math.abs(to - from) / (span || 1);
}
