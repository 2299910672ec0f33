/**
 * Decision tables. A rule whose fields all have small finite domains (yes/no, one of
 * a list, a subset of a short list, an integer or a stepped number in a declared
 * range) is a function of finitely many inputs. When the rubric is parsed, the rule
 * is run by the exact evaluator on every combination and each result is clamped and
 * rounded exactly as scoring does; scoring then only looks the score up.
 *
 * The table holds what the exact evaluator gives, by construction; a combination the
 * rule fails on (an error, not a number) is left empty, so that scoring runs the rule
 * and reports the failure as it would have. Like the fixed-point path, tables serve
 * untraced scoring only; traces and explanations always come from the rule itself.
 */
import { type Num, type RoundingMode, add, cmp, isFiniteNum, isNum, mul, roundTo, toNumber } from '../exact/index.js';
import { type CompiledRule, toNum } from '../logic/index.js';
import { SCALE, toScaled } from '../logic/fixed-point.js';
import type { Field, FieldValue } from './model.js';

/** Tables up to this many combinations are built (16,384 cells: 64 KiB at most per item). */
const MAX_CELLS = 16_384;
/** Sets of up to this many choices are tabulated (2^8 subsets). */
const MAX_SET = 8;
/**
 * Evaluation steps (logic/budget.ts, by the rule's worst-case estimate) one table may
 * cost to build, and all the tables of one rubric: parsing stays bounded in time
 * whatever the rules. A rule over either is simply not tabulated, and runs when scored.
 */
const TABLE_STEPS_PER_TABLE = 1_000_000;
export const TABLE_STEPS_PER_RUBRIC = 5_000_000;

/**
 * Per field of a table, four integers in a row (DIMENSION of them): the slot its code is
 * read from, its stride in the index, the digit of an absent value (−1 when the field is
 * never absent here), and how many present values it can take (digits 0 … size − 1).
 * One flat array rather than an object per field: the lookup reads consecutive memory.
 */
const DIMENSION = 4;

/** A field while the table is built: its slot, and the digit of an absent value (or −1). */
interface AxisShape {
  readonly slot: number;
  readonly absent: number;
}

export interface DecisionTable {
  /** slot, stride, absent digit, size: for each field in turn (DIMENSION integers each). */
  readonly dimensions: Int32Array;
  /**
   * Score in whole precision steps per combination; NO_SCORE where the rule must run.
   * 32-bit: half the memory of doubles, so that a rubric's tables stay in the CPU's cache.
   */
  readonly cells: Int32Array;
}

/** A cell whose combination the rule fails on (or whose score would not fit 32 bits): scoring runs the rule. */
export const NO_SCORE = -1;

interface Axis {
  readonly dimension: AxisShape;
  /** The field's possible values in digit order; undefined stands for absent. */
  readonly values: readonly (FieldValue | undefined)[];
}

function axisFor(field: Field): Axis | null {
  const optional = !field.required && field.default === undefined;
  const base = { slot: field.slot };
  const withAbsent = (values: (FieldValue | undefined)[]) => (optional ? [...values, undefined] : values);
  switch (field.type) {
    case 'boolean':
      return { dimension: { ...base, absent: optional ? 2 : -1 }, values: withAbsent([false, true]) };
    case 'enum': {
      const values = field.values ?? [];
      return {
        dimension: { ...base, absent: optional ? values.length : -1 },
        values: withAbsent([...values]),
      };
    }
    case 'set': {
      const values = field.values ?? [];
      if (values.length > MAX_SET) return null;
      const subsets: string[][] = [];
      for (let mask = 0; mask < 1 << values.length; mask++) subsets.push(values.filter((_, i) => mask & (1 << i)));
      return {
        dimension: { ...base, absent: optional ? subsets.length : -1 },
        values: withAbsent(subsets),
      };
    }
    default: {
      if (field.min === undefined || field.max === undefined) return null;
      const step: Num = field.type === 'integer' ? 1 : (field.step ?? 0);
      if (step === 0) return null;
      const low = toScaled(field.min);
      const stepScaled = toScaled(step);
      const high = toScaled(field.max);
      if (!(stepScaled > 0) || Number.isNaN(low) || Number.isNaN(high)) return null;
      const count = Math.floor((high - low) / stepScaled) + 1;
      if (count > MAX_CELLS) return null;
      const values: Num[] = [];
      let v: Num = field.min;
      for (let k = 0; k < count; k++, v = add(v, step)) values.push(v);
      return { dimension: { ...base, absent: optional ? count : -1 }, values: withAbsent(values) };
    }
  }
}

export interface TableRule {
  readonly rule: CompiledRule;
  readonly fields: readonly Field[];
  readonly cap: Num;
}

export interface TableBudget {
  /** The rule's worst-case steps per evaluation (cost.ts). */
  readonly stepsPerCell: number;
  /** Steps left for the rubric's tables. */
  readonly available: number;
}

/**
 * The item's decision table, or null when its fields are not all small finite domains
 * or building it would cost more steps than the budget allows; `spent` is what it cost.
 */
