import type { Rubric } from '../rubric/index.js';
import type { UnitResultV1 } from './types.js';

/**
 * A results.json unit's values of the rubric's tie-break keys, in the rubric's order: what
 * core/ranking/rank.ts compares when totals are equal, read back from the published entry
 * (the what-if editor ranks a changed unit among the others' published standings).
 */
export function tieBreakValues(rubric: Rubric, unit: UnitResultV1): number[] {
  return rubric.ranking.tieBreak.map((key) => {
    if (key === 'base') return unit.base;
    if (key === 'bonus') return unit.bonus;
    if (key === 'deductions') return unit.deductions;
    const [kind, code] = key.split(':');
    if (kind === 'section') return unit.sections.find((s) => s.code === code)?.score ?? 0;
    return unit.items.find((i) => i.code === code)?.score ?? 0;
  });
}
