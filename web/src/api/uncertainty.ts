/** How sure a run's ranking is: start an analysis, follow it, download its files (src/api/routes/run-uncertainty.ts). */
import type { AnalysisStatus } from '../../../src/services/analysis/analysis-status.js';
import type { UncertaintyView } from '../../../src/services/analysis/uncertainty-view.js';
import { api } from './client';

export type { AnalysisStatus, UncertaintyView };
export type UncertaintyUnit = UncertaintyView['units'][number];

const enc = encodeURIComponent;
const base = (cycle: string, run: string) => `/cycles/${cycle}/runs/${enc(run)}/uncertainty`;

export const uncertaintyApi = {
  /** Starts an analysis with the spec (uncertainty-spec/v1), or answers with the same spec's analysis; 429 while another runs. */
  start: (cycle: string, run: string, spec: unknown) => api.post<AnalysisStatus>(base(cycle, run), spec),
  /** The run's last analysis on this server, or null. */
  latest: (cycle: string, run: string) => api.get<AnalysisStatus | null>(base(cycle, run)),
  get: (cycle: string, run: string, id: string) => api.get<AnalysisStatus>(`${base(cycle, run)}/${enc(id)}`),
  fileUrl: (cycle: string, run: string, id: string, kind: 'json' | 'xlsx') => `/api${base(cycle, run)}/${enc(id)}/uncertainty.${kind}`,
};
