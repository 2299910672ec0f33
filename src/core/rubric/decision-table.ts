/**
 * Decision tables. A rule whose fields all have small finite domains (yes/no, one of
 * a list, a subset of a short list, an integer or a stepped number in a declared
 * range) is a function of finitely many inputs. When the rubric is parsed, the rule
 * is run by the exact evaluator on every combination and each result is clamped and
 * rounded exactly as scoring does; scoring then only looks the score up.
 *
 * The table holds what the exact evaluator gives, by construction; a combination the
 * rule fails on (an error, not a number) is left empty, so that scoring runs the rule
 * and reports the failure as it would have. A trace is never looked up: the rule really
 * runs, with its trace, once per cell, and later units get a copy (stages/item.ts).
 */
import { type Num, type RoundingMode, add, cmp, isFiniteNum, isNum, mul, roundTo, toNumber } from '../exact/index.js';
import { type CompiledRule, toNum } from '../logic/index.js';
import { SCALE, toScaled } from '../logic/fixed-point.js';
import type { Field, FieldValue } from './model.js';

/** Tables up to this many combinations are built when the rubric is parsed (16,384 cells: 16 KiB at most per item). */
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
export const DIMENSION = 4;

/** A field while the table is built: its slot, and the digit of an absent value (or −1). */
interface AxisShape {
  readonly slot: number;
  readonly absent: number;
}

export interface DecisionTable {
  /** slot, stride, absent digit, size: for each field in turn (DIMENSION integers each). */
  readonly dimensions: Int32Array;
  /**
   * Per combination, one byte: NOT_YET where it has not been reached (see gridStep),
   * NO_SCORE where the rule must run, else the code of its score in `scores`. A table's
   * cells hold few distinct scores (an item of 2.50 points has at most 251, and the Gansu
   * tables use 2 to 199), and a byte a cell halves what 16-bit scores took (the Gansu
   * tables 151 KB instead of 302 KB) so that more of them stay in the CPU's cache:
   * scoring is bound by memory more than by arithmetic. Once the rubric is parsed, a
   * view of the one buffer holding every table's cells (packTables).
   */
  cells: Uint8Array;
  /** By cell code (CELL_BASE and up), the score in whole precision steps; a view, like `cells`. */
  scores: Float64Array;
  /** The codes given so far: scores[CELL_BASE] to scores[scoreCount − 1] are in use. */
  scoreCount: number;
  /**
   * The rule's traced run on the first unit that reached each cell (stages/item.ts,
   * traceRule), kept so that every later unit's trace is a copy; null until a trace is asked.
   */
  runs: RecordedRuns | null;
}

/**
 * A table's recorded runs, one after the other in flat arrays rather than an object per
 * cell: a copy reads the cell's run number and then consecutive values.
 */
export interface RecordedRuns {
  /** By cell, its run's number (−1: not run yet). */
  readonly at: Int32Array;
  /** Each run's node values in turn (the rule's node count each, by node from its first trace id). */
  readonly nodes: unknown[];
  /** Each run's result, by run number. */
  readonly results: unknown[];
}

/**
 * Moves the cells of every table of a rubric into one buffer, and their scores into
 * another, each table's `cells` and `scores` then a view of its part (packedTables reads
 * them back). Scoring reads a cell and a score for nearly every item of every unit:
 * from one array each, at an offset per item, rather than through 60 array objects
 * apiece, it reaches its byte in fewer dependent loads and keeps fewer lines in cache.
 */
export function packTables(tables: readonly DecisionTable[]): PackedTables {
  let cellCount = 0;
  for (const table of tables) cellCount += table.cells.length;
  const cells = new Uint8Array(cellCount);
  const scores = new Float64Array(tables.length * CODES);
  let at = 0;
  tables.forEach((table, t) => {
    cells.set(table.cells, at);
    table.cells = cells.subarray(at, at + table.cells.length);
    at += table.cells.length;
    scores.set(table.scores, t * CODES);
    table.scores = scores.subarray(t * CODES, (t + 1) * CODES);
  });
  return { cells, scores };
}

export interface PackedTables {
  readonly cells: Uint8Array;
  readonly scores: Float64Array;
}

