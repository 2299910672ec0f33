/**
 * Two runs compared a page at a time (issue 12 §2): the comparison of 2,851 units is
 * megabytes (each unit's changed checkpoints with their causes, and for a unit whose rank
 * moved every unit that overtook it or fell behind), more than a page should receive or
 * draw. The whole comparison is made once (`kaohe audit diff` of the two bundles) and kept
 * for a minute for the one who asked, while they page, search and filter it (kept per user,
 * so that it is only ever given to whom `compare` gave it); each answer holds the
 * comparison's counts and one page of its units.
 */
import type { BundleDiff, UnitDiff } from '../../audit/index.js';
import type { CycleKey } from '../../records/index.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import { cycleIdOf } from '../../records/cycle-key.js';

/** How long a comparison is kept for the next page: long enough to page through it, short enough that a change since shows. */
const KEPT_MS = 60_000;
const KEPT_COMPARISONS = 4;

export interface ComparePageQuery {
  readonly offset: number;
  readonly limit: number;
  /** Units whose name contains it or whose code starts with it. */
  readonly q?: string;
  /** Only units with a change. */
  readonly changed?: boolean;
}

/** What changed, counted over every unit of the comparison (not only the page). */
export interface CompareCounts {
  readonly units: number;
  readonly changed: number;
  readonly rankUp: number;
  readonly rankDown: number;
  readonly gradeChanged: number;
  /** In run B only, or in run A only. */
  readonly added: number;
  readonly removed: number;
}

export type ComparePage = BundleDiff & {
  readonly counts: CompareCounts;
  /** Units matching q and changed (every unit without them). */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
};

export function countChanges(units: readonly UnitDiff[]): CompareCounts {
  const count = (test: (u: UnitDiff) => boolean) => units.filter(test).length;
  return {
    units: units.length,
    changed: count((u) => u.changed),
    rankUp: count((u) => u.before !== null && u.after !== null && u.after.rank < u.before.rank),
    rankDown: count((u) => u.before !== null && u.after !== null && u.after.rank > u.before.rank),
    gradeChanged: count((u) => u.before !== null && u.after !== null && u.after.grade !== u.before.grade),
    added: count((u) => u.before === null),
    removed: count((u) => u.after === null),
  };
}

export function matches(u: UnitDiff, query: Pick<ComparePageQuery, 'q' | 'changed'>): boolean {
  if (query.changed && !u.changed) return false;
  return query.q === undefined || u.name.includes(query.q) || u.code.startsWith(query.q);
}

type Compare = (actor: Actor, key: CycleKey, a: string, b: string) => Promise<BundleDiff>;

export function comparePages(compare: Compare, now: () => number) {
  interface Kept {
    readonly at: number;
    readonly diff: Promise<BundleDiff>;
    counts?: CompareCounts;
  }
  const kept = new Map<string, Kept>();

  function comparison(actor: Actor, key: CycleKey, a: string, b: string): Kept {
    const id = `${actor.userId}|${cycleIdOf(key)}|${a}|${b}`;
    const found = kept.get(id);
    if (found && now() - found.at < KEPT_MS) return found;
    const made: Kept = { at: now(), diff: compare(actor, key, a, b) };
    // A comparison that failed is not kept: the next request tries again.
    made.diff.catch(() => kept.get(id) === made && kept.delete(id));
    kept.delete(id);
    kept.set(id, made);
    while (kept.size > KEPT_COMPARISONS) kept.delete(kept.keys().next().value as string);
    return made;
  }

  return {
    /** One page of run `a` against run `b`, with the counts of the whole comparison. */
    async comparePage(actor: Actor, key: CycleKey, a: string, b: string, query: ComparePageQuery): Promise<ComparePage> {
      requireOverseer(actor);
      const entry = comparison(actor, key, a, b);
      const diff = await entry.diff;
      entry.counts ??= countChanges(diff.units);
      const found = diff.units.filter((u) => matches(u, query));
      return {
        ...diff,
        units: found.slice(query.offset, query.offset + query.limit),
        counts: entry.counts,
        total: found.length,
        offset: query.offset,
        limit: query.limit,
      };
    },
  };
}
