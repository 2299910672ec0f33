/**
 * What every paged table keeps in the address (the progress board, the ranking, the ranking
 * by city, 评分对比): its page, page size and search, each read back checked, so that a
 * wrong or hand-edited value falls back to the default rather than failing the page; and the
 * address written back with the defaults left out, replacing the history entry, since paging
 * is not a step back: opening a unit and going back returns to the page it was opened from.
 */
import type { LocationQuery, LocationQueryRaw, RouteLocationNormalizedLoaded, Router } from 'vue-router';
import { UNIT_SEARCH_MAX } from '../../../src/records/unit-search.js';

/** A page number beyond any table's, so that a hand-edited 1e300 is no page. */
const PAGE_MAX = 1_000_000;

/** A query value as one text: absent, or given twice (?page=2&page=3), is empty. */
export const queryText = (value: LocationQuery[string] | undefined): string => (typeof value === 'string' ? value : '');

/** A page number, 1 unless a whole number from 1. */
export function pageFrom(value: LocationQuery[string] | undefined): number {
  const page = Number(queryText(value));
  return Number.isInteger(page) && page >= 1 && page <= PAGE_MAX ? page : 1;
}

/** A page size offered by the table; undefined (the table's default) otherwise. */
export function sizeFrom(value: LocationQuery[string] | undefined, sizes: readonly number[]): number | undefined {
  const size = Number(queryText(value));
  return sizes.includes(size) ? size : undefined;
}

/** A search as the service takes it: trimmed, at most 50 characters. */
export const searchFrom = (value: LocationQuery[string] | undefined): string => queryText(value).trim().slice(0, UNIT_SEARCH_MAX);

/** A unit's code: six digits, or empty. */
export const unitFrom = (value: LocationQuery[string] | undefined): string => (/^\d{6}$/.test(queryText(value)) ? queryText(value) : '');

/** Writes a page's state into the address when it differs, replacing the history entry. */
export async function keepQuery(router: Router, route: RouteLocationNormalizedLoaded, query: LocationQueryRaw): Promise<void> {
  if (JSON.stringify(query) !== JSON.stringify(route.query)) await router.replace({ query });
}
