/**
 * A unit's filing status on the progress board (填报进度), one rule for the service's
 * board and the browser: 已定稿 once a finalised run exists and the submission stands
 * submitted; 已退回 a draft reopened after submission; 未填报 while nothing was ever saved
 * (version 0), which a board must tell apart from a draft in progress.
 */
import type { Reopening } from './types.js';

export type ProgressStatus = 'empty' | 'draft' | 'submitted' | 'reopened' | 'final';

export const PROGRESS_STATUSES: readonly ProgressStatus[] = ['empty', 'draft', 'submitted', 'reopened', 'final'];

/** What the board sorts by (the API's `sort`, and the browser's address). */
export const PROGRESS_SORT_KEYS = ['unitCode', 'unitName', 'status', 'missing', 'selfTotal', 'updatedAt', 'submittedAt'] as const;
export type ProgressSortKey = (typeof PROGRESS_SORT_KEYS)[number];

export function progressStatus(
  state: 'draft' | 'submitted',
  reopenings: readonly Reopening[] | undefined,
  finalised: boolean,
  version?: number,
): ProgressStatus {
  return lineStatus({ state, reopened: (reopenings?.length ?? 0) > 0, version: version ?? 1 }, finalised);
}

/**
 * What the board keeps of one version of a unit's submission, written with it: a few
 * fields instead of the submission and its items, so that a board of 2,851 units reads
 * 2,851 small documents (services/submissions/progress-lines.ts).
 */
export interface ProgressLineRecord {
  readonly year: number;
  readonly body?: string;
  readonly unitCode: string;
  /** The submission's version this line was made from. */
  readonly version: number;
  readonly state: 'draft' | 'submitted';
  /** Whether the submission was ever reopened. */
  readonly reopened: boolean;
  /** Checkpoints without evidence. */
  readonly missing: number;
  readonly selfTotal?: number;
  readonly updatedAt?: string;
  readonly submittedAt?: string;
}

/** A line's status (progressStatus's rule). */
export function lineStatus(line: Pick<ProgressLineRecord, 'state' | 'reopened' | 'version'>, finalised: boolean): ProgressStatus {
  if (line.state === 'submitted') return finalised ? 'final' : 'submitted';
  if (line.reopened) return 'reopened';
  return line.version === 0 ? 'empty' : 'draft';
}
