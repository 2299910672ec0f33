/**
 * Stage 1: item scores. Each rule runs on the unit's values; its result must be a
 * finite number; it is clamped to [0, cap], rounded once with the rubric's rule, and
 * replaced by an examiner's adjustment if there is one.
 */
import type { PreparedEvidence } from '../evidence/index.js';
import { fail } from '../errors.js';
import { showValue } from '../excerpt.js';
import { type Num, Ratio, type RoundingMode, cmp, isFiniteNum, isNum, roundTo, toNumber } from '../exact/index.js';
import { BAIL, type FixedRule, SCALE } from '../logic/fixed-point.js';
import { toNum, type TraceValues } from '../logic/index.js';
import type { Item, Rubric } from '../rubric/index.js';
import { type DecisionTable, lookUp, lookUpColumn } from '../rubric/decision-table.js';

/**
 * Item scores as whole steps of the rubric's precision (2.30 points at precision 2
 * is 230), by item index. Every item score is at that precision, so this is exact,
 * and a typed array of small integers costs the garbage collector nothing per item.
 */
export interface ItemScores {
  /** The scores that count. */
  steps: Float64Array;
  /** The engine's scores; the same array as `steps` when nothing was adjusted. */
  computedSteps: Float64Array;
}

/** One unit's item scores, item by item. */
export function scoreItems(rubric: Rubric, inputs: PreparedEvidence, trace: TraceValues | null): ItemScores {
  const grid = fixedGrid(rubric);
  const items = rubric.allItems;
  const computed = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) computed[i] = scoreItem(rubric, grid, items[i] as Item, inputs, trace);
  return withAdjustments(grid, inputs, computed);
}

/**
 * Every unit's item scores for an untraced assessment, the same as scoreItems() gives.
 * Items with a decision table go first, each across all units in turn, reading the
 * units' field codes from one column-by-column copy: consecutive memory and one table
 * in the CPU's cache at a time. The other items then go unit by unit.
 */
export function scoreAssessment(rubric: Rubric, prepared: readonly PreparedEvidence[]): ItemScores[] {
  const grid = fixedGrid(rubric);
  const items = rubric.allItems;
  const n = items.length;
  const units = prepared.length;
  const buffer = new Float64Array(units * n); // one allocation for every unit's scores
  const { columns, present } = tableColumns(rubric, prepared);
  for (const item of items) {
    const table = item.table;
    if (table === null) continue;
    const i = item.index;
    for (let u = 0; u < units; u++) {
      const steps = present[i * units + u] === 1 ? lookUpColumn(table, columns, units, u) : NaN;
      buffer[u * n + i] = steps === steps ? steps : scoreItem(rubric, grid, item, prepared[u] as PreparedEvidence, null);
    }
  }
  for (let u = 0; u < units; u++) {
    const inputs = prepared[u] as PreparedEvidence;
    for (const item of items) if (item.table === null) buffer[u * n + item.index] = scoreItem(rubric, grid, item, inputs, null);
  }
  return prepared.map((inputs, u) => withAdjustments(grid, inputs, buffer.subarray(u * n, (u + 1) * n)));
}

/**
 * What the tables read, column by column: the units' field codes (slot-major) and
 * whether each item is present (item-major). Filled unit by unit, so that each
 * unit's own arrays are read once, front to back.
 */
function tableColumns(rubric: Rubric, prepared: readonly PreparedEvidence[]): { columns: Int32Array; present: Uint8Array } {
  const units = prepared.length;
  const columns = new Int32Array(rubric.slotCount * units);
  const present = new Uint8Array(rubric.allItems.length * units);
  const tabled = rubric.allItems.filter((item) => item.table !== null);
  const slots = [...new Set(tabled.flatMap((item) => (item.table as DecisionTable).dimensions.map((d) => d.slot)))];
  for (let u = 0; u < units; u++) {
    const { codes, states } = prepared[u] as PreparedEvidence;
    for (const slot of slots) columns[slot * units + u] = codes[slot] as number;
    for (const item of tabled) present[item.index * units + u] = states[item.index] === 'present' ? 1 : 0;
  }
  return { columns, present };
}

