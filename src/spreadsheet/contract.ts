/**
 * The evidence template's contract (evidence-template/v1): what the writer puts where
 * and the importer reads back. Pure constants, shared by both sides so that they
 * cannot drift apart.
 *
 * A workbook has three sheets:
 * - 封面 (cover): what the file is for, the unit, year, deadline, the rubric's title,
 *   id, version and hash, how to fill it in. Read by people only.
 * - 证据 (evidence): one row per checkpoint, then one row per evidence field the unit
 *   fills below it (a set field: one row per named item). Column A holds each row's
 *   hidden, protected identifier (ROW_ID); the importer finds rows by it, never by
 *   position or sheet name, so a sorted or renamed sheet still imports.
 * - _kaohe (veryHidden, protected): the file's identity (IDENTITY_KEYS) as key/value
 *   pairs in columns A and B from row 1, so a template for another unit, year or rubric
 *   version is refused by name.
 */

export const TEMPLATE_FORMAT = 'evidence-template/v1';

export const COVER_SHEET = '封面';
export const EVIDENCE_SHEET = '证据';
export const IDENTITY_SHEET = '_kaohe';

/** Row 1 of the evidence sheet: its title; row 2: the column headers; data from row 3. */
export const TITLE_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;

/** Evidence sheet columns, by letter. A is hidden; the input columns are the only unlocked cells. */
export const COLUMNS = {
  rowId: 'A',
  section: 'B',
  indicator: 'C',
  code: 'D',
  /** The checkpoint's title on its row; the field's label (or the set's item) on a field row. */
  title: 'E',
  points: 'F',
  method: 'G',
  materials: 'H',
  /** A field's unit and allowed range, e.g. "% ，0–100". */
  unitAndRange: 'I',
  /** Input: the field's value (field and set-member rows). */
  value: 'J',
  /** Input: 不涉及 (是/否), on a checkpoint row where the rubric allows it. */
  notApplicable: 'K',
  /** Input: 自评分, on a checkpoint row. */
  selfScore: 'L',
  /** Input: 说明, on a checkpoint row. */
  note: 'M',
} as const;

export const HEADERS: Readonly<Record<keyof typeof COLUMNS, string>> = {
  rowId: '标识（勿改）',
  section: '部分',
  indicator: '指标',
  code: '编码',
  title: '考核要点 / 填报项',
  points: '分值',
  method: '评分方法',
  materials: '需提交材料',
  unitAndRange: '单位及范围',
  value: '填报值',
  notApplicable: '不涉及',
  selfScore: '自评分',
  note: '说明',
};

/**
 * Column A's identifier of a row:
 * - `checkpoint|G01.1`            a checkpoint (bonus or deduction item too): K, L, M are its inputs
 * - `field|G01.1|approvalReview`  one field: J is its value
 * - `member|G01.1|lists|权力清单`  one named item of a set field: J is 是 (in the set) or 否
 * - `selfTotal`                   the unit's 自评总分 (evidence `selfTotal`): L is its input; one row, after the items
 * The separator is one that item codes, field keys and set items never contain.
 */
export type RowId =
  | { readonly kind: 'checkpoint'; readonly item: string }
  | { readonly kind: 'field'; readonly item: string; readonly field: string }
  | { readonly kind: 'member'; readonly item: string; readonly field: string; readonly member: string }
  | { readonly kind: 'selfTotal' };

const SEPARATOR = '|';

export function formatRowId(id: RowId): string {
  switch (id.kind) {
    case 'checkpoint':
      return ['checkpoint', id.item].join(SEPARATOR);
    case 'field':
      return ['field', id.item, id.field].join(SEPARATOR);
    case 'member':
      return ['member', id.item, id.field, id.member].join(SEPARATOR);
    case 'selfTotal':
      return 'selfTotal';
  }
}

/** The row's identifier, or null for a row that is not one (a title, a header, a row someone added). */
export function parseRowId(text: string): RowId | null {
  const parts = text.split(SEPARATOR);
  const [kind, item, field, member] = parts;
  if (kind === 'checkpoint' && parts.length === 2 && item) return { kind, item };
  if (kind === 'field' && parts.length === 3 && item && field) return { kind, item, field };
  if (kind === 'member' && parts.length === 4 && item && field && member) return { kind, item, field, member };
  if (kind === 'selfTotal' && parts.length === 1) return { kind };
  return null;
}

/** The identity sheet's keys, in order (column A), with their values in column B. */
export const IDENTITY_KEYS = ['format', 'year', 'unit', 'unitName', 'rubricId', 'rubricVersion', 'rubricHash', 'submissionVersion'] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];
export type TemplateIdentity = Readonly<Record<IdentityKey, string>>;

/**
 * How a draft's values sit in the input cells, so that an exported draft imports back
 * to the same items byte for byte:
 * - an empty input cell is no value (an item with no input at all is not answered);
 * - a set with a value (even an empty one): 是 on each member's row, 否 on the others';
 *   a set without a value: every member's cell empty;
 * - 不涉及: 是 for true, 否 for false, empty when not given;
 * - numbers as numbers, yes/no as 是/否, a choice as its text, a note as its text.
 * An item's values are kept in the draft whenever it has unit-filled fields and is not
 * 不涉及 (an answered item with all its values empty has `values: {}`).
 */

/** What a yes/no cell offers in its list, and what the importer also accepts for each. */
export const YES = '是';
export const NO = '否';
