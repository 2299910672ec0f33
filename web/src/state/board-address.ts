/**
 * The progress board's filters, sort and page as the address keeps them
 * (/progress?status=submitted&city=620100&q=城关&sort=-missing&page=3&size=100): read back
 * with every value checked, a wrong or hand-edited one falling back to the default rather
 * than failing the page.
 */
import type { LocationQuery } from 'vue-router';
import { pageFrom, queryText as one, searchFrom, sizeFrom, unitFrom } from './address';
import { PROGRESS_SORT_KEYS, PROGRESS_STATUSES, type ProgressSortKey, type ProgressStatus } from '../../../src/records/progress-status.js';

export interface BoardAddress {
  readonly status: ProgressStatus | '';
  readonly city: string;
  readonly text: string;
  readonly sort: ProgressSortKey;
  readonly descending: boolean;
  readonly page: number;
  /** Rows a page; undefined: the page's default. */
  readonly size: number | undefined;
}

export function boardAddress(query: LocationQuery, sizes: readonly number[]): BoardAddress {
  const status = one(query.status);
  const sort = one(query.sort);
  const key = sort.replace(/^-/, '');
  return {
    status: (PROGRESS_STATUSES as readonly string[]).includes(status) ? (status as ProgressStatus) : '',
    city: unitFrom(query.city),
    text: searchFrom(query.q),
    sort: (PROGRESS_SORT_KEYS as readonly string[]).includes(key) ? (key as ProgressSortKey) : 'unitCode',
    descending: (PROGRESS_SORT_KEYS as readonly string[]).includes(key) && sort.startsWith('-'),
    page: pageFrom(query.page),
    size: sizeFrom(query.size, sizes),
  };
}

/** The address's query for a state: defaults left out, so the first page unfiltered is plain /progress. */
export function boardQuery(state: BoardAddress): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.status !== '') query.status = state.status;
  if (state.city !== '') query.city = state.city;
  if (state.text.trim() !== '') query.q = state.text.trim();
  if (state.sort !== 'unitCode' || state.descending) query.sort = `${state.descending ? '-' : ''}${state.sort}`;
  if (state.page > 1) query.page = String(state.page);
  if (state.size !== undefined) query.size = String(state.size);
  return query;
}
