/**
 * The examiners' field sheet (review-sheet/v1) for one year and a set of units, as a
 * WorkbookLayout laid out as src/spreadsheet/review-contract.ts says: a cover, one
 * sheet per unit with its submitted values and self-scores read-only beside the
 * examiner's columns (pre-filled with the unit's current review), and the identity
 * sheet with the versions read at export.
 */
import { toNumber } from '../core/exact/index.js';
import type { Field, Item, Rubric } from '../core/rubric/model.js';
import type { FiledTargets, ReviewItem, ReviewItems, UnitItem } from '../records/index.js';
import {
  NO,
  REVIEW_COLUMNS,
  REVIEW_COVER_SHEET,
  REVIEW_FIRST_DATA_ROW,
  REVIEW_HEADER_ROW,
  REVIEW_HEADERS,
  REVIEW_IDENTITY_SHEET,
  REVIEW_SHEET_FORMAT,
  REVIEW_TITLE_ROW,
  type ReviewColumn,
  type ReviewSheetIdentity,
  type RowId,
  UNITS_SEPARATOR,
  YES,
  formatRowId,
  reviewVersionKey,
  submissionVersionKey,
  unitMarker,
} from './review-contract.js';
import { unitSheetNames } from './review-sheet-names.js';
import { NOTE_MAX, fieldInput, memberInput } from './template-inputs.js';
import { beijingTime } from './beijing-time.js';
import type { LayoutCell, LayoutSheet, LayoutValue, WorkbookLayout } from './workbook-layout.js';
import { filedTarget, targetText } from './target-cells.js';

export interface ReviewSheetUnit {
  readonly unit: { readonly code: string; readonly name: string };
  /** The unit's submission as stored (version 0 and no items when it has none). */
  readonly submission: { readonly items: Readonly<Record<string, UnitItem>>; readonly version: number; readonly submitted: boolean };
  /** The unit's review as stored (version 0 and no items when none was saved). */
  readonly review: { readonly items: ReviewItems; readonly version: number };
  /** The unit's target filing (目标备案), for the rubric's target fields; absent: none filed. */
  readonly targets?: FiledTargets;
}

export interface ReviewSheetInput {
  readonly rubric: Rubric;
  readonly cycle: { readonly year: number; readonly deadline: string };
  readonly units: readonly ReviewSheetUnit[];
  readonly contact: string;
}

const PROMPT_MAX = 255;
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const LAST_COLUMN = REVIEW_COLUMNS.justification;

const WIDTHS: Readonly<Record<ReviewColumn, number>> = {
  rowId: 24,
  code: 8,
  title: 34,
  points: 6,
  method: 40,
  submitted: 18,
  selfScore: 8,
  verified: 18,
  finding: 32,
  adjustment: 8,
  justification: 28,
};

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (hasOwn(record, key) ? record[key] : undefined);
const valueOf = (values: Readonly<Record<string, unknown>> | undefined, key: string): unknown => (values === undefined ? undefined : own(values, key));

export const reviewSheetTitle = (year: number): string => `${year}年度质量工作考核实地核查表`;

/** How a submitted value reads in its read-only cell. */
function shown(value: unknown): LayoutValue {
  if (value === true) return YES;
  if (value === false) return NO;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return null;
}

function textInput(value: unknown, prompt: string, error: string): LayoutCell {
  return {
    value: typeof value === 'string' ? value : null,
    style: 'input',
    unlocked: true,
    validation: { kind: 'textLength', max: NOTE_MAX, prompt: clip(prompt, PROMPT_MAX), error },
  };
}

function adjustmentInput(item: Item, precision: number, score: number | undefined): LayoutCell {
  const cap = toNumber(item.cap);
  const places = precision > 0 ? `，最多 ${precision} 位小数` : '，整数';
  return {
    value: score ?? null,
    style: 'inputNumber',
    unlocked: true,
    validation: {
      kind: 'decimal',
      min: 0,
      max: cap,
      prompt: clip(`${item.code} 的调整分（选填）：考核组核定的得分，0–${cap} 分${places}；填写调整分必须同时填写调整理由。`, PROMPT_MAX),
      error: `调整分应在 0–${cap} 分之间。`,
    },
  };
}

