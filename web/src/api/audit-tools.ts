/** The evaluator's tools: two runs compared, a sampling plan, the audit trail. */
import type { BundleDiff, ItemDiff, UnitDiff } from '../../../src/audit/diff.js';
import type { AuditKind } from '../../../src/audit/audit-actions.js';
import type { AuditEvent } from '../../../src/records/types.js';
import { api } from './client';

const enc = encodeURIComponent;

/** An audit event is sent as it is stored, with its chain hashes. */
export type { BundleDiff, ItemDiff, UnitDiff, AuditKind, AuditEvent };

/** GET …/runs/:run/sample: the drawn checkpoints, as the CSV's columns and rows (text). */
export interface SamplePlan {
  readonly year: number;
  readonly runId: string;
  readonly runStatus: 'draft' | 'final';
  readonly size: number;
  readonly seed: string;
  readonly population: number;
  readonly units: number;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface AuditQuery {
  readonly unit?: string;
  readonly actor?: string;
  readonly kind?: AuditKind;
  readonly after?: number;
  readonly limit?: number;
}

function queryString(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** GET …/compare/:other/page: one page of the comparison's units, with the counts over all of them. */
export type ComparePage = BundleDiff & {
  readonly counts: {
    readonly units: number;
    readonly changed: number;
    readonly rankUp: number;
    readonly rankDown: number;
    readonly gradeChanged: number;
    readonly added: number;
    readonly removed: number;
  };
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
};

export interface ComparePageQuery {
  readonly offset: number;
  readonly limit: number;
  readonly q?: string;
  readonly changed?: boolean;
}

export const auditToolsApi = {
  compare: (cycle: string, a: string, b: string) => api.get<BundleDiff>(`/cycles/${cycle}/runs/${enc(a)}/compare/${enc(b)}`),
  comparePage: (cycle: string, a: string, b: string, query: ComparePageQuery) =>
    api.get<ComparePage>(
      `/cycles/${cycle}/runs/${enc(a)}/compare/${enc(b)}/page${queryString({ offset: query.offset, limit: query.limit, q: query.q, changed: query.changed ? 'true' : undefined })}`,
    ),
  sample: (cycle: string, run: string, size: string, seed: string) =>
    api.get<SamplePlan>(`/cycles/${cycle}/runs/${enc(run)}/sample${queryString({ size, seed })}`),
  /** The plan's CSV file (an attachment), for a download link. */
  sampleCsvUrl: (cycle: string, run: string, size: string, seed: string) => `/api/cycles/${cycle}/runs/${enc(run)}/sample.csv${queryString({ size, seed })}`,
  events: (query: AuditQuery) => api.get<AuditEvent[]>(`/audit/events${queryString({ ...query })}`),
};
