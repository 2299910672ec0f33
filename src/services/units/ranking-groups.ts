/**
 * A run's ranking grouped by a level of the unit tree (each county among its city's
 * counties), for the run page's 按市州分组 view. Ranks within a group are read off the
 * overall ranks (core/ranking/grouped.ts), so ties there follow the rubric's tie rule as
 * overall. A unit the tree does not hold (a register without a tree) stands in a group
 * of its own rather than failing the read.
 */
import { rankWithinGroups } from '../../core/ranking/grouped.js';
import { GROUP_LEVEL_WORDS, type GroupLevel, type UnitGroup, type UnitTree, groupUnits } from '../../records/index.js';

export interface GroupedRow<R> {
  readonly row: R;
  /** Rank among the group's units. */
  readonly groupRank: number;
  /** Codes of the group's units sharing that rank, this one included; empty when it is not shared. */
  readonly groupTiedWith: readonly string[];
}

export interface RankingGroup<R> {
  readonly code: string;
  readonly name: string;
  readonly units: readonly GroupedRow<R>[];
}

export interface RankingGroups<R> {
  readonly level: GroupLevel;
  /** What a group is called: 市州. */
  readonly title: string;
  readonly groups: readonly RankingGroup<R>[];
}

export function groupRanking<R extends { readonly code: string; readonly name: string; readonly rank: number }>(
  tree: UnitTree,
  rows: readonly R[],
  level: GroupLevel,
): RankingGroups<R> {
  const known = tree.byCode;
  const grouped = groupUnits(
    tree,
    rows.filter((r) => known.has(r.code)).map((r) => r.code),
    level,
  );
  const groupOf = new Map<string, UnitGroup>(grouped.ok ? grouped.groupOf : []);
  for (const r of rows) if (!groupOf.has(r.code)) groupOf.set(r.code, { code: r.code, name: r.name });
  const ranked = rankWithinGroups(rows, (code) => (groupOf.get(code) as UnitGroup).code);
  const rowOf = new Map(rows.map((r) => [r.code, r]));
  const nameOf = new Map([...groupOf.values()].map((g) => [g.code, g.name]));
  return {
    level,
    title: GROUP_LEVEL_WORDS[level],
    groups: ranked.groups.map((g) => ({
      code: g.group,
      name: nameOf.get(g.group) ?? g.group,
      units: g.units.map((code) => {
        const within = ranked.byUnit.get(code);
        return { row: rowOf.get(code) as R, groupRank: within?.rank ?? 1, groupTiedWith: within?.tiedWith ?? [] };
      }),
    })),
  };
}
