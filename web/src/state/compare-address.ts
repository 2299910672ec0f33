/**
 * 评分对比's place as the address keeps it (/compare?a=2015-1&b=2015-2&changed=true&q=城关&page=3&size=100):
 * the two runs always, so that a link keeps comparing the runs it was sent with after a newer
 * one is made, then only what is not the default: only the changed units, the search, the page
 * and its size.
 */
import type { LocationQuery } from 'vue-router';
import { pageFrom, queryText, searchFrom, sizeFrom } from './address';

export interface CompareAddress {
  /** Run ids as the address gives them; the page checks them against the cycle's runs. */
  readonly a: string;
  readonly b: string;
  readonly changed: boolean;
  readonly q: string;
  readonly page: number;
  /** Units a page; undefined: the page's default. */
  readonly size: number | undefined;
}

export function compareAddress(query: LocationQuery, sizes: readonly number[]): CompareAddress {
  return {
    a: queryText(query.a),
    b: queryText(query.b),
    changed: queryText(query.changed) === 'true',
    q: searchFrom(query.q),
    page: pageFrom(query.page),
    size: sizeFrom(query.size, sizes),
  };
}

export function compareQuery(state: CompareAddress): Record<string, string> {
  const query: Record<string, string> = { a: state.a, b: state.b };
  if (state.changed) query.changed = 'true';
  if (state.q !== '') query.q = state.q;
  if (state.page > 1) query.page = String(state.page);
  if (state.size !== undefined) query.size = String(state.size);
  return query;
}
