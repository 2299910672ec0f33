/**
 * Ranking: competition ranking (1, 2, 2, 4) on the exact total. Equal totals are
 * separated only by the rubric's own tie-break keys; units still equal share a rank
 * and are listed by unit code. No real rubric states a tie rule, so none is invented.
 */
import { type Num, cmp, ratio } from '../exact/index.js';
import type { RankedUnit, UnitResult } from '../assessment-result.js';
import type { Flag, Rubric } from '../rubric/index.js';

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
  const sorted = [...units].sort((a, b) => compareUnits(rubric, a, b) || (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  const groups: UnitResult[][] = [];
  for (const unit of sorted) {
    const group = groups[groups.length - 1];
    if (group && compareUnits(rubric, group[0] as UnitResult, unit) === 0) group.push(unit);
    else groups.push([unit]);
  }
  const ranked: RankedUnit[] = [];
  let position = 0;
  for (const group of groups) {
    const rank = position + 1;
    position += group.length;
    const below = sorted.length - position;
    const tiedWith = group.length > 1 ? group.map((u) => u.unit.code) : [];
    const flags = flagsFor(rubric.flags, below);
    for (const unit of group) ranked.push({ result: unit, rank, tiedWith, flags });
  }
  return ranked;
}

/**
 * 后三位 and the like: a unit is in the bottom N when fewer than N units rank below
 * it, so a tie across the boundary flags every unit in it; nobody escapes by a tie.
 */
function flagsFor(flags: readonly Flag[], unitsBelow: number): Flag[] {
  return flags.filter((f) => f.kind === 'bottom' && unitsBelow < f.count);
}
