/**
 * The examiners' field sheet's contract (review-sheet/v1): what the writer puts where
 * and the importer reads back. Pure constants, shared by both sides so that they
 * cannot drift apart (the evidence template's twin: src/spreadsheet/contract.ts).
 *
 * A workbook holds, for one year and a set of units:
 * - 封面 (cover): what the file is for, the year, the rubric, the units it covers, how
 *   to fill it in. Read by people only.
 * - one sheet per unit, named after the unit (unique, valid for Excel and WPS). Cell
 *   A1 (column A is hidden and protected) holds the sheet's unit (`unit|620100`), so a
 *   renamed sheet still imports; from FIRST_DATA_ROW one row per checkpoint, then one
 *   row per field (a set field: one per named item), each with its hidden identifier in
 *   column A (the evidence template's row ids, contract.ts formatRowId). The unit's
 *   submitted values and self-scores are read-only; the examiner's columns are the
 *   only unlocked cells.
 * - _kaohe (veryHidden, protected): the file's identity as key/value pairs in columns
 *   A and B from row 1: the format, year and rubric, then per unit the submission and
 *   review versions read at export (`submissionVersion|620100`, `reviewVersion|620100`),
 *   so that an import writes each unit's review against what its examiner saw.
 */
export { formatRowId, parseRowId, type RowId, YES, NO } from './contract.js';

export const REVIEW_SHEET_FORMAT = 'review-sheet/v1';

export const REVIEW_COVER_SHEET = '封面';
export const REVIEW_IDENTITY_SHEET = '_kaohe';

/** Row 1 of a unit's sheet: its title (A1 holds the unit's marker); row 2: the headers; data from row 3. */
export const REVIEW_TITLE_ROW = 1;
export const REVIEW_HEADER_ROW = 2;
export const REVIEW_FIRST_DATA_ROW = 3;

/** A unit's sheet columns, by letter. A is hidden; H–K are the examiner's inputs, the only unlocked cells. */
export const REVIEW_COLUMNS = {
  rowId: 'A',
  code: 'B',
  /** The checkpoint's title on its row; the field's label (or the set's item) on a field row. */
  title: 'C',
  points: 'D',
  method: 'E',
  /** Read-only: the unit's submitted value (field rows), 不涉及 on a checkpoint row when declared. */
  submitted: 'F',
  /** Read-only: the unit's 自评分 (checkpoint rows). */
  selfScore: 'G',
  /** Input: the verified value (field and set-member rows); empty means the submitted value stands. */
  verified: 'H',
  /** Input: 核查发现 (checkpoint rows). */
  finding: 'I',
  /** Input: 调整分, the score the examiners give instead (checkpoint rows). */
  adjustment: 'J',
  /** Input: 调整理由, required with 调整分. */
  justification: 'K',
} as const;

export type ReviewColumn = keyof typeof REVIEW_COLUMNS;

export const REVIEW_HEADERS: Readonly<Record<ReviewColumn, string>> = {
  rowId: '标识（勿改）',
  code: '编码',
  title: '考核要点 / 填报项',
  points: '分值',
  method: '评分方法',
  submitted: '单位填报值',
  selfScore: '自评分',
  verified: '核定值',
  finding: '核查发现',
  adjustment: '调整分',
  justification: '调整理由',
};

/** Cell A1 of a unit's sheet: which unit the sheet is for. */
const UNIT_MARKER = 'unit|';
export const unitMarker = (unitCode: string): string => `${UNIT_MARKER}${unitCode}`;
export function parseUnitMarker(text: string): string | null {
  if (!text.startsWith(UNIT_MARKER)) return null;
  const code = text.slice(UNIT_MARKER.length);
  return code === '' || code.includes('|') ? null : code;
}

/** The identity sheet's fixed keys, in order (column A), with their values in column B. */
export const REVIEW_IDENTITY_KEYS = ['format', 'year', 'rubricId', 'rubricVersion', 'rubricHash', 'units'] as const;
export type ReviewIdentityKey = (typeof REVIEW_IDENTITY_KEYS)[number];

/** The units' codes in the identity's `units` value, in sheet order. */
export const UNITS_SEPARATOR = ',';

/** Per-unit identity keys, after the fixed ones, one pair per unit in sheet order. */
export const submissionVersionKey = (unitCode: string): string => `submissionVersion|${unitCode}`;
export const reviewVersionKey = (unitCode: string): string => `reviewVersion|${unitCode}`;

export interface ReviewSheetIdentity {
  readonly format: string;
  readonly year: string;
  readonly rubricId: string;
  readonly rubricVersion: string;
  readonly rubricHash: string;
  /** Per unit, in sheet order: the versions read at export (0: no review stored yet). */
  readonly units: readonly { readonly code: string; readonly submissionVersion: number; readonly reviewVersion: number }[];
}

/**
 * How a review's values sit in the examiner's cells, so that an exported review imports
 * back unchanged:
 * - 核定值: the review's value of a field, empty when the review has none (the submitted
 *   value stands, or an examiner-filled field is not yet given); a set: 是/否 on each
 *   member's row when the review has it, all empty otherwise;
 * - 核查发现: the review's finding, empty when none;
 * - 调整分 and 调整理由: the adjustment's score and justification, both empty when none; a
 *   score without a justification (or the other way round) is refused at its cell.
 */
