/**
 * The unit's rank and flags in the what-if editor, against the other units' published
 * standings: the ranking rule of src/core/ranking/rank.ts (competition ranking on the
 * exact total, vetoed units last when the rubric says so, then the rubric's tie-break keys;
 * units still equal share a rank), with the others as the run scored them.
 */
import type { Rubric } from '../../../../src/core/index.js';

/** A unit as the editor ranks it: the others come from the server without code or name. */
export interface OtherStanding {
  readonly total: number;
  readonly vetoed: boolean;
  readonly tieBreak: readonly number[];
}

/** Negative when `a` ranks before `b`, 0 when they share a rank. Totals are compared in whole precision steps, never as doubles. */
function compare(rubric: Rubric, a: OtherStanding, b: OtherStanding): number {
  if (rubric.ranking.vetoed === 'last' && a.vetoed !== b.vetoed) return a.vetoed ? 1 : -1;
  const scale = 10 ** rubric.precision;
  const byTotal = Math.round(b.total * scale) - Math.round(a.total * scale);
  if (byTotal !== 0) return byTotal;
  for (let k = 0; k < rubric.ranking.tieBreak.length; k++) {
    const x = Math.round((a.tieBreak[k] ?? 0) * scale);
    const y = Math.round((b.tieBreak[k] ?? 0) * scale);
    // Fewer deductions is better; for every other key more is better.
    const c = rubric.ranking.tieBreak[k] === 'deductions' ? x - y : y - x;
    if (c !== 0) return c;
  }
  return 0;
}

export interface RankedStanding {
  readonly rank: number;
  /** How many units share the rank with it, itself included. */
  readonly sharedBy: number;
  readonly units: number;
  readonly flags: readonly { readonly code: string; readonly label: string }[];
}

export function rankAmong(rubric: Rubric, own: OtherStanding, others: readonly OtherStanding[]): RankedStanding {
  let above = 0;
  let below = 0;
  for (const other of others) {
    const c = compare(rubric, other, own);
    if (c < 0) above++;
    else if (c > 0) below++;
  }
  const flags = rubric.flags.filter((f) => f.kind === 'bottom' && below < f.count).map((f) => ({ code: f.code, label: f.label }));
  return { rank: above + 1, sharedBy: others.length + 1 - above - below, units: others.length + 1, flags };
}
