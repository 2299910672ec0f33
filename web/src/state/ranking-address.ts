/**
 * 评分与排名's place as the address keeps it
 * (/runs?run=2015-2&page=4&size=100&unit=620102, or ?run=2015-2&view=groups&groupPage=2):
 * the run shown, its ranking's page and page size, the unit the search found (marked on its
 * page), and the view by city with its page of cities. The run is always named, so that a
 * link keeps showing the run it was sent from after a newer one is made; the rest only when
 * not the default. A unit's page carries the place it was opened from in its own address and
 * links back to it.
 */
import type { LocationQuery } from 'vue-router';
import { pageFrom, queryText, sizeFrom, unitFrom } from './address';
import { RUN_ID_PATTERN } from '../../../src/records/run-id.js';

/** Rows per page the ranking offers: a province's 14 cities on one, a country's 2,851 counties in pages the server cuts. */
export const RANKING_PAGE_SIZES: readonly number[] = [20, 50, 100, 200];

/** Cities a page of the view by city: Gansu's 14 on one. */
export const GROUPS_PER_PAGE = 20;

export interface RankingAddress {
  /** A run id as the service writes them; empty: the newest run. */
  readonly run: string;
  readonly view: 'all' | 'groups';
  readonly page: number;
  /** Rows a page; undefined: the page's default. */
  readonly size: number | undefined;
  /** The unit found by the search, marked on its page; empty: none. */
  readonly unit: string;
  /** The page of cities in the view by city. */
  readonly groupPage: number;
}

export function rankingAddress(query: LocationQuery, sizes: readonly number[]): RankingAddress {
  const run = queryText(query.run);
  return {
    run: RUN_ID_PATTERN.test(run) ? run : '',
    view: queryText(query.view) === 'groups' ? 'groups' : 'all',
    page: pageFrom(query.page),
    size: sizeFrom(query.size, sizes),
    unit: unitFrom(query.unit),
    groupPage: pageFrom(query.groupPage),
  };
}

/** The address's query for a state: the run, then only what is not the default (the view by city has its own page, the ranking's kept beside it). */
export function rankingQuery(state: RankingAddress): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.run !== '') query.run = state.run;
  if (state.view === 'groups') query.view = 'groups';
  if (state.view === 'groups' && state.groupPage > 1) query.groupPage = String(state.groupPage);
  if (state.page > 1) query.page = String(state.page);
  if (state.size !== undefined) query.size = String(state.size);
  if (state.unit !== '') query.unit = state.unit;
  return query;
}

/**
 * The ranking's place as a unit's page carries it (/runs/2015-2/units/620102?page=5&unit=620102):
 * the ranking's query less the run, which the unit's address names already. A shared link of a
 * unit's page so returns to the place it was opened from, and the browser holds no hidden state.
 */
export function placeQuery(state: RankingAddress): Record<string, string> {
  const { run: _run, ...query } = rankingQuery(state);
  return query;
}

/** Where 返回评分与排名 on a unit of `run` goes: the place its address carries, checked as the ranking's own address is. */
export function rankingReturn(run: string, query: LocationQuery): Record<string, string> {
  return rankingQuery({ ...rankingAddress(query, RANKING_PAGE_SIZES), run });
}
