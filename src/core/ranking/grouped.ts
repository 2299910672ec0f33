/**
 * Ranks within groups (all counties ranked overall, and each among its own city's
 * counties). A group rank is read off the overall ranking rather than computed again:
 * the overall rank already carries the rubric's whole tie rule (exact totals, its
 * tie-break keys, vetoed units last), so two units share a group rank exactly when they
 * share an overall rank, and a unit's group rank is one more than the units of its
 * group ranked strictly above it (competition ranking, 1, 2, 2, 4, as overall).
 * Flags such as 后三位 belong to the overall ranking and are not repeated per group.
 */

/** A unit as the overall ranking placed it. */
export interface RankedCode {
  readonly code: string;
  readonly rank: number;
}

export interface GroupRank {
  readonly group: string;
  /** Competition rank among the group's units. */
  readonly rank: number;
  /** How many units the group has. */
  readonly of: number;
  /** Codes of the group's units sharing this rank, this one included; empty when the rank is not shared. */
  readonly tiedWith: readonly string[];
}

export interface RankedGroup {
  readonly group: string;
  /** The group's units in the overall ranking's order. */
  readonly units: readonly string[];
}

export interface GroupedRanking {
  /** Each unit's rank within its group, by unit code. */
  readonly byUnit: ReadonlyMap<string, GroupRank>;
  /** Groups ordered by group key, as groupOf names them. */
  readonly groups: readonly RankedGroup[];
}

/**
 * `ranked` in the overall ranking's order (rank ascending; a shared rank listed by code,
 * as rankUnits lists it); `groupOf` names each unit's group.
 */
export function rankWithinGroups(ranked: readonly RankedCode[], groupOf: (code: string) => string): GroupedRanking {
  const members = new Map<string, RankedCode[]>();
  for (let i = 0; i < ranked.length; i++) {
    const unit = ranked[i] as RankedCode;
    const previous = ranked[i - 1];
    if (previous !== undefined && previous.rank > unit.rank)
      throw new Error(`rankWithinGroups: ${unit.code} is listed after ${previous.code}, which ranks below it`);
    const group = groupOf(unit.code);
    const list = members.get(group);
    if (list) list.push(unit);
    else members.set(group, [unit]);
  }
  const byUnit = new Map<string, GroupRank>();
  const groups: RankedGroup[] = [];
  for (const group of [...members.keys()].sort()) {
    const list = members.get(group) as RankedCode[];
    for (let start = 0; start < list.length;) {
      let end = start + 1;
      while (end < list.length && (list[end] as RankedCode).rank === (list[start] as RankedCode).rank) end++;
      const tiedWith = end - start > 1 ? list.slice(start, end).map((u) => u.code) : [];
      for (let k = start; k < end; k++) byUnit.set((list[k] as RankedCode).code, { group, rank: start + 1, of: list.length, tiedWith });
      start = end;
    }
    groups.push({ group, units: list.map((u) => u.code) });
  }
  return { byUnit, groups };
}