/** Builds one unit's sheet rows one after another. */
class UnitRows {
  readonly cells: Record<string, LayoutCell> = {};
  readonly merges: string[] = [];
  private row = REVIEW_FIRST_DATA_ROW;

  constructor(
    private readonly rubric: Rubric,
    private readonly unit: ReviewSheetUnit,
  ) {}

  private set(column: ReviewColumn, cell: LayoutCell): void {
    this.cells[`${REVIEW_COLUMNS[column]}${this.row}`] = cell;
  }

  private id(id: RowId): void {
    this.set('rowId', { value: formatRowId(id), style: 'identifier' });
  }

  heading(text: string): void {
    this.set('code', { value: text, style: 'section' });
    this.merges.push(`${REVIEW_COLUMNS.code}${this.row}:${LAST_COLUMN}${this.row}`);
    this.row++;
  }

  item(item: Item): void {
    const submitted = own(this.unit.submission.items, item.code) ?? {};
    const review: ReviewItem = own(this.unit.review.items, item.code) ?? {};
    this.id({ kind: 'checkpoint', item: item.code });
    this.set('code', { value: item.code, style: 'checkpoint' });
    this.set('title', { value: item.title, style: 'checkpoint' });
    this.set('points', { value: toNumber(item.points), style: 'checkpoint' });
    this.set('method', { value: item.method, style: 'wrap' });
    this.set('submitted', { value: submitted.notApplicable === true ? '申报不涉及' : null, style: 'checkpoint' });
    this.set('selfScore', { value: typeof submitted.selfScore === 'number' ? submitted.selfScore : null, style: 'number' });
    this.set('verified', { value: null, style: 'checkpoint' });
    this.set(
      'finding',
      textInput(review.finding, `${item.code} 的核查发现（选填）：实地核查看到的情况，不超过 ${NOTE_MAX} 字。`, `核查发现不能超过 ${NOTE_MAX} 字。`),
    );
    this.set('adjustment', adjustmentInput(item, this.rubric.precision, review.adjustment?.score));
    this.set(
      'justification',
      textInput(
        review.adjustment?.justification,
        `${item.code} 的调整理由：填写了调整分的必须写明理由，不超过 ${NOTE_MAX} 字。`,
        `调整理由不能超过 ${NOTE_MAX} 字。`,
      ),
    );
    this.row++;
    // Targets are decided in target filing (目标备案), not verified on site: a read-only row says what the value is compared with.
    for (const field of item.fields) if (field.filledBy === 'target') this.target(item.code, field);
    for (const field of item.fields) if (field.filledBy !== 'target') this.field(item.code, field, submitted.values, review.values);
  }

  /** A target's read-only row: no identifier (the importer passes it by), the approved target (or 未备案) where a submitted value would be. */
  private target(code: string, field: Field): void {
    this.fieldText(code, `${field.label}${field.unit === undefined ? '' : `（${field.unit}）`}`);
    this.set('submitted', { value: targetText(field, filedTarget(this.unit.targets, code, field.key)), style: 'wrap' });
    this.set('verified', { value: null, style: 'text' });
    this.row++;
  }

  /** A veto's fields (the examiners decide them): under a heading, no score, finding or adjustment. */
  veto(code: string, title: string, fields: readonly Field[]): void {
    if (fields.length === 0) return;
    this.heading(`否决项 ${code} ${title}`);
    const submitted = own(this.unit.submission.items, code) ?? {};
    const review: ReviewItem = own(this.unit.review.items, code) ?? {};
    for (const field of fields) this.field(code, field, submitted.values, review.values);
  }

  private field(code: string, field: Field, submittedValues: UnitItem['values'], reviewValues: ReviewItem['values']): void {
    const submitted = field.filledBy === 'unit' ? valueOf(submittedValues, field.key) : undefined;
    const verified = valueOf(reviewValues, field.key);
    const whose = field.filledBy === 'examiner' ? '（考核组填）' : '';
    if (field.type === 'set') {
      for (const member of field.values ?? []) {
        this.id({ kind: 'member', item: code, field: field.key, member });
        this.fieldText(code, `${field.label}：${member}${whose}`);
        this.set('submitted', { value: Array.isArray(submitted) ? (submitted.includes(member) ? YES : NO) : null, style: 'text' });
        this.set('verified', memberInput(field, member, verified));
        this.row++;
      }
      return;
    }
    this.id({ kind: 'field', item: code, field: field.key });
    this.fieldText(code, `${field.label}${field.unit === undefined ? '' : `（${field.unit}）`}${whose}`);
    this.set('submitted', { value: shown(submitted), style: typeof submitted === 'number' ? 'number' : 'text' });
    this.set('verified', fieldInput(field, verified));
    this.row++;
  }

