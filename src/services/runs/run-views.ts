/**
 * What readers of a run see: its summary (without the stored texts), the ranking
 * table, and a city's view of finalised results, which shows its own unit only.
 */
import type { ResultsV1 } from '../../core/index.js';
import type { RunRecord } from '../../records/index.js';

export interface RunSummary {
  readonly runId: string;
  readonly year: number;
  /** The assessing body when the cycle is not the tree root's. */
  readonly body?: string;
  readonly seq: number;
  readonly status: 'draft' | 'final';
  readonly version: number;
  readonly rubricHash: string;
  readonly engineVersion: string;
  readonly inputsHash: string;
  readonly resultsHash: string;
  readonly previousRun?: string;
  readonly previousInputsHash?: string;
  readonly previousMissing?: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly finalizedAt?: string;
  readonly finalizedBy?: string;
}

export function summaryOf(run: Omit<RunRecord, 'inputs' | 'results'> & Partial<Pick<RunRecord, 'inputs' | 'results'>>): RunSummary {
  const { inputs: _inputs, results: _results, ...summary } = run;
  return summary;
}

/** The cycle's latest finalised run (the highest seq): what is published, compared with and exported by default. */
export function latestFinal<R extends Pick<RunRecord, 'status' | 'seq'>>(runs: readonly R[]): R | undefined {
  return runs.reduce<R | undefined>((latest, r) => (r.status === 'final' && (latest === undefined || r.seq > latest.seq) ? r : latest), undefined);
}

export interface RankingRow {
  readonly rank: number;
  readonly code: string;
  readonly name: string;
  readonly total: number;
  readonly grade: string;
  readonly vetoed: boolean;
  readonly flags: { readonly code: string; readonly label: string; readonly obligation?: string }[];
}

export function rankingOf(results: ResultsV1): RankingRow[] {
  return results.units.map((u) => ({ rank: u.rank, code: u.code, name: u.name, total: u.total, grade: u.grade, vetoed: u.vetoed, flags: u.flags }));
}

/**
 * A city's view: its own unit's result and rank. Counts stay (its rank is read
 * against them, and a bulletin publishes them), but no other unit's code, score or
 * result: those are sent to each unit separately (DESIGN.md, the internal bulletin).
 */
export function cityView(results: ResultsV1, unitCode: string): ResultsV1 {
  const own = (codes: readonly string[]) => codes.filter((c) => c === unitCode);
  return {
    ...results,
    summary: {
      units: results.summary.units,
      grades: results.summary.grades.map((g) => ({ ...g, units: own(g.units) })),
      vetoed: own(results.summary.vetoed),
      ties: results.summary.ties.filter((t) => t.includes(unitCode)),
      flags: results.summary.flags.map((f) => ({ ...f, units: own(f.units) })),
    },
    units: results.units.filter((u) => u.code === unitCode),
  };
}
