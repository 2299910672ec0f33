/**
 * What the run pages read of a ranking at scale (2,851 units): one page of rows with
 * each row's place in the whole ranking (so a search result opens on its page), and
 * one unit's place (its neighbours and the units it ties with), both from the rows a
 * reader may see, never the whole table sent to the browser.
 */
import type { RankingRow } from './run-views.js';

/** A row with its position in the whole ranking (0-based: the offset of the page that starts with it). */
export type PlacedRow<R extends RankingRow = RankingRow> = R & { readonly position: number };

export interface RankingPageQuery {
  readonly offset: number;
  readonly limit: number;
  /** Part of a unit's name, or the start of its code. */
  readonly q?: string;
}

/** A page's row: placed, and whether another unit shares its rank (it may stand on the next page). */
export type PageRow<R extends RankingRow = RankingRow> = PlacedRow<R> & { readonly tied: boolean };

export interface RankingPage<R extends RankingRow> {
  /** Rows matching the query (all rows without `q`). */
  readonly total: number;
  readonly rows: PageRow<R>[];
}

/** Whether a row is what a reader typed: a part of the name, or the start of the code (codes are read left to right). */
export function rowMatches(row: Pick<RankingRow, 'code' | 'name'>, q: string): boolean {
  return row.code.startsWith(q) || row.name.includes(q);
}

export function rankingPage<R extends RankingRow>(rows: readonly R[], query: RankingPageQuery): RankingPage<R> {
  const q = query.q?.trim() ?? '';
  const positions = rows.map((_, position) => position);
  const matching = q === '' ? positions : positions.filter((p) => rowMatches(rows[p] as R, q));
  const page = matching.slice(query.offset, query.offset + query.limit).map((position) => {
    const row = rows[position] as R;
    // Rows are in rank order, so a shared rank is shared with a neighbour.
    const tied = rows[position - 1]?.rank === row.rank || rows[position + 1]?.rank === row.rank;
    return { ...row, position, tied };
  });
  return { total: matching.length, rows: page };
}

export interface UnitPlace<R extends RankingRow> {
  readonly row: PlacedRow<R>;
  /** The unit just above in the ranking, and just below; null at either end. */
  readonly previous: PlacedRow<R> | null;
  readonly next: PlacedRow<R> | null;
  /** The other units sharing its rank, in rank order. */
  readonly tiedWith: PlacedRow<R>[];
}

/** Where `code` stands among `rows`; undefined when it is not among them. */
export function unitPlace<R extends RankingRow>(rows: readonly R[], code: string): UnitPlace<R> | undefined {
  const position = rows.findIndex((r) => r.code === code);
  if (position < 0) return undefined;
  const at = (i: number): PlacedRow<R> | null => (i >= 0 && i < rows.length ? { ...(rows[i] as R), position: i } : null);
  const row = at(position) as PlacedRow<R>;
  // Rows are in rank order, so the units sharing a rank stand next to each other.
  const tiedWith: PlacedRow<R>[] = [];
  for (let i = position - 1; i >= 0 && rows[i]?.rank === row.rank; i--) tiedWith.unshift(at(i) as PlacedRow<R>);
  for (let i = position + 1; i < rows.length && rows[i]?.rank === row.rank; i++) tiedWith.push(at(i) as PlacedRow<R>);
  return { row, previous: at(position - 1), next: at(position + 1), tiedWith };
}