  private fieldText(code: string, label: string): void {
    for (const column of ['points', 'method', 'selfScore', 'finding', 'adjustment', 'justification'] as const) this.set(column, { value: null, style: 'text' });
    this.set('code', { value: code, style: 'text' });
    this.set('title', { value: label, style: 'wrap' });
  }
}

function unitSheet(input: ReviewSheetInput, unit: ReviewSheetUnit, name: string): LayoutSheet {
  const { rubric } = input;
  const rows = new UnitRows(rubric, unit);
  for (const section of rubric.sections) {
    rows.heading(`${section.code} ${section.title}（${toNumber(section.points)} 分）`);
    for (const indicator of section.indicators) for (const item of indicator.items) rows.item(item);
  }
  if (rubric.bonus) {
    rows.heading(`${rubric.bonus.title}（最多加 ${toNumber(rubric.bonus.cap)} 分）`);
    for (const item of rubric.bonus.items) rows.item(item);
  }
  if (rubric.deductions) {
    rows.heading(rubric.deductions.title);
    for (const item of rubric.deductions.items) rows.item(item);
  }
  for (const veto of rubric.vetoes) rows.veto(veto.code, veto.title, veto.fields);

  const state = unit.submission.submitted ? `已提交第 ${unit.submission.version} 版` : '尚未提交';
  const cells: Record<string, LayoutCell> = {
    [`${REVIEW_COLUMNS.rowId}${REVIEW_TITLE_ROW}`]: { value: unitMarker(unit.unit.code), style: 'identifier' },
    [`${REVIEW_COLUMNS.code}${REVIEW_TITLE_ROW}`]: {
      value: `${unit.unit.name}（${unit.unit.code}）${input.cycle.year}年度实地核查（${state}；黄色单元格由考核组填写）`,
      style: 'title',
    },
    ...rows.cells,
  };
  const columns: Record<string, { width: number; hidden?: boolean }> = {};
  for (const key of Object.keys(REVIEW_COLUMNS) as ReviewColumn[]) {
    cells[`${REVIEW_COLUMNS[key]}${REVIEW_HEADER_ROW}`] = { value: REVIEW_HEADERS[key], style: 'header' };
    columns[REVIEW_COLUMNS[key]] = { width: WIDTHS[key], ...(key === 'rowId' ? { hidden: true } : {}) };
  }
  return {
    name,
    state: 'visible',
    columns,
    cells,
    merges: [`${REVIEW_COLUMNS.code}${REVIEW_TITLE_ROW}:${LAST_COLUMN}${REVIEW_TITLE_ROW}`, ...rows.merges],
    frozenRows: REVIEW_HEADER_ROW,
    protected: true,
  };
}

