/** An uncertainty analysis of a run as the API shows it (types only, so that the browser reads them without the service). */
import type { UncertaintySpec } from '../../analysis/uncertainty/spec.js';
import type { UncertaintyView } from './uncertainty-view.js';

export type AnalysisState = 'running' | 'done' | 'failed';

/** An analysis as the API shows it. */
export interface AnalysisStatus {
  readonly id: string;
  readonly runId: string;
  readonly state: AnalysisState;
  readonly spec: UncertaintySpec;
  readonly units: number;
  readonly method: 'exact' | 'sample';
  readonly scenarios: number;
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Seconds since it started (running), or that it took. */
  readonly seconds: number;
  /** Why it failed, in Chinese. */
  readonly message?: string;
  readonly workbook: boolean;
  readonly result?: UncertaintyView;
}
