/**
 * The examiners' progress board (填报进度) at scale: every unit's filing line, filtered by
 * status, city and a name or code, sorted, and cut into a page, with the counts by status
 * of all lines, so that a board of 2,851 units sends the browser one page.
 */
import { PROGRESS_SORT_KEYS, PROGRESS_STATUSES, type ProgressSortKey, type ProgressStatus } from '../../records/index.js';

export interface ProgressLine {
  readonly unitCode: string;
  readonly unitName: string;
  /** The unit's city (市州); a unit without one stands for itself. */
  readonly city: { readonly code: string; readonly name: string };
  readonly status: ProgressStatus;
  readonly state: 'draft' | 'submitted';
  readonly version: number;
  /** Checkpoints without evidence. */
  readonly missing: number;
  readonly selfTotal?: number;
  readonly updatedAt?: string;
  readonly submittedAt?: string;
}

export { PROGRESS_SORT_KEYS, type ProgressSortKey };

export interface ProgressQuery {
  readonly status?: ProgressStatus;
  readonly city?: string;
  /** Part of a unit's name, or the start of its code. */
  readonly q?: string;
  readonly sort: ProgressSortKey;
  readonly descending: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface ProgressBoard {
  /** Lines matching the filters; `rows` are a page of them. */
  readonly total: number;
  /** All lines by status, whatever the filters. */
  readonly counts: Readonly<Record<ProgressStatus, number>>;
  /** The cities the lines fall in, by code, with their counts: the city filter's choices. */
  readonly cities: readonly { readonly code: string; readonly name: string; readonly units: number }[];
  readonly rows: readonly ProgressLine[];
}

/** Absent values (no self-total, never saved) sort after present ones either way, as a reader expects an empty cell last. */
function compare(a: ProgressLine, b: ProgressLine, key: ProgressSortKey, descending: boolean): number {
  const x = key === 'status' ? PROGRESS_STATUSES.indexOf(a.status) : a[key];
  const y = key === 'status' ? PROGRESS_STATUSES.indexOf(b.status) : b[key];
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  const order = x < y ? -1 : x > y ? 1 : 0;
  return descending ? -order : order;
}

export function progressBoard(lines: readonly ProgressLine[], query: ProgressQuery): ProgressBoard {
  const counts = Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Record<ProgressStatus, number>;
  const cities = new Map<string, { code: string; name: string; units: number }>();
  for (const l of lines) {
    counts[l.status]++;
    const city = cities.get(l.city.code) ?? { ...l.city, units: 0 };
    city.units++;
    cities.set(city.code, city);
  }
  const q = query.q?.trim() ?? '';
  const matching = lines.filter(
    (l) =>
      (query.status === undefined || l.status === query.status) &&
      (query.city === undefined || l.city.code === query.city) &&
      (q === '' || l.unitCode.startsWith(q) || l.unitName.includes(q)),
  );
  // Ties keep the code order, so that a page boundary never moves between reads.
  const sorted = matching.sort((a, b) => compare(a, b, query.sort, query.descending) || (a.unitCode < b.unitCode ? -1 : 1));
  return {
    total: matching.length,
    counts,
    cities: [...cities.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
    rows: sorted.slice(query.offset, query.offset + query.limit),
  };
}
