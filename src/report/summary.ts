/**
 * The bulletin's summary (概况) as data: who is in each grade, the top and the bottom,
 * flags such as 后三位 with their obligation, ties, vetoes and missing evidence. Pure;
 * the Markdown and HTML bulletins both word it, so they can never disagree on facts.
 * Everything here is read from results.json; nothing is recomputed.
 */
import type { ItemResultV1, ResultsV1, UnitResultV1, VetoResultV1 } from '../core/index.js';

export interface BulletinSummary {
  readonly units: number;
  /** In the order results.json lists them (the rubric's grade order). */
  readonly grades: readonly { readonly grade: string; readonly count: number; readonly units: readonly UnitResultV1[] }[];
  /** Every unit ranked first (more than one when tied). */
  readonly top: readonly UnitResultV1[];
  /** Every unit sharing the last rank. */
  readonly bottom: readonly UnitResultV1[];
  /** Flags that name at least one unit, e.g. 后三位 with its obligation. */
  readonly flags: readonly { readonly code: string; readonly label: string; readonly units: readonly UnitResultV1[]; readonly obligation?: string }[];
  readonly ties: readonly { readonly rank: number; readonly total: number; readonly units: readonly UnitResultV1[] }[];
  /** Vetoed units with the vetoes that fired (the reasons). */
  readonly vetoes: readonly { readonly unit: UnitResultV1; readonly reasons: readonly VetoResultV1[] }[];
  /** Units with checkpoints scored 0 for missing evidence, with those items. */
  readonly missing: readonly { readonly unit: UnitResultV1; readonly items: readonly ItemResultV1[] }[];
}

/** A unit named by code in results.json's summary; a code not among its units is a broken file. */
function unitByCode(results: ResultsV1, code: string): UnitResultV1 {
  const unit = results.units.find((u) => u.code === code);
  if (!unit) throw new Error(`results.json 的汇总中出现了单位 ${code}，但单位列表中没有它`);
  return unit;
}

export function summarize(results: ResultsV1): BulletinSummary {
  const named = (codes: readonly string[]) => codes.map((code) => unitByCode(results, code));
  const { units, summary: s } = results;
  const lastRank = units.reduce((last, u) => Math.max(last, u.rank), 0);
  return {
    units: s.units,
    grades: s.grades.map((g) => ({ grade: g.grade, count: g.count, units: named(g.units) })),
    top: units.filter((u) => u.rank === 1),
    bottom: units.filter((u) => u.rank === lastRank),
    flags: s.flags
      .filter((f) => f.units.length > 0)
      .map((f) => {
        const flagged = named(f.units);
        // The obligation is stated on each unit's flag; every flagged unit carries the same one.
        const obligation = flagged[0]?.flags.find((x) => x.code === f.code)?.obligation;
        return { code: f.code, label: f.label, units: flagged, ...(obligation ? { obligation } : {}) };
      }),
    ties: s.ties.map((tie) => {
      const tied = named(tie);
      return { rank: tied[0]?.rank ?? 0, total: tied[0]?.total ?? 0, units: tied };
    }),
    vetoes: named(s.vetoed).map((unit) => ({ unit, reasons: unit.vetoes.filter((v) => v.triggered) })),
    missing: units
      .filter((u) => u.missingItems.length > 0)
      .map((unit) => ({
        unit,
        items: unit.missingItems.map((code) => unit.items.find((i) => i.code === code)).filter((i): i is ItemResultV1 => i !== undefined),
      })),
  };
}
