/** The cycle the workspace shows: 2015 if it exists, else the latest; and what the pages say about it. */
import { cyclesApi } from '../api/endpoints';
import type { Cycle, Reopening, RunSummary } from '../api/types';

/** The year the pages open on when it exists (the seeded demo cycle). */
const PREFERRED_YEAR = 2015;

export async function currentCycle(): Promise<Cycle | null> {
  const cycles = await cyclesApi.list();
  if (cycles.length === 0) return null;
  return cycles.find((c) => c.year === PREFERRED_YEAR) ?? [...cycles].sort((a, b) => b.year - a.year)[0] ?? null;
}

export type StatusKey = 'empty' | 'draft' | 'submitted' | 'reopened' | 'final';

export const STATUS: Readonly<Record<StatusKey, { label: string; type: 'info' | 'success' | 'warning' | 'danger' | 'primary' }>> = {
  empty: { label: '未填报', type: 'danger' },
  draft: { label: '草稿', type: 'info' },
  submitted: { label: '已提交', type: 'primary' },
  reopened: { label: '已退回', type: 'warning' },
  final: { label: '已定稿', type: 'success' },
};

/**
 * 已定稿 once a finalised run exists for the year and the submission stands submitted; 已退回 a draft reopened after
 * submission; 未填报 while nothing was ever saved (version 0), which a board must tell apart from a draft in progress.
 */
export function statusOf(state: 'draft' | 'submitted', reopenings: readonly Reopening[] | undefined, finalised: boolean, version?: number): StatusKey {
  if (state === 'submitted') return finalised ? 'final' : 'submitted';
  if ((reopenings?.length ?? 0) > 0) return 'reopened';
  return version === 0 ? 'empty' : 'draft';
}

export const hasFinalRun = (runs: readonly RunSummary[]) => runs.some((r) => r.status === 'final');

/** The runs, latest first (by seq, the order they were made in): how every list and picker of runs shows them. */
export const newestFirst = <R extends Pick<RunSummary, 'seq'>>(runs: readonly R[]): R[] => [...runs].sort((a, b) => b.seq - a.seq);

/** Whole days from now to the deadline (negative once past), counted as the calendar does in Beijing. */
export function daysLeft(deadline: string, now = new Date()): number {
  const day = (d: Date) => Math.floor((d.getTime() + 8 * 3600_000) / 86_400_000);
  return day(new Date(deadline)) - day(now);
}

/** A time as Beijing time, to the minute: 2016-03-31 23:59. */
export function beijingTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
