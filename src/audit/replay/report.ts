/** What `kaohe audit replay` reports: every problem found in a bundle, each naming where it is. */

export interface ReplayProblem {
  /** The bundle part it is in, by bundleParts()'s name: 'units/620100/evidence', 'results', 'rubric', 'audit', 'run', 'notes', 'manifest'. */
  readonly part: string;
  /**
   * What was checked: 'schema', 'part-hash', 'rubric-hash', 'evidence-hash', 'units', 'year', 'run-hash',
   * 'chain', 'record-hash', 'rubric', 'merge', 'evidence', 'recompute', 'score', 'second-evaluator'.
   */
  readonly kind: string;
  /** In Simplified Chinese: what is wrong and where. */
  readonly message: string;
  readonly unitCode?: string;
  /** A checkpoint, bonus, deduction or veto code; or a results field of the unit ('total', 'grade', 'rank', …) as `field`. */
  readonly itemCode?: string;
  /** The results field compared, e.g. 'score', 'total', 'grade', 'rank'. */
  readonly field?: string;
  /** The value the bundle holds (text as written, never a float artefact). */
  readonly bundleValue?: string;
  /** The value replay computed from the bundle's own inputs. */
  readonly recomputedValue?: string;
  /** The audit entry, for 'chain' and 'record-hash'. */
  readonly seq?: number;
}

export interface ReplayReport {
  readonly ok: boolean;
  readonly problems: readonly ReplayProblem[];
  /** Units in the bundle. */
  readonly units: number;
  /** Item results (checkpoints, bonus and deduction items) recomputed and compared. */
  readonly checkpoints: number;
  readonly secondEvaluator: { readonly checkpoints: number; readonly disagreements: number };
}