function coverSheet(input: ReviewSheetInput, names: readonly string[]): LayoutSheet {
  const cells: Record<string, LayoutCell> = {};
  let row = 3;
  const put = (label: string, value: string, style: LayoutCell['style'] = 'text') => {
    cells[`A${row}`] = { value: label, style: 'header' };
    cells[`B${row}`] = { value, style };
    row++;
  };
  cells.A1 = { value: reviewSheetTitle(input.cycle.year), style: 'title' };
  put('考核年度', `${input.cycle.year}年度`);
  put('考核细则', input.rubric.title, 'wrap');
  put('细则标识', input.rubric.id);
  put('细则版本', input.rubric.version);
  put('内容哈希', input.rubric.hash);
  put('提交截止时间', beijingTime(input.cycle.deadline));
  put('被考核单位', input.units.map((u, i) => `${u.unit.name}（${u.unit.code}，工作表“${names[i]}”）`).join('；'), 'wrap');
  row++;
  const heading = row;
  cells[`A${row++}`] = { value: '填写说明', style: 'section' };
  [
    '本文件供考核组实地核查使用，每个被考核单位一张工作表，可以离线填写，填好后导入考核系统。',
    `“${REVIEW_HEADERS.submitted}”和“${REVIEW_HEADERS.selfScore}”是单位提交的内容，受保护，不能修改；只有黄色单元格（${REVIEW_HEADERS.verified}、${REVIEW_HEADERS.finding}、${REVIEW_HEADERS.adjustment}、${REVIEW_HEADERS.justification}）由考核组填写。`,
    `“${REVIEW_HEADERS.verified}”留空表示认可单位填报值；标有“考核组填”的项目和否决项由考核组核定。多选项每个选项占一行，具备的填“${YES}”，不具备的填“${NO}”。`,
    `填写“${REVIEW_HEADERS.adjustment}”（考核组核定的该要点得分）时必须同时填写“${REVIEW_HEADERS.justification}”。`,
    ...(input.rubric.allItems.some((item) => item.fields.some((f) => f.filledBy === 'target'))
      ? [
          `目标值（标有“（已备案）”的行）取自各单位的目标备案，“${REVIEW_HEADERS.submitted}”一列写明目标值及备案、批准情况；评分时实际值与经批准的目标比较。目标不在实地核查中核定，导入时也不读取，请在考核系统的“目标审核”中批准或退回。`,
        ]
      : []),
    '表中已预填各单位当前的审核记录。导入时逐个单位保存：导出后单位材料或审核记录已有变动的单位不会导入，系统会列出这些单位，其他单位照常导入。',
    '请勿修改隐藏的 A 列，不要增删工作表；保存为 .xlsx 格式（Excel、WPS 表格均可）。',
  ].forEach((text, i) => put(String(i + 1), text, 'wrap'));
  row++;
  put('联系方式', input.contact, 'wrap');
  return {
    name: REVIEW_COVER_SHEET,
    state: 'visible',
    columns: { A: { width: 14 }, B: { width: 90 } },
    cells,
    merges: ['A1:B1', `A${heading}:B${heading}`],
    protected: true,
  };
}

export function reviewSheetIdentity(input: ReviewSheetInput): ReviewSheetIdentity {
  return {
    format: REVIEW_SHEET_FORMAT,
    year: String(input.cycle.year),
    rubricId: input.rubric.id,
    rubricVersion: input.rubric.version,
    rubricHash: input.rubric.hash,
    units: input.units.map((u) => ({ code: u.unit.code, submissionVersion: u.submission.version, reviewVersion: u.review.version })),
  };
}

function identitySheet(identity: ReviewSheetIdentity): LayoutSheet {
  const pairs: [string, string][] = [
    ['format', identity.format],
    ['year', identity.year],
    ['rubricId', identity.rubricId],
    ['rubricVersion', identity.rubricVersion],
    ['rubricHash', identity.rubricHash],
    ['units', identity.units.map((u) => u.code).join(UNITS_SEPARATOR)],
  ];
  for (const u of identity.units) {
    pairs.push([submissionVersionKey(u.code), String(u.submissionVersion)]);
    pairs.push([reviewVersionKey(u.code), String(u.reviewVersion)]);
  }
  const cells: Record<string, LayoutCell> = {};
  pairs.forEach(([key, value], i) => {
    cells[`A${i + 1}`] = { value: key, style: 'identifier' };
    cells[`B${i + 1}`] = { value, style: 'identifier' };
  });
  return { name: REVIEW_IDENTITY_SHEET, state: 'veryHidden', columns: { A: { width: 24 }, B: { width: 80 } }, cells, protected: true };
}

export function reviewSheet(input: ReviewSheetInput): WorkbookLayout {
  const names = unitSheetNames(
    input.units.map((u) => u.unit),
    [REVIEW_COVER_SHEET, REVIEW_IDENTITY_SHEET],
  );
  return {
    title: reviewSheetTitle(input.cycle.year),
    // The cycle's deadline, never the clock: the same reviews give the same bytes.
    date: input.cycle.deadline,
    sheets: [coverSheet(input, names), ...input.units.map((u, i) => unitSheet(input, u, names[i] as string)), identitySheet(reviewSheetIdentity(input))],
  };
}