/** The buffers packTables() made, when every table given is in them; null when one is not (packTables then packs them). */
export function packedTables(tables: readonly DecisionTable[]): PackedTables | null {
  const first = tables[0];
  if (first === undefined) return { cells: new Uint8Array(0), scores: new Float64Array(0) };
  const { buffer } = first.cells;
  const scoreBuffer = first.scores.buffer;
  if (tables.some((t) => t.cells.buffer !== buffer || t.scores.buffer !== scoreBuffer)) return null;
  return { cells: new Uint8Array(buffer), scores: new Float64Array(scoreBuffer) };
}

/** A cell of a table filled as units reach it (see gridStep), not reached yet. */
export const NOT_YET = 0;
/** A cell whose combination the rule fails on: scoring runs the rule (and reports the failure). */
export const NO_SCORE = 1;
/** The first code of a score: a cell holding a score holds its code, scores[code] its steps. */
export const CELL_BASE = 2;
/**
 * Codes a table can give (one byte). A table whose rule gives more distinct scores
 * leaves the cells of the scores beyond them NO_SCORE: the rule runs for them, and
 * gives the same score.
 */
const CODES = 256;

/** Cells of a table filled as units reach it: 64 KiB at most per item. */
const MAX_LAZY_CELLS = 65_536;
/** A number without a declared step is tabulated on the finest decimal grid with at most this many values. */
const MAX_GRID_VALUES = 10_001;

interface Axis {
  readonly dimension: AxisShape;
  /** The field's possible values in digit order; undefined stands for absent. Empty for a grid axis (gridStep), whose values are not enumerated. */
  readonly values: readonly (FieldValue | undefined)[];
  /** How many digits the axis has (values.length, absent included). */
  readonly size: number;
  /** A number on an implied grid: its table is filled as units reach its cells. */
  readonly grid: boolean;
}

const gridSteps = new WeakMap<Field, number>();

/**
 * A number declared without a step but with bounds (a rate in [0, 100]) has no finite
 * domain, but real values have few decimals: such a field is tabulated on the finest
 * decimal grid (at most four places, the fixed-point grid) that gives at most
 * MAX_GRID_VALUES values, 0.01 for [0, 100]. Its cells are not computed when the rubric
 * is parsed (that would run the rule thousands of times for values no unit may give):
 * each is filled, with exactly what scoring gives, when the first unit reaches it, and a
 * value off the grid (97.355) has no cell and is scored by the rule. The step as a scaled
 * integer, or NaN when the field has no such grid.
 */
function gridStep(field: Field): number {
  let step = gridSteps.get(field);
  if (step === undefined) {
    step = NaN;
    const low = field.min === undefined ? NaN : toScaled(field.min);
    const high = field.max === undefined ? NaN : toScaled(field.max);
    if (field.type === 'number' && field.step === undefined && high >= low) {
      for (let unit = 1; unit <= SCALE; unit *= 10) {
        if (Math.floor((high - low) / unit) + 1 <= MAX_GRID_VALUES) {
          step = unit;
          break;
        }
      }
    }
    gridSteps.set(field, step);
  }
  return step;
}

