/**
 * Ranking: competition ranking (1, 2, 2, 4) on the exact total. Equal totals are
 * separated only by the rubric's own tie-break keys; units still equal share a rank
 * and are listed by unit code. No real rubric states a tie rule, so none is invented.
 */
import { type Num, cmp, ratio } from '../exact/index.js';
import type { RankedUnit, UnitResult } from '../assessment-result.js';
import type { Flag, Rubric } from '../rubric/index.js';
import { stepsOnGrid } from '../stages/totals.js';

function tieBreakValue(rubric: Rubric, unit: UnitResult, key: string): Num {
  if (key === 'base') return unit.base;
  if (key === 'bonus') return unit.bonus;
  if (key === 'deductions') return unit.deductions;
  const [kind, code] = key.split(':');
  if (kind === 'section') return unit.sections.find((s) => s.code === code)?.score ?? 0;
  const item = rubric.items.get(code as string);
  return item === undefined ? 0 : ratio(unit.steps[item.index] as number, 10 ** rubric.precision);
}

/** Negative when `a` ranks before `b`; 0 when they share a rank. */
function compareUnits(rubric: Rubric, a: UnitResult, b: UnitResult): number {
  if (rubric.ranking.vetoed === 'last' && a.vetoed !== b.vetoed) return a.vetoed ? 1 : -1;
  const byTotal = cmp(b.total, a.total);
  if (byTotal !== 0) return byTotal;
  return compareTieBreaks(rubric, a, b);
}

/** The rubric's tie-break keys in order, for units of equal standing and total. */
function compareTieBreaks(rubric: Rubric, a: UnitResult, b: UnitResult): number {
  for (const key of rubric.ranking.tieBreak) {
    // Fewer deductions is better; for every other key more is better.
    const c =
      key === 'deductions'
        ? cmp(tieBreakValue(rubric, a, key), tieBreakValue(rubric, b, key))
        : cmp(tieBreakValue(rubric, b, key), tieBreakValue(rubric, a, key));
    if (c !== 0) return c;
  }
  return 0;
}

const byCode = (a: UnitResult, b: UnitResult) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0);

/** Shared by every unit without a tie or a flag (most of them): nothing to allocate per unit. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * What ranking by totals reads of every unit. assess() gathers it while each unit's
 * result is fresh in the CPU's cache, rather than ranking visiting every result again.
 */
export interface RankingColumns {
  /** Each unit's total in whole precision steps; NaN when a total is off the grid. */
  readonly totals: Float64Array;
  /** 1 where the unit was vetoed. */
  readonly vetoed: Uint8Array;
  /** Whether the units come listed by unit code, ascending. */
  readonly listed: boolean;
}

/** The columns of results made elsewhere. */
export function rankingColumns(rubric: Rubric, units: readonly UnitResult[]): RankingColumns {
  const n = units.length;
  const scale = 10 ** rubric.precision;
  const totals = new Float64Array(n);
  const vetoed = new Uint8Array(n);
  let listed = true;
  for (let i = 0; i < n; i++) {
    const unit = units[i] as UnitResult;
    totals[i] = stepsOnGrid(unit.total, scale);
    vetoed[i] = unit.vetoed ? 1 : 0;
    if (i > 0 && listed) listed = (units[i - 1] as UnitResult).unit.code < unit.unit.code;
  }
  return { totals, vetoed, listed };
}

export function rankUnits(rubric: Rubric, units: readonly UnitResult[], columns: RankingColumns = rankingColumns(rubric, units)): RankedUnit[] {
  const { order, sameRank } = byTotals(rubric, units, columns) ?? byComparison(rubric, units);
  const n = order.length;
  const ranked = new Array<RankedUnit>(n);
  const flagged = Math.max(0, ...rubric.flags.map((f) => (f.kind === 'bottom' ? f.count : 0)));
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sameRank(order[start] as number, order[end] as number)) end++;
    const tiedWith: readonly string[] = end - start > 1 ? codesOf(units, order, start, end) : NONE;
    const flags = n - end < flagged ? flagsFor(rubric.flags, n - end) : NONE;
    for (let k = start; k < end; k++) ranked[k] = { result: units[order[k] as number] as UnitResult, rank: start + 1, tiedWith, flags };
    start = end;
  }
  return ranked;
}

/** The codes of the units at order[start … end − 1]: a plain loop (Array.from over a typed array walks the iterator protocol). */
function codesOf(units: readonly UnitResult[], order: Int32Array, start: number, end: number): string[] {
  const codes = new Array<string>(end - start);
  for (let k = start; k < end; k++) codes[k - start] = (units[order[k] as number] as UnitResult).unit.code;
  return codes;
}