export function buildDecisionTable(
  item: TableRule,
  slotCount: number,
  precision: number,
  rounding: RoundingMode,
  budget: TableBudget,
): { table: DecisionTable | null; spent: number } {
  const none = { table: null, spent: 0 };
  if (item.fields.length === 0) return none;
  const axes: Axis[] = [];
  let cells = 1;
  for (const field of item.fields) {
    const axis = axisFor(field);
    if (axis === null) return none;
    cells *= axis.values.length;
    if (cells > MAX_CELLS) return none;
    axes.push(axis);
  }
  const spent = cells * Math.max(1, budget.stepsPerCell);
  if (spent > TABLE_STEPS_PER_TABLE || spent > budget.available) return none;
  return { table: tabulate(item, axes, cells, slotCount, precision, rounding), spent };
}

function tabulate(item: TableRule, axes: readonly Axis[], cells: number, slotCount: number, precision: number, rounding: RoundingMode): DecisionTable {
  const strides: number[] = [];
  let stride = 1;
  for (const axis of axes) {
    strides.push(stride);
    stride *= axis.values.length;
  }
  const table = new Int32Array(cells);
  const values = new Array<unknown>(slotCount).fill(undefined);
  const digits = axes.map(() => 0);
  const scale = 10 ** precision;
  for (let index = 0; index < cells; index++) {
    axes.forEach((axis, i) => (values[axis.dimension.slot] = axis.values[digits[i] as number]));
    const steps = stepsOf(item, values, precision, rounding, scale);
    table[index] = steps >= 0 && steps <= 0x7fffffff ? steps : NO_SCORE; // scores are never negative
    for (let i = 0; i < digits.length; i++) {
      digits[i] = (digits[i] as number) + 1;
      if ((digits[i] as number) < (axes[i] as Axis).values.length) break;
      digits[i] = 0;
    }
  }
  const dimensions = new Int32Array(axes.length * DIMENSION);
  axes.forEach((axis, i) => {
    const { slot, absent } = axis.dimension;
    dimensions.set([slot, strides[i] as number, absent, absent >= 0 ? axis.values.length - 1 : axis.values.length], i * DIMENSION);
  });
  return { dimensions, cells: table };
}

/** What scoring would give for these values, in precision steps; NaN when the rule fails. */
function stepsOf(item: TableRule, values: unknown[], precision: number, rounding: RoundingMode, scale: number): number {
  let raw: Num;
  try {
    const result = item.rule.evaluate(values);
    if (typeof result !== 'number' && !isNum(result)) return NaN;
    raw = toNum(result);
  } catch {
    return NaN; // scoring will run the rule and report the failure itself
  }
  if (!isFiniteNum(raw)) return NaN;
  const clamped = cmp(raw, 0) < 0 ? 0 : cmp(raw, item.cap) > 0 ? item.cap : raw;
  return toNumber(mul(roundTo(clamped, precision, rounding), scale));
}

/** The code of a field that has no value. */
export const ABSENT_CODE = -2;

/**
 * A value's position in its field's domain, as tables index it (see PreparedEvidence
 * .codes), computed once when evidence is prepared; −1 when it has none (a set out of
 * declared order, a number off its step grid or without declared bounds).
 */
export function domainCode(field: Field, value: FieldValue, scaled: number): number {
  switch (field.type) {
    case 'boolean':
      return value === true ? 1 : 0;
    case 'enum':
      return (field.values ?? []).indexOf(value as string);
    case 'set': {
      const choices = field.values ?? [];
      if (choices.length > MAX_SET) return -1;
      let mask = 0;
      let last = -1;
      for (const member of value as readonly string[]) {
        const p = choices.indexOf(member);
        if (p <= last) return -1; // out of declared order: not as tabulated
        mask |= 1 << p;
        last = p;
      }
      return mask;
    }
    default: {
      if (field.min === undefined) return -1;
      const step = field.type === 'integer' ? SCALE : field.step === undefined ? NaN : toScaled(field.step);
      const k = (scaled - toScaled(field.min)) / step;
      return k === Math.floor(k) && k >= 0 && k < 2 ** 31 ? k : -1;
    }
  }
}

/** The cell of a unit's codes (PreparedEvidence.codes), or −1 when the table has no cell for them. */
export function cellIndex(table: DecisionTable, codes: Int32Array): number {
  let index = 0;
  const d = table.dimensions;
  for (let i = 0; i < d.length; i += DIMENSION) {
    let digit = codes[d[i] as number] as number;
    if (digit === ABSENT_CODE) {
      digit = d[i + 2] as number;
      if (digit < 0) return -1;
    } else if (digit < 0 || digit >= (d[i + 3] as number)) return -1;
    index += digit * (d[i + 1] as number);
  }
  return index;
}

/** The looked-up score in precision steps, or NaN when the table has no answer for these values. */
export function lookUp(table: DecisionTable, codes: Int32Array): number {
  const index = cellIndex(table, codes);
  const steps = index < 0 ? NO_SCORE : (table.cells[index] as number);
  return steps === NO_SCORE ? NaN : steps;
}