function scoreItem(rubric: Rubric, grid: Grid, item: Item, inputs: PreparedEvidence, trace: TraceValues | null): number {
  const state = inputs.states[item.index];
  if (state === 'not_applicable') return toSteps(item.notApplicable?.score ?? 0, grid.scale);
  if (state !== 'present') return 0;
  if (trace === null) {
    // Untraced runs look the score up, or try the fixed-point form; both give what the
    // rule gives, or decline and let the rule run.
    if (item.table !== null) {
      const steps = lookUp(item.table, inputs.codes);
      if (steps === steps) return steps; // not NaN
    }
    const fast = item.fixed !== null ? fixedSteps(grid, item, inputs) : undefined;
    if (fast !== undefined) return fast;
  }
  const raw = ruleNumber(item.rule.evaluate(inputs.values, trace), item, inputs.evidence.unit.code);
  return toSteps(roundTo(clampToItem(raw, item), rubric.precision, rubric.rounding), grid.scale);
}

function withAdjustments(grid: Grid, inputs: PreparedEvidence, computed: Float64Array): ItemScores {
  const adjustments = inputs.adjustments;
  if (adjustments === null) return { steps: computed, computedSteps: computed };
  const steps = computed.map((c, i) => {
    const adjustment = adjustments[i];
    return adjustment === undefined ? c : toSteps(adjustment.score, grid.scale);
  });
  return { steps, computedSteps: computed };
}

/** A value at the rubric's precision as a count of precision steps (exact: scores are bounded by their caps). */
function toSteps(value: Num, scale: number): number {
  if (typeof value === 'number') return value * scale;
  if (value instanceof Ratio && scale % value.q === 0) return value.p * (scale / value.q);
  return toNumber(value) * scale; // not reached for values at the rubric's precision
}

/** What the fixed-point path needs of a rubric: its rounding, and the scores it has already made. */
interface Grid {
  /** Fixed-point units in one step of the rubric's precision. */
  readonly unit: number;
  readonly mode: RoundingMode;
  readonly scale: number;
}

const grids = new WeakMap<Rubric, Grid>();

function fixedGrid(rubric: Rubric): Grid {
  let grid = grids.get(rubric);
  if (grid === undefined) {
    grid = { unit: SCALE / 10 ** rubric.precision, mode: rubric.rounding, scale: 10 ** rubric.precision };
    grids.set(rubric, grid);
  }
  return grid;
}

/** The item's score in precision steps by the fixed-point path, or undefined when the exact evaluator must decide. */
function fixedSteps(grid: Grid, item: Item, inputs: PreparedEvidence): number | undefined {
  let raw: unknown;
  try {
    raw = (item.fixed as FixedRule).evaluate(inputs);
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
  if (typeof raw !== 'number') return undefined; // not a number: the exact evaluator reports it
  const clamped = raw < 0 ? 0 : raw > item.capScaled ? item.capScaled : raw;
  return roundScaled(clamped, grid.unit, grid.mode);
}

/**
 * A non-negative fixed-point integer rounded to whole units of `unit`, by the
 * rubric's rule. Floor-division rather than `%`: these are doubles, for which `%` is
 * a slow library call, and below 2^39 the quotient's floor is exact (r ≤ cap here).
 */
function roundScaled(r: number, unit: number, mode: RoundingMode): number {
  const whole = Math.floor(r / unit);
  const rest = r - whole * unit;
  if (mode === 'half-up') return rest * 2 >= unit ? whole + 1 : whole;
  if (mode === 'half-even') return rest * 2 > unit || (rest * 2 === unit && whole % 2 === 1) ? whole + 1 : whole;
  return whole;
}

/** [0, cap]: a score is never negative (扣完为止) and never above what the item can earn. */
export function clampToItem(raw: Num, item: Item): Num {
  return cmp(raw, 0) < 0 ? 0 : cmp(raw, item.cap) > 0 ? item.cap : raw;
}

/** A rule result as a number, or an error naming the item: a score must be a finite number. */
export function ruleNumber(result: unknown, item: { code: string; path: string }, unitCode: string): Num {
  if (typeof result !== 'number' && !isNum(result)) {
    fail('rule_not_a_number', item.path, `单位 ${unitCode} 的考核要点 ${item.code}：规则结果 ${showValue(result)} 不是数值`);
  }
  const value = toNum(result);
  if (!isFiniteNum(value)) {
    fail(
      'rule_not_finite',
      item.path,
      `单位 ${unitCode} 的考核要点 ${item.code}：规则结果为 ${toNumber(value)}（不是有限数值，可能除以了零或读取了未填写的字段）`,
    );
  }
  return value;
}
