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

/** Where a card's notes are written (the run's year, unit and run), and whether the reader may write one. */
export interface NotePlace {
  readonly year: number;
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
  get: (year: number, run: string) => api.get<ResultsV1>(`/cycles/${year}/runs/${enc(run)}`),
  /** The run's audit bundle (bundle/v1), served as an attachment: for a download link. */
  bundleUrl: (year: number, run: string) => `/api/cycles/${year}/runs/${enc(run)}/bundle`,
};

export const notesApi = {
  list: (year: number, unit?: string) => api.get<Note[]>(`/cycles/${year}/notes${unit ? `?unit=${enc(unit)}` : ''}`),
  add: (year: number, unit: string, input: NoteInput) => api.post<Note>(`/cycles/${year}/units/${enc(unit)}/notes`, input),
};
