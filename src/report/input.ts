/**
 * What every report is made from: the results an auditor receives (results.json), the
 * previous year's results when there are any (for changes in rank and score), and the
 * rubric the results name (for titles, methods and field labels). Nothing in a report
 * is computed that these do not contain or that cannot be traced back to them.
 */
import type { UncertaintyFileV1 } from '../analysis/index.js';
import type { ResultsV1, Rubric } from '../core/index.js';
import type { UnitGroups } from './groups.js';

/** A third-party evaluator's note on a unit (or one of its checkpoints): shown on its scorecard, never scored. */
export interface EvaluatorNote {
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly verdict: 'agree' | 'disagree';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface ReportInput {
  readonly results: ResultsV1;
  /** The previous year's results on a rubric of the same shape, if any. */
  readonly previous?: ResultsV1;
  /** The rubric whose hash results.rubric.hash names (checked by whoever builds the input). */
  readonly rubric?: Rubric;
  /** Evaluators' notes, oldest first (from the service); absent for reports made from files. */
  readonly notes?: readonly EvaluatorNote[];
  /** Each unit's group (its city, for counties), when the ranking is also given within groups. */
  readonly groups?: UnitGroups;
  /**
   * How sure each rank is (uncertainty/v1, from an analysis of these same results): the
   * internal bulletin gains its section and the workbook its sheets. Absent, every report
   * is as without the analysis, byte for byte.
   */
  readonly uncertainty?: UncertaintyFileV1;
}
