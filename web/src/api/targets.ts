/** Target filing (目标备案): a unit's targets, filed by the city and approved or returned by the examiner. */
import { api } from './client';
import type { EvidenceValue, TargetFiling } from './types';

const enc = encodeURIComponent;
const base = (cycle: string) => `/cycles/${cycle}/targets`;

export type TargetDecision = { readonly decision: 'approve' } | { readonly decision: 'return'; readonly reason: string };

export const targetsApi = {
  /** Every unit's filing: the examiners' board. */
  list: (cycle: string) => api.get<TargetFiling[]>(base(cycle)),
  get: (cycle: string, unit: string) => api.get<TargetFiling>(`${base(cycle)}/${enc(unit)}`),
  /** Files only the targets sent (item → field → value); version: the one read (0 before the first filing). */
  file: (cycle: string, unit: string, version: number, targets: Record<string, Record<string, EvidenceValue>>) =>
    api.put<TargetFiling>(`${base(cycle)}/${enc(unit)}`, { targets }, { ifMatch: version }),
  /** Decides one target (item and field), or every filed one when `only` is left out. */
  decide: (cycle: string, unit: string, version: number, decision: TargetDecision, only?: { readonly item: string; readonly field: string }) =>
    api.post<TargetFiling>(`${base(cycle)}/${enc(unit)}/decisions`, { ...decision, ...(only ?? {}) }, { ifMatch: version }),
};
