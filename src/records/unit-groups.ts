/**
 * Assessed units grouped by a level of the unit tree: counties by their city (市州), or
 * cities and counties by their province. A unit at the level is its own group (嘉峪关市,
 * which has no counties, ranked among counties); a unit with no ancestor at the level (a
 * county a province administers directly) is grouped under its parent as 直管, or, for a
 * municipality's districts, under the municipality. The
 * grouping is what a grouped ranking needs: each unit's group code and name.
 */
import { type TreeUnit, type UnitLevel, type UnitTree, type UnitTreeProblem, findUnit, pathOf } from './unit-tree.js';

/** Levels a ranking can be grouped by: a group holds units below it. */
export type GroupLevel = Extract<UnitLevel, 'province' | 'city'>;

export const GROUP_LEVELS: readonly GroupLevel[] = ['city', 'province'];

/** What a group is called in a bulletin's headings: 所属市州, 市州内名次. */
export const GROUP_LEVEL_WORDS: Readonly<Record<GroupLevel, string>> = { city: '市州', province: '省份' };

export interface UnitGroup {
  readonly code: string;
  readonly name: string;
}

export type UnitsGrouped = { ok: true; groupOf: ReadonlyMap<string, UnitGroup> } | { ok: false; problems: UnitTreeProblem[] };

/** From the top of a tree down: a unit's depth in the administrative hierarchy. */
const DEPTH: Readonly<Record<UnitLevel, number>> = { country: 0, province: 1, city: 2, county: 3 };

function groupOfUnit(tree: UnitTree, unit: TreeUnit, level: GroupLevel): UnitGroup {
  const at = pathOf(tree, unit).find((u) => u.level === level);
  if (at) return { code: at.code, name: at.name };
  // Above the level (a province when grouping by city), a unit is a group of its own.
  const parent = unit.parent === undefined ? undefined : tree.byCode.get(unit.parent);
  // A municipality's districts are its own (北京市); a province's directly administered units are 湖北省直管.
  if (parent && DEPTH[unit.level] > DEPTH[level]) return { code: parent.code, name: parent.kind === '直辖市' ? parent.name : `${parent.name}直管` };
  return { code: unit.code, name: unit.name };
}

/** Each unit's group at `level`, or every unit code the tree does not hold, each named. */
export function groupUnits(tree: UnitTree, codes: readonly string[], level: GroupLevel, path = '$.units'): UnitsGrouped {
  const groupOf = new Map<string, UnitGroup>();
  const problems: UnitTreeProblem[] = [];
  codes.forEach((code, i) => {
    const found = findUnit(tree, code, `${path}[${i}]`);
    if (found.ok) groupOf.set(code, groupOfUnit(tree, found.unit, level));
    else problems.push(found.problem);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, groupOf };
}

/** Whether the units fall into more than one group at `level` (a grouped view says something only then). */
export function spansGroups(groupOf: ReadonlyMap<string, UnitGroup>): boolean {
  return new Set([...groupOf.values()].map((g) => g.code)).size > 1;
}

/**
 * Whether a grouped ranking tells more than the overall one: more than one group, and
 * fewer groups than units (the 14 cities grouped by city are 14 groups of one).
 */
export function groupingTellsMore(groupOf: ReadonlyMap<string, UnitGroup>): boolean {
  const groups = new Set([...groupOf.values()].map((g) => g.code)).size;
  return groups > 1 && groups < groupOf.size;
}
