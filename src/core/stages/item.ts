/**
 * Stage 1: item scores. Each rule runs on the unit's values; its result must be a
 * finite number; it is clamped to [0, cap], rounded once with the rubric's rule, and
 * replaced by an examiner's adjustment if there is one.
 */
import { type PreparedEvidence, STATE_NOT_APPLICABLE, STATE_PRESENT } from '../evidence/index.js';
import { fail } from '../errors.js';
import { showValue } from '../excerpt.js';
import { type Num, Ratio, type RoundingMode, cmp, isFiniteNum, isNum, roundTo, toNumber } from '../exact/index.js';
import { BAIL, type FixedRule, Quotient, SCALE } from '../logic/fixed-point.js';
import { toNum, type TraceValues } from '../logic/index.js';
import type { Item, Rubric } from '../rubric/index.js';
import {
  ABSENT_CODE,
  CELL_BASE,
  DIMENSION,
  type DecisionTable,
  NOT_YET,
  NO_SCORE,
  cellIndex,
  cellOf,
  packTables,
  packedTables,
} from '../rubric/decision-table.js';
import { NO_RUN, RecordedTrace } from './recorded-trace.js';

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
 * Item scores are written into buffers of this size, each shared by the units that fit
 * (66 units of the Gansu rubric's 62 items): one allocation for many units, and small
 * enough for the C library's allocator to reuse freed memory. One buffer for a whole
 * assessment (1.4 MB for 2,851 units) was mapped afresh from the system every time and
 * cost about 345 page faults per assessment as it was first written.
 */
const SCORE_BUFFER_BYTES = 32 * 1024;

/**
 * Every unit's item scores, the same as scoreItems() gives, into buffers shared by many
 * units (SCORE_BUFFER_BYTES; one allocation instead of one per unit), each handed to `complete`
 * as soon as it is made, whose results this returns; when `traced`, with the unit's
 * trace as recorded (RecordedTrace: a table's run once per cell, shared by the units in it).
 * Unit by unit, and the unit completed at once: a unit's arrays are read while they
 * are in the CPU's cache, and every decision table of a rubric together is small
 * enough to stay there too.
 */
export function scoreAssessment<T>(
  rubric: Rubric,
  prepared: readonly PreparedEvidence[],
  traced: boolean,
  complete: (unit: number, items: ItemScores, trace: RecordedTrace | null) => T,
): T[] {
  const grid = fixedGrid(rubric);
  const items = rubric.allItems;
  const n = items.length;
  const units = prepared.length;
  const unitsPerBuffer = Math.max(1, Math.floor(SCORE_BUFFER_BYTES / (n * Float64Array.BYTES_PER_ELEMENT)));
  let buffer = new ArrayBuffer(0);
  const result = new Array<T>(units);
  const { starts, dimensions, cells, cellStarts, scores, scoreStarts, notApplicableSteps } = lookupPlan(rubric);
  const runs = traced ? new Int32Array(units * n).fill(NO_RUN) : null;
  const scratch = traced ? new Array<unknown>(rubric.traceSize).fill(undefined) : null;
  for (let u = 0; u < units; u++) {
    const inputs = prepared[u] as PreparedEvidence;
    const codes = inputs.codes;
    const states = inputs.stateCodes;
    const place = u % unitsPerBuffer;
    if (place === 0) buffer = new ArrayBuffer(Math.min(unitsPerBuffer, units - u) * n * Float64Array.BYTES_PER_ELEMENT);
    const steps = new Float64Array(buffer, place * n * Float64Array.BYTES_PER_ELEMENT, n); // a view; subarray() would look up a species constructor per unit
    const trace = runs === null ? null : new RecordedTrace(rubric, runs, u * n, scratch as TraceValues);
    for (let i = 0; i < n; i++) {
      const state = states[i] as number;
      if (state !== STATE_PRESENT) {
        steps[i] = state === STATE_NOT_APPLICABLE ? (notApplicableSteps[i] as number) : 0;
        continue;
      }
      // The common case inline (a table cell already filled): cellIndex() over the plan's flat arrays.
      const end = starts[i + 1] as number;
      let k = starts[i] as number;
      if (k < end) {
        const first = cellStarts[i] as number;
        let index = first;
        for (; k < end; k += DIMENSION) {
          let digit = codes[dimensions[k] as number] as number;
          if (digit === ABSENT_CODE) digit = dimensions[k + 2] as number;
          else if (digit >= (dimensions[k + 3] as number)) digit = -1;
          if (digit < 0) break;
          index += digit * (dimensions[k + 1] as number);
        }
        if (k >= end) {
          const cell = cells[index] as number;
          if (cell >= CELL_BASE) {
            if (runs !== null) runs[u * n + i] = tableRun(items[i] as Item, index - first, inputs, scratch as TraceValues);
            steps[i] = scores[(scoreStarts[i] as number) + cell] as number;
            continue;
          }
        }
      }
      steps[i] =
        trace === null
          ? scorePresent(rubric, grid, items[i] as Item, inputs, null)
          : scoreRecorded(rubric, grid, items[i] as Item, inputs, trace, runs as Int32Array, u * n + i);
    }
    result[u] = complete(u, withAdjustments(grid, inputs, steps), trace);
  }
  return result;
}

/**
 * The run of the item's table for this cell: recorded into `scratch` by the first unit
 * to reach the cell (then moved to the table's runs, the scratch left empty), the same
 * run for every later one.
 */
function tableRun(item: Item, index: number, inputs: PreparedEvidence, scratch: TraceValues): number {
  const table = item.table as DecisionTable;
  const runs = table.runs ?? (table.runs = { at: new Int32Array(table.cells.length).fill(-1), nodes: [], results: [] });
  const known = runs.at[index] as number;
  if (known >= 0) return known;
  const result = item.rule.evaluate(inputs.values, scratch);
  const run = runs.results.length;
  runs.at[index] = run;
  runs.results.push(result);
  const count = item.rule.nodes.length;
  const first = count > 0 ? (item.rule.nodes[0] as { id: number }).id : 0; // a rule's trace ids are consecutive
  for (let c = 0; c < count; c++) {
    runs.nodes.push(scratch[first + c]);
    scratch[first + c] = undefined;
  }
  return run;
}

/**
 * scorePresent() in a traced assessment: a table cell's run when a cell answers (its
 * number kept at runs[at]), else the rule run by the exact evaluator for this unit,
 * what it records kept as the unit's own.
 */
function scoreRecorded(rubric: Rubric, grid: Grid, item: Item, inputs: PreparedEvidence, trace: RecordedTrace, runs: Int32Array, at: number): number {
  const table = item.table;
  if (table !== null) {
    const index = cellIndex(table, inputs.codes);
    let cell = index < 0 ? NO_SCORE : (table.cells[index] as number);
    if (cell === NOT_YET) cell = fillCell(rubric, grid, item, table, index, inputs);
    if (cell !== NO_SCORE) {
      runs[at] = tableRun(item, index, inputs, trace.scratch);
      return table.scores[cell] as number;
    }
  }
  const raw = ruleNumber(item.rule.evaluate(inputs.values, trace.scratch), item, inputs.unit.code);
  trace.take(item.rule);
  return toSteps(roundTo(clampToItem(raw, item), rubric.precision, rubric.rounding), grid.scale);
}

/**
 * Every table's dimensions of a rubric in one flat array (item i's from starts[i] to
 * starts[i + 1], none for an item without a table), and every table's cells and scores
 * in the one buffer each that packTables() put them in, item i's from cellStarts[i] and
 * scoreStarts[i]: what the assessment's inner loop reads, without reaching through each
 * item and table object.
 */
interface LookupPlan {
  readonly starts: Int32Array;
  readonly dimensions: Int32Array;
  readonly cells: Uint8Array;
  readonly cellStarts: Int32Array;
  /** Every table's scores by cell code, item i's from scoreStarts[i]. */
  readonly scores: Float64Array;
  readonly scoreStarts: Int32Array;
  /** By item: its score when not applicable (不涉及), in precision steps. */
  readonly notApplicableSteps: Float64Array;
}

const plans = new WeakMap<Rubric, LookupPlan>();

function lookupPlan(rubric: Rubric): LookupPlan {
  let plan = plans.get(rubric);
  if (plan === undefined) {
    const items = rubric.allItems;
    const tables = items.flatMap((item) => (item.table === null ? [] : [item.table]));
    const packed = packedTables(tables) ?? packTables(tables);
    const starts = new Int32Array(items.length + 1);
    const cellStarts = new Int32Array(items.length);
    const scoreStarts = new Int32Array(items.length);
    const flat: number[] = [];
    items.forEach((item, i) => {
      starts[i] = flat.length;
      if (item.table === null) return;
      flat.push(...item.table.dimensions);
      cellStarts[i] = item.table.cells.byteOffset;
      scoreStarts[i] = item.table.scores.byteOffset / Float64Array.BYTES_PER_ELEMENT;
    });
    starts[items.length] = flat.length;
    const scale = 10 ** rubric.precision;
    const notApplicableSteps = Float64Array.from(items, (item) => toSteps(item.notApplicable?.score ?? 0, scale));
    plan = { starts, dimensions: Int32Array.from(flat), cells: packed.cells, cellStarts, scores: packed.scores, scoreStarts, notApplicableSteps };
    plans.set(rubric, plan);
  }
  return plan;
}

function scoreItem(rubric: Rubric, grid: Grid, item: Item, inputs: PreparedEvidence, trace: TraceValues | null): number {
  const state = inputs.states[item.index];
  if (state === 'not_applicable') return toSteps(item.notApplicable?.score ?? 0, grid.scale);
  if (state !== 'present') return 0;
  return scorePresent(rubric, grid, item, inputs, trace);
}

/** scoreItem() of an item whose state is present. */
function scorePresent(rubric: Rubric, grid: Grid, item: Item, inputs: PreparedEvidence, trace: TraceValues | null): number {
  // A table gives the score (and, for a trace, the rule's recorded run); the fixed-point
  // form gives it untraced. Both give what the rule gives, or decline and let the rule run.
  const table = item.table;
  if (table !== null) {
    const index = cellIndex(table, inputs.codes);
    let cell = index < 0 ? NO_SCORE : (table.cells[index] as number);
    if (cell === NOT_YET) cell = fillCell(rubric, grid, item, table, index, inputs);
    if (cell !== NO_SCORE) {
      if (trace !== null) recordedRun(item, table, index, inputs, trace);
      return table.scores[cell] as number;
    }
  }
  if (trace === null && item.fixed !== null) {
    const fast = fixedSteps(grid, item, inputs);
    if (fast !== undefined) return fast;
  }
  const raw = ruleNumber(item.rule.evaluate(inputs.values, trace), item, inputs.unit.code);
  return toSteps(roundTo(clampToItem(raw, item), rubric.precision, rubric.rounding), grid.scale);
}

/**
 * A cell of a table filled as units reach it (decision-table.ts, gridStep), for the
 * first unit that does: what the exact evaluator gives for the unit's values, which are
 * the cell's values. The table is the rubric's own cache: the same for every assessment,
 * whichever unit filled it.
 */
function fillCell(rubric: Rubric, grid: Grid, item: Item, table: DecisionTable, index: number, inputs: PreparedEvidence): number {
  const cell = cellOf(table, item, inputs.values, rubric.precision, rubric.rounding, grid.scale);
  table.cells[index] = cell;
  return cell;
}

/**
 * The item's rule run with its sub-expression values recorded into `trace`; its result.
 * A tabulated rule really runs once per cell of its table, for the first unit whose
 * values fall in that cell: the same values give the same run (rules are pure), so
 * every later unit gets a copy of what that run recorded, not a second run. This is
 * what makes traces nearly as cheap as scores, in a traced assessment and when
 * item-views.ts recovers the trace of an untraced one.
 */
export function traceRule(item: Item, inputs: PreparedEvidence, trace: TraceValues): unknown {
  const table = item.table;
  if (table !== null) {
    const index = cellIndex(table, inputs.codes);
    if (index >= 0 && table.cells[index] !== NO_SCORE) return recordedRun(item, table, index, inputs, trace);
  }
  return item.rule.evaluate(inputs.values, trace);
}

function recordedRun(item: Item, table: DecisionTable, index: number, inputs: PreparedEvidence, trace: TraceValues): unknown {
  const runs = table.runs ?? (table.runs = { at: new Int32Array(table.cells.length).fill(-1), nodes: [], results: [] });
  const count = item.rule.nodes.length;
  const first = count > 0 ? (item.rule.nodes[0] as { id: number }).id : 0; // a rule's trace ids are consecutive
  const run = runs.at[index] as number;
  if (run < 0) {
    const result = item.rule.evaluate(inputs.values, trace);
    runs.at[index] = runs.results.length;
    runs.results.push(result);
    for (let k = 0; k < count; k++) runs.nodes.push(trace[first + k]);
    return result;
  }
  const recorded = runs.nodes;
  for (let k = 0, from = run * count; k < count; k++) trace[first + k] = recorded[from + k];
  return runs.results[run];
}

/**
 * One item's score before any adjustment, in precision steps, as scoring the unit gives it:
 * for an analysis that scores again only the items whose fields a variant changed.
 */
export function itemSteps(rubric: Rubric, inputs: PreparedEvidence, item: Item): number {
  return scoreItem(rubric, fixedGrid(rubric), item, inputs, null);
}

/** A unit's item scores from the engine's ones (`computed`), with its examiner's adjustments applied, as scoreItems() gives them. */
export function adjustedScores(rubric: Rubric, inputs: Pick<PreparedEvidence, 'adjustments'>, computed: Float64Array): ItemScores {
  return withAdjustments(fixedGrid(rubric), inputs, computed);
}

function withAdjustments(grid: Grid, inputs: Pick<PreparedEvidence, 'adjustments'>, computed: Float64Array): ItemScores {
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
  if (raw instanceof Quotient) return quotientSteps(raw, item.capScaled, grid);
  if (typeof raw !== 'number') return undefined; // not a number: the exact evaluator reports it
  const clamped = raw < 0 ? 0 : raw > item.capScaled ? item.capScaled : raw;
  return roundScaled(clamped, grid.unit, grid.mode);
}

/**
 * A Quotient clamped to [0, cap] and rounded to whole steps by the rubric's rule, in
 * integers: what the exact evaluator's clamp and roundTo give for n / d. Undefined (the
 * exact evaluator decides) when a product would leave the safe integers or a step is
 * not a whole number of fixed-point units.
 */
function quotientSteps(q: Quotient, cap: number, grid: Grid): number | undefined {
  const { n, d } = q;
  if (n <= 0) return 0; // never zero (it is off the grid), so below zero
  const capTimesD = cap * d;
  const stepTimesD = grid.unit * d;
  if (!Number.isSafeInteger(capTimesD) || !Number.isSafeInteger(stepTimesD) || !Number.isInteger(grid.unit)) return undefined;
  if (n >= capTimesD) return roundScaled(cap, grid.unit, grid.mode);
  // n < cap · d is safe, so whole · step · d ≤ n is too; the correction guards the double division.
  let whole = Math.floor(n / stepTimesD);
  let rest = n - whole * stepTimesD;
  if (rest < 0) {
    whole -= 1;
    rest += stepTimesD;
  } else if (rest >= stepTimesD) {
    whole += 1;
    rest -= stepTimesD;
  }
  if (grid.mode === 'half-up') return rest * 2 >= stepTimesD ? whole + 1 : whole;
  if (grid.mode === 'half-even') return rest * 2 > stepTimesD || (rest * 2 === stepTimesD && whole % 2 === 1) ? whole + 1 : whole;
  return whole;
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
