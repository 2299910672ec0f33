/** The evaluator's calls: a run's full results (with every item's trace), notes, the audit bundle. */
import type { ResultsV1 } from '../../../src/core/index.js';
import { api } from './client';

const enc = encodeURIComponent;

export type { ResultsV1 };
export type UnitResult = ResultsV1['units'][number];
export type ItemResult = UnitResult['items'][number];
export type VetoResult = UnitResult['vetoes'][number];

export type Verdict = 'agree' | 'disagree';

export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = { agree: '同意', disagree: '不同意' };

export interface Note {
  readonly id: string;
  readonly year: number;
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly runId?: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface NoteInput {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly itemCode?: string;
  readonly runId?: string;
}

export const resultsApi = {
  /** results.json v1 of a run: every unit, item and veto with its trace. */
  get: (year: number, run: string) => api.get<ResultsV1>(`/cycles/${year}/runs/${enc(run)}`),
  /** The run's audit bundle (bundle/v1), served as an attachment: for a download link. */
  bundleUrl: (year: number, run: string) => `/api/cycles/${year}/runs/${enc(run)}/bundle`,
};

export const notesApi = {
  list: (year: number, unit?: string) => api.get<Note[]>(`/cycles/${year}/notes${unit ? `?unit=${enc(unit)}` : ''}`),
  add: (year: number, unit: string, input: NoteInput) => api.post<Note>(`/cycles/${year}/units/${enc(unit)}/notes`, input),
};