/** 0, 1, …, n − 1 (Int32Array.from(keys()) walks the iterator protocol, a call per unit). */
function positions(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Units' positions in ranked order, and whether two of them share a rank. */
interface Order {
  readonly order: Int32Array;
  readonly sameRank: (a: number, b: number) => boolean;
}

/** Any rubric: compareUnits() on the exact values, then unit codes. */
function byComparison(rubric: Rubric, units: readonly UnitResult[]): Order {
  const compare = (a: number, b: number) => compareUnits(rubric, units[a] as UnitResult, units[b] as UnitResult);
  const order = positions(units.length).sort((a, b) => compare(a, b) || byCode(units[a] as UnitResult, units[b] as UnitResult));
  return { order, sameRank: (a, b) => compare(a, b) === 0 };
}

/**
 * The same order when every total is a whole count of precision steps (it is, unless a
 * cap is not): each unit's standing (vetoed or not, when vetoed units come last), total
 * and place by unit code packed into one number, and those numbers sorted as a typed
 * array, without a comparator call per pair. Units of equal standing and total are then
 * put in order by the rubric's tie-break keys, when it has any. Null when a total is off
 * the grid or the packed numbers would not be exact.
 */
function byTotals(rubric: Rubric, units: readonly UnitResult[], columns: RankingColumns): Order | null {
  const n = units.length;
  const { totals, vetoed } = columns;
  let highest = 0;
  for (let i = 0; i < n; i++) {
    const steps = totals[i] as number;
    if (!(steps >= 0)) return null; // NaN: off the grid
    if (steps > highest) highest = steps;
  }
  const vetoedLast = rubric.ranking.vetoed === 'last';
  if (!Number.isSafeInteger((highest + 1) * (vetoedLast ? 2 : 1) * n)) return null;
  // A unit's standing: 0 for the best possible, counting down the totals; vetoed units after every other.
  const standing = new Float64Array(n);
  for (let i = 0; i < n; i++) standing[i] = (vetoedLast && vetoed[i] === 1 ? highest + 1 : 0) + highest - (totals[i] as number);
  const byPlace = unitsByCode(units, columns.listed);
  const place = columns.listed ? byPlace : placesOf(byPlace);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (standing[i] as number) * n + (place[i] as number);
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const key = keys[k] as number;
    order[k] = byPlace[key - Math.floor(key / n) * n] as number; // the place: `%` on doubles is a library call
  }
  const sameStanding = (a: number, b: number) => standing[a] === standing[b];
  if (rubric.ranking.tieBreak.length === 0) return { order, sameRank: sameStanding };
  const tieBreak = (a: number, b: number) => compareTieBreaks(rubric, units[a] as UnitResult, units[b] as UnitResult);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sameStanding(order[start] as number, order[end] as number)) end++;
    if (end - start > 1) order.subarray(start, end).sort((a, b) => tieBreak(a, b) || byCode(units[a] as UnitResult, units[b] as UnitResult));
    start = end;
  }
  return { order, sameRank: (a, b) => sameStanding(a, b) && tieBreak(a, b) === 0 };
}

/**
 * The units in order of unit code, by position (byPlace[k]: the unit at place k). Units
 * usually come in code order (`listed`); else a sort. Two typed arrays, not an object
 * holding both: a garbage collection frees the layout of an object no result keeps, and
 * V8 then throws away byTotals' optimised code that made one (measured: byTotals ran
 * unoptimised for two assessments in four after a gc(), as the bench does before each).
 */
function unitsByCode(units: readonly UnitResult[], listed: boolean): Int32Array {
  const byPlace = positions(units.length);
  if (!listed) byPlace.sort((a, b) => byCode(units[a] as UnitResult, units[b] as UnitResult));
  return byPlace;
}

/** Each unit's place among the units listed by code: the inverse of unitsByCode(). */
function placesOf(byPlace: Int32Array): Int32Array {
  const place = new Int32Array(byPlace.length);
  for (let k = 0; k < byPlace.length; k++) place[byPlace[k] as number] = k;
  return place;
}

/**
 * 后三位 and the like: a unit is in the bottom N when fewer than N units rank below
 * it, so a tie across the boundary flags every unit in it; nobody escapes by a tie.
 */
function flagsFor(flags: readonly Flag[], unitsBelow: number): Flag[] {
  return flags.filter((f) => f.kind === 'bottom' && unitsBelow < f.count);
}
