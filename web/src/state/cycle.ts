/**
 * The cycle the workspace shows. A year may have several (the province's over its
 * cities, 兰州市's over its counties): the one chosen in the header's picker for this
 * tab, else, for a unit's clerk, the cycle assessing that unit, else the root body's
 * cycle of 2015 (the seeded demo), else the latest.
 */
import { type CycleKey, cycleWords as wordsOfKey, parseCycleId } from '../../../src/records/cycle-key.js';
import { type ProgressStatus, progressStatus } from '../../../src/records/progress-status.js';
import { cyclesApi } from '../api/endpoints';
import type { Cycle, RunSummary } from '../api/types';
import { session } from './session';

/** The year the pages open on when it exists (the seeded demo cycle). */
const PREFERRED_YEAR = 2015;
/** Where this tab keeps the cycle chosen in the picker. */
const CHOSEN_KEY = 'kaohe.cycle';

/** The cycle's key as its id says it (records/cycle-key.ts): the root body's cycle has the year alone for id. */
const keyOf = (c: Pick<Cycle, 'id' | 'year'>): CycleKey => parseCycleId(c.id) ?? { year: c.year };
const isRootCycle = (c: Cycle): boolean => keyOf(c).body === undefined;

/** The cycles in the order the picker lists them: newest year first, the root body's before the others, then by body. */
export function pickerOrder(cycles: readonly Cycle[]): Cycle[] {
  return [...cycles].sort((a, b) => b.year - a.year || Number(isRootCycle(b)) - Number(isRootCycle(a)) || a.body.localeCompare(b.body));
}

export function defaultCycle(cycles: readonly Cycle[], ownUnit?: string): Cycle | null {
  const ordered = pickerOrder(cycles);
  const own = ownUnit === undefined ? ordered : ordered.filter((c) => c.units.includes(ownUnit));
  const pool = own.length > 0 ? own : ordered;
  return pool.find((c) => c.year === PREFERRED_YEAR) ?? pool[0] ?? null;
}

export function chosenCycleId(): string | null {
  try {
    return sessionStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
}

export function chooseCycle(id: string): void {
  try {
    sessionStorage.setItem(CHOSEN_KEY, id);
  } catch {
    // Without storage the choice lasts until the page is reloaded; the default is still a cycle the user may see.
  }
}

export async function currentCycle(): Promise<Cycle | null> {
  return currentOf(await cyclesApi.list());
}

/** The current cycle among those the user reaches (the picker's own list: no second request). */
export function currentOf(cycles: readonly Cycle[]): Cycle | null {
  const chosen = chosenCycleId();
  const user = session.user;
  const ownUnit = user?.role === 'city' ? user.unitCode : undefined;
  return cycles.find((c) => c.id === chosen && (ownUnit === undefined || c.units.includes(ownUnit))) ?? defaultCycle(cycles, ownUnit);
}

/** How a cycle is named to a user: "2015 年度 · 甘肃省". */
export const cycleTitle = (c: Pick<Cycle, 'year' | 'bodyName'>): string => `${c.year} 年度 · ${c.bodyName}`;

export type StatusKey = ProgressStatus;

export const STATUS: Readonly<Record<StatusKey, { label: string; type: 'info' | 'success' | 'warning' | 'danger' | 'primary' }>> = {
  empty: { label: '未填报', type: 'danger' },
  draft: { label: '草稿', type: 'info' },
  submitted: { label: '已提交', type: 'primary' },
  reopened: { label: '已退回', type: 'warning' },
  final: { label: '已定稿', type: 'success' },
};

/** A unit's status on the board: the service's rule (src/records/progress-status.ts). */
export const statusOf = progressStatus;

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

/** How page titles name a cycle: "2015 年度" for the root body's, "2015 年度兰州市" for another body's. */
export const cycleWords = (c: Pick<Cycle, 'id' | 'year' | 'bodyName'>): string => wordsOfKey(keyOf(c), c.bodyName);
