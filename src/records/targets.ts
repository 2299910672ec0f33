/**
 * Target filing (目标备案): at the start of the year each unit files its targets for
 * the fields the rubric declares `"filledBy": "target"`, and the examiner approves or
 * returns each with a reason. One record per unit and year, versioned like a
 * submission; an approved target is frozen.
 */
import type { Versioned } from './types.js';

/** A target as evidence holds a value (checked against the field's declaration). */
export type TargetValue = number | boolean | string | readonly string[];

export type TargetState = 'filed' | 'approved' | 'returned';

/** One target of one unit: its value, where it stands, and who filed and decided it when. */
export interface FiledTarget {
  readonly value: TargetValue;
  readonly state: TargetState;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** Why it was returned (required then). */
  readonly reason?: string;
}

/** Item code → field key → target. */
export type FiledTargets = Readonly<Record<string, Readonly<Record<string, FiledTarget>>>>;

export interface TargetFilingRecord extends Versioned {
  readonly year: number;
  readonly unitCode: string;
  /** JSON text of the targets (FiledTargets): keys from the rubric are never read as database paths. */
  readonly targets: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
