/**
 * A unit's filing status on the progress board (填报进度), one rule for the service's
 * board and the browser: 已定稿 once a finalised run exists and the submission stands
 * submitted; 已退回 a draft reopened after submission; 未填报 while nothing was ever saved
 * (version 0), which a board must tell apart from a draft in progress.
 */
import type { Reopening } from './types.js';

export type ProgressStatus = 'empty' | 'draft' | 'submitted' | 'reopened' | 'final';

export const PROGRESS_STATUSES: readonly ProgressStatus[] = ['empty', 'draft', 'submitted', 'reopened', 'final'];

export function progressStatus(
  state: 'draft' | 'submitted',
  reopenings: readonly Reopening[] | undefined,
  finalised: boolean,
  version?: number,
): ProgressStatus {
  if (state === 'submitted') return finalised ? 'final' : 'submitted';
  if ((reopenings?.length ?? 0) > 0) return 'reopened';
  return version === 0 ? 'empty' : 'draft';
}
