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

export function rankUnits(rubric: Rubric, units: readonly UnitResult[]): RankedUnit[] {
  const compare = comparator(rubric, units);
  const sorted = units
    .map((unit, i) => ({ unit, i }))
    .sort((a, b) => compare(a.i, b.i) || (a.unit.unit.code < b.unit.unit.code ? -1 : a.unit.unit.code > b.unit.unit.code ? 1 : 0));
  const ranked: RankedUnit[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && compare((sorted[start] as { i: number }).i, (sorted[end] as { i: number }).i) === 0) end++;
    const tiedWith = end - start > 1 ? sorted.slice(start, end).map((s) => s.unit.unit.code) : [];
    const flags = flagsFor(rubric.flags, sorted.length - end);
    for (let k = start; k < end; k++) ranked.push({ result: (sorted[k] as { unit: UnitResult }).unit, rank: start + 1, tiedWith, flags });
    start = end;
  }
  return ranked;
}

/**
 * compareUnits() by the units' positions. When every total is on the rubric's grid (it
 * is, unless a cap is not), totals compare as whole precision steps, numbers rather
 * than rationals; the rubric's tie-break keys are read only for equal totals.
 */
function comparator(rubric: Rubric, units: readonly UnitResult[]): (a: number, b: number) => number {
  const scale = 10 ** rubric.precision;
  const totals = new Float64Array(units.length);
  let onGrid = true;
  for (let i = 0; i < units.length; i++) {
    const steps = stepsOnGrid((units[i] as UnitResult).total, scale);
    totals[i] = steps;
    if (steps !== steps) onGrid = false;
  }
  if (!onGrid) return (a, b) => compareUnits(rubric, units[a] as UnitResult, units[b] as UnitResult);
  const vetoedLast = rubric.ranking.vetoed === 'last';
  const tieBreaks = rubric.ranking.tieBreak.length > 0;
  return (a, b) => {
    if (vetoedLast) {
      const x = (units[a] as UnitResult).vetoed;
      if (x !== (units[b] as UnitResult).vetoed) return x ? 1 : -1;
    }
    const byTotal = (totals[b] as number) - (totals[a] as number);
    if (byTotal !== 0) return byTotal;
    return tieBreaks ? compareUnits(rubric, units[a] as UnitResult, units[b] as UnitResult) : 0;
  };
}

/**
 * 后三位 and the like: a unit is in the bottom N when fewer than N units rank below
 * it, so a tie across the boundary flags every unit in it; nobody escapes by a tie.
 */
function flagsFor(flags: readonly Flag[], unitsBelow: number): Flag[] {
  return flags.filter((f) => f.kind === 'bottom' && unitsBelow < f.count);
}
