/**
 * A ranking grouped by a level of the unit tree (all counties, and each among its own
 * city's counties). The groups come with the report's input, named by whoever built
 * it from the unit tree; the ranks within them are read off the overall ranking
 * (core/ranking/grouped.ts), so ties follow the rubric's rule exactly as overall.
 */
import type { ResultsV1, UnitResultV1 } from '../core/index.js';
import { type GroupRank, rankWithinGroups } from '../core/ranking/grouped.js';

export interface UnitGroups {
  /** What a group is called: 市州 (所属市州, 市州内名次). */
  readonly title: string;
  /** Each unit's group, by unit code. */
  readonly of: Readonly<Record<string, { readonly code: string; readonly name: string }>>;
}

export interface ReportGroup {
  readonly code: string;
  readonly name: string;
  /** The group's units in the overall ranking's order. */
  readonly units: readonly UnitResultV1[];
}

export interface GroupedRankingView {
  readonly title: string;
  readonly groups: readonly ReportGroup[];
  /** Each unit's group name and rank in it, by unit code. */
  readonly byUnit: ReadonlyMap<string, GroupRank & { readonly name: string }>;
}

export function groupedRanking(results: ResultsV1, groups: UnitGroups): GroupedRankingView {
  // A unit the grouping does not name stands alone rather than disappearing from the view.
  const groupOf = new Map(results.units.map((u) => [u.code, groups.of[u.code] ?? { code: u.code, name: u.name }]));
  const ranked = rankWithinGroups(results.units, (code) => (groupOf.get(code) as { code: string }).code);
  const unitsByCode = new Map(results.units.map((u) => [u.code, u]));
  const nameOf = new Map([...groupOf.values()].map((g) => [g.code, g.name]));
  const byUnit = new Map([...ranked.byUnit].map(([code, g]) => [code, { ...g, name: nameOf.get(g.group) ?? g.group }]));
  return {
    title: groups.title,
    groups: ranked.groups.map((g) => ({ code: g.group, name: nameOf.get(g.group) ?? g.group, units: g.units.map((c) => unitsByCode.get(c) as UnitResultV1) })),
    byUnit,
  };
}

/** 2 or 2（并列）: a rank within a group as a table cell shows it. */
export function groupRankText(g: GroupRank | undefined): string {
  if (g === undefined) return '';
  return g.tiedWith.length > 0 ? `${g.rank}（并列）` : String(g.rank);
}
