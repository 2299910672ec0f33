/** A run's full results (every item with its trace), the evaluators' notes, the audit bundle: what the evaluator's pages and the city's scorecard read. */
import type { ResultsV1 } from '../../../src/core/index.js';
import type { NoteRecord } from '../../../src/records/types.js';
import { api } from './client';

const enc = encodeURIComponent;

export type { ResultsV1 };
export type UnitResult = ResultsV1['units'][number];
export type ItemResult = UnitResult['items'][number];
export type VetoResult = UnitResult['vetoes'][number];

/** A note as the API returns it: the stored record itself (GET …/notes). */
export type Note = NoteRecord;
export type Verdict = Note['verdict'];

export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = { agree: '同意', disagree: '不同意' };

/** Where a card's notes are written (the run's cycle, unit and run), and whether the reader may write one. */
export interface NotePlace {
  readonly cycle: string;
  readonly unit: string;
  readonly runId: string;
  readonly canNote: boolean;
}

export interface NoteInput {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly itemCode?: string;
  readonly runId?: string;
}

export const resultsApi = {
  /** results.json v1 of a run: every unit, item and veto with its trace. */
  get: (cycle: string, run: string) => api.get<ResultsV1>(`/cycles/${cycle}/runs/${enc(run)}`),
  /** One unit's entry of the run's results, read alone (a run's results are sent 100 units a page). */
  unit: (cycle: string, run: string, unit: string) => api.get<ResultsV1['units'][number]>(`/cycles/${cycle}/runs/${enc(run)}/units/${enc(unit)}`),
  /** The run's audit bundle (bundle/v1), served as an attachment: for a download link. */
  bundleUrl: (cycle: string, run: string) => `/api/cycles/${cycle}/runs/${enc(run)}/bundle`,
};

export const notesApi = {
  list: (cycle: string, unit?: string) => api.get<Note[]>(`/cycles/${cycle}/notes${unit ? `?unit=${enc(unit)}` : ''}`),
  add: (cycle: string, unit: string, input: NoteInput) => api.post<Note>(`/cycles/${cycle}/units/${enc(unit)}/notes`, input),
};
