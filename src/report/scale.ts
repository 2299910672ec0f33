/**
 * Reports at scale (issue 12 §2). Up to BULLETIN_SCALE_UNITS units a report set is what it
 * has always been: the bulletin holds a ranking chart and a heat table with a row per unit
 * and every unit's scorecard, and the set a scorecard page and a radar chart per unit. That
 * reads well for a province's cities (14 to 21) or a city's counties (up to about 30), and
 * still prints at 56 units (350 pages). Past 100 units it does not: the printed bulletin
 * would pass 600 pages and the charts with a row per unit 1,600 pixels, and at 2,851
 * county-level units the set would be gigabytes. So above the size the bulletin is the
 * summary, the ranking (every unit: it is the published result) and charts that keep their
 * size as units grow (the distribution of totals, the top and the bottom, and panels per
 * city); each unit's scorecard is a document of its own, made when asked for.
 */
import type { ResultsV1, UnitResultV1 } from '../core/index.js';

/** Above this many units, the at-scale form (see above). */
export const BULLETIN_SCALE_UNITS = 100;

/** How many units the top and the bottom charts show each. */
export const TOP_BOTTOM_UNITS = 20;

/**
 * At scale, how many units a sentence of the summary names before it counts the rest
 * (甲县、乙县……等 37 个): a summary that names 400 vetoed counties is no longer a summary.
 * The ranking, which lists every unit, says which the others are.
 */
export const NAMED_IN_SUMMARY = 10;

/** The first NAMED_IN_SUMMARY of `units` when there are more, and how many there are. */
export function namedFew<T>(units: readonly T[]): { readonly named: readonly T[]; readonly more: boolean; readonly count: number } {
  return { named: units.slice(0, NAMED_IN_SUMMARY), more: units.length > NAMED_IN_SUMMARY, count: units.length };
}

export function atScale(results: Pick<ResultsV1, 'units'>): boolean {
  return results.units.length > BULLETIN_SCALE_UNITS;
}

/**
 * A unit as the at-scale set needs it: every item's score, status and missing fields, but
 * not its trace (two thirds of a unit's results). Only a scorecard shows traces, and it
 * reads its own unit whole.
 */
export function withoutTraces(unit: UnitResultV1): UnitResultV1 {
  return { ...unit, items: unit.items.map((item) => ({ ...item, trace: [] })), vetoes: unit.vetoes.map((veto) => ({ ...veto, trace: [] })) };
}
