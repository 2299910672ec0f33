/**
 * The API's answers, as the pages use them (the server's schemas: GET /api/openapi.json).
 * Where an answer is a server type as it stands (a pure records or views module), it is
 * imported as a type, never restated: nothing of the server's code reaches the bundle.
 */
import type { MaterialRecord, Reopening, Role, UnitRecord } from '../../../src/records/types.js';
import type { RankingRow, RunSummary } from '../../../src/services/runs/run-views.js';
import type { PageRow, PlacedRow, UnitPlace as ServerUnitPlace } from '../../../src/services/runs/ranking-page.js';
import type { ProgressBoard, ProgressLine, ProgressSortKey } from '../../../src/services/submissions/progress-board.js';

export type { PlacedRow, RankingRow, Reopening, Role, RunSummary };

/** GET …/runs/:run/ranking/page: a page of the ranking (or of a search), each row placed in the whole ranking and given its city. */
export interface RankingPage {
  /** Units of the run the caller sees; `total` of them match the search. */
  units: number;
  total: number;
  offset: number;
  limit: number;
  /** 市州, and how many of them the run's units fall in. */
  groupTitle: string;
  groups: number;
  rows: (PageRow & { group: { code: string; name: string; position: number } })[];
}

/** GET …/progress: a page of the progress board, with the counts by status of all units and the cities they fall in. */
export type ProgressPage = ProgressBoard & { units: number; offset: number; limit: number };
export type { ProgressLine, ProgressSortKey };

/** GET …/runs/:run/units/:unit/place: a unit's neighbours in the ranking and the units it ties with. */
export type UnitPlace = ServerUnitPlace<RankingRow> & { units: number };

/** GET …/runs/:run/groups: a page of a run's ranking by city (or province), each unit with its rank there. */
export interface RunGroups {
  level: 'city' | 'province';
  /** What a group is called: 市州. */
  title: string;
  /** Groups in all; `groups` are those from `offset`. */
  total: number;
  offset: number;
  groups: { code: string; name: string; units: (RankingRow & { groupRank: number; groupTiedWith: string[] })[] }[];
}
export type Unit = UnitRecord;
/** A material as the API lists it (MaterialV1): the stored record. */
export type Material = MaterialRecord;

export interface SessionUser {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  readonly mustChangePassword: boolean;
}

export interface SessionReply {
  readonly user: SessionUser;
  readonly csrfToken: string;
}

export interface Cycle {
  /** "2015" for the province's cycle, "2015-620100" for the one 兰州市 runs: what URLs name. */
  readonly id: string;
  readonly year: number;
  /** The assessing body (a government of the unit tree) and its name. */
  readonly body: string;
  readonly bodyName: string;
  /** The codes of the units it assesses. */
  readonly units: readonly string[];
  readonly rubric: string;
  readonly rubricId: string;
  readonly deadline: string;
  /** Until when units may file their targets (目标备案); absent: until the deadline. */
  readonly targetDeadline?: string;
  /** Whom units ask about the assessment, when the cycle names someone. */
  readonly contact?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly version: number;
}

export type EvidenceValue = number | boolean | string | string[] | null;

export interface SubmissionItem {
  values?: Record<string, EvidenceValue>;
  notApplicable?: boolean;
  selfScore?: number;
  note?: string;
}

export interface Submission {
  readonly year: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly rubric: string;
  readonly state: 'draft' | 'submitted';
  readonly version: number;
  readonly items: Record<string, SubmissionItem>;
  readonly selfTotal?: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
  readonly submittedAt?: string;
  readonly submittedBy?: string;
  readonly reopenings: readonly Reopening[];
  readonly missing: readonly string[];
  readonly materials?: readonly Material[];
}

export interface SubmissionSummary {
  readonly unitCode: string;
  readonly unitName: string;
  readonly state: 'draft' | 'submitted';
  readonly version: number;
  readonly updatedAt?: string;
  readonly submittedAt?: string;
  readonly missing: readonly string[];
  readonly selfTotal?: number;
  readonly reopenings: readonly Reopening[];
}

export interface RubricRecord {
  readonly hash: string;
  readonly rubricId: string;
  readonly rubricVersion: string;
  readonly year: number;
  readonly title: string;
  readonly status: 'draft' | 'published';
  readonly document: Record<string, unknown>;
}

export interface RunUnitResult {
  readonly rank: number;
  readonly code: string;
  readonly name: string;
  readonly total: number;
  readonly grade: string;
  readonly vetoed?: boolean;
  readonly flags?: readonly string[];
  /** Present in results.json v1: each section's points available and earned, bonus and deductions. */
  readonly sections?: readonly { readonly code: string; readonly title: string; readonly max: number; readonly score: number }[];
  readonly bonus?: number;
  readonly deductions?: number;
}

export interface RunResults {
  readonly year: number;
  readonly rubric: { readonly precision: number; readonly total?: number };
  readonly units: readonly RunUnitResult[];
}

/** The examiner's record for one checkpoint, bonus or deduction item or veto. */
export interface ReviewItem {
  values?: Record<string, EvidenceValue>;
  finding?: string;
  adjustment?: { score: number; justification: string; by?: string };
}

export interface Review {
  readonly year: number;
  readonly unit: string;
  readonly version: number;
  readonly items: Record<string, ReviewItem>;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** A filed target's state: filed 待审核, approved 已批准 (frozen), returned 已退回 (with the reason). */
export type TargetState = 'filed' | 'approved' | 'returned';

export interface FiledTarget {
  readonly value: EvidenceValue;
  readonly state: TargetState;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly reason?: string;
}

/** One unit's target filing (目标备案), TargetFilingV1. */
export interface TargetFiling {
  readonly year: number;
  readonly unitCode: string;
  readonly unitName: string;
  /** 0: nothing filed yet. */
  readonly version: number;
  /** Item code → field key → the filed target. */
  readonly targets: Readonly<Record<string, Readonly<Record<string, FiledTarget>>>>;
  /** The rubric's targets not filed yet. */
  readonly unfiled: readonly { readonly item: string; readonly field: string; readonly label: string }[];
  readonly filingDeadline: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}