function axisFor(field: Field): Axis | null {
  const optional = !field.required && field.default === undefined;
  const base = { slot: field.slot };
  const withAbsent = (values: (FieldValue | undefined)[]) => (optional ? [...values, undefined] : values);
  const listed = (absent: number, values: (FieldValue | undefined)[]): Axis => ({ dimension: { ...base, absent }, values, size: values.length, grid: false });
  switch (field.type) {
    case 'boolean':
      return listed(optional ? 2 : -1, withAbsent([false, true]));
    case 'enum': {
      const values = field.values ?? [];
      return listed(optional ? values.length : -1, withAbsent([...values]));
    }
    case 'set': {
      const values = field.values ?? [];
      if (values.length > MAX_SET) return null;
      const subsets: string[][] = [];
      for (let mask = 0; mask < 1 << values.length; mask++) subsets.push(values.filter((_, i) => mask & (1 << i)));
      return listed(optional ? subsets.length : -1, withAbsent(subsets));
    }
    default: {
      if (field.min === undefined || field.max === undefined) return null;
      const step: Num = field.type === 'integer' ? 1 : (field.step ?? 0);
      if (step === 0) {
        const unit = gridStep(field);
        if (Number.isNaN(unit)) return null;
        const count = Math.floor((toScaled(field.max) - toScaled(field.min)) / unit) + 1;
        return { dimension: { ...base, absent: optional ? count : -1 }, values: [], size: optional ? count + 1 : count, grid: true };
      }
      const low = toScaled(field.min);
      const stepScaled = toScaled(step);
      const high = toScaled(field.max);
      if (!(stepScaled > 0) || Number.isNaN(low) || Number.isNaN(high)) return null;
      const count = Math.floor((high - low) / stepScaled) + 1;
      if (count > MAX_CELLS) return null;
      const values: Num[] = [];
      let v: Num = field.min;
      for (let k = 0; k < count; k++, v = add(v, step)) values.push(v);
      return listed(optional ? count : -1, withAbsent(values));
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
    cells *= axis.size;
    if (cells > MAX_LAZY_CELLS) return none;
    axes.push(axis);
  }
  // Filled as units reach it: nothing is spent now, and a cell costs one run of the rule, which scoring that unit costs anyway.
  if (axes.some((axis) => axis.grid)) return { table: emptyTable(axes, cells), spent: 0 };
  if (cells > MAX_CELLS) return none;
  const spent = cells * Math.max(1, budget.stepsPerCell);
  if (spent > TABLE_STEPS_PER_TABLE || spent > budget.available) return none;
  return { table: tabulate(item, axes, emptyTable(axes, cells), slotCount, precision, rounding), spent };
}

/** A table of `cells` cells, none reached yet (NOT_YET), no score given a code. */
function emptyTable(axes: readonly Axis[], cells: number): DecisionTable {
  return { dimensions: dimensionsOf(axes), cells: new Uint8Array(cells), scores: new Float64Array(CODES), scoreCount: CELL_BASE, runs: null };
}

function tabulate(item: TableRule, axes: readonly Axis[], table: DecisionTable, slotCount: number, precision: number, rounding: RoundingMode): DecisionTable {
  const cells = table.cells.length;
  const values = new Array<unknown>(slotCount).fill(undefined);
  const digits = axes.map(() => 0);
  const scale = 10 ** precision;
  for (let index = 0; index < cells; index++) {
    axes.forEach((axis, i) => (values[axis.dimension.slot] = axis.values[digits[i] as number]));
    table.cells[index] = cellOf(table, item, values, precision, rounding, scale);
    for (let i = 0; i < digits.length; i++) {
      digits[i] = (digits[i] as number) + 1;
      if ((digits[i] as number) < (axes[i] as Axis).values.length) break;
      digits[i] = 0;
    }
  }
  return table;
}

/** The first axis varies fastest. */
function dimensionsOf(axes: readonly Axis[]): Int32Array {
  const dimensions = new Int32Array(axes.length * DIMENSION);
  let stride = 1;
  axes.forEach((axis, i) => {
    const { slot, absent } = axis.dimension;
    dimensions.set([slot, stride, absent, absent >= 0 ? axis.size - 1 : axis.size], i * DIMENSION);
    stride *= axis.size;
  });
  return dimensions;
}

/**
 * A cell's content: the code of what scoring gives for these values (its steps in
 * `scores`, given a code if it has none yet), or NO_SCORE when the rule fails (scoring
 * then runs it and reports the failure) or the table has no code left for a new score.
 */
export function cellOf(table: DecisionTable, item: TableRule, values: readonly unknown[], precision: number, rounding: RoundingMode, scale: number): number {
  const steps = stepsOf(item, values, precision, rounding, scale);
  if (!(steps >= 0 && Number.isSafeInteger(steps))) return NO_SCORE; // scores are never negative
  const scores = table.scores;
  for (let code = CELL_BASE; code < table.scoreCount; code++) if (scores[code] === steps) return code;
  if (table.scoreCount === CODES) return NO_SCORE;
  scores[table.scoreCount] = steps;
  return table.scoreCount++;
}

/** What scoring would give for these values, in precision steps; NaN when the rule fails. */
function stepsOf(item: TableRule, values: readonly unknown[], precision: number, rounding: RoundingMode, scale: number): number {
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
      const step = field.type === 'integer' ? SCALE : field.step === undefined ? gridStep(field) : toScaled(field.step);
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
  const cell = index < 0 ? NO_SCORE : (table.cells[index] as number);
  return cell === NO_SCORE || cell === NOT_YET ? NaN : (table.scores[cell] as number);
}
