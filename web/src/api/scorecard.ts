/** What the city's scorecard page reads: a finalised run's results (a city gets its own unit only) and the evaluator's notes about it. */
import { api } from './client';
import type { ResultsV1 } from '../../../src/core/index.js';

export type { ResultsV1 };
export type UnitResult = ResultsV1['units'][number];

export interface Note {
  readonly id: string;
  readonly year: number;
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly runId?: string;
  readonly verdict: 'agree' | 'disagree';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

const enc = encodeURIComponent;

export const scorecardApi = {
  results: (year: number, runId: string) => api.get<ResultsV1>(`/cycles/${year}/runs/${enc(runId)}`),
  notes: (year: number, unit: string) => api.get<Note[]>(`/cycles/${year}/notes?unit=${enc(unit)}`),
};
